"""Bundled and organisation content, read safely: the catalogues, chapters and Learn
includes, YAML with positions, validation messages, the confinement of every path and read
(``confine``) and the checks every image gets (``images``). Hands on plain data and
``Chapter`` objects.
"""
