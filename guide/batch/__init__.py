"""Many organisations: the up-to-date check from the manifest (``fingerprint``) and
exactly (``input_hash``), preparing in the main process while workers render (``workers``), what
happened to each (``outcome``, ``reporting``) and the manifest. ``run`` strings it together.
"""
