"""Many organisations: the up-to-date check from the manifest (``freshness``) and
exactly (``inputs``), preparing in the main process while workers render (``workers``), what
happened to each (``outcome``, ``reporting``) and the manifest. ``run`` strings it together.
"""
