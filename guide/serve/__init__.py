"""The live preview: rebuild what a saved file affects (``preview``) and serve the
page on 127.0.0.1 with a reload script (``server``, ``preview.js``).
"""
