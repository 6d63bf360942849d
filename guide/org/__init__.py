"""An organisation file -> a validated ``Organisation``: the schema, loading and
cross-checks against the catalogue and the disk, the organisation's own chapters merged
with the bundled ones, and the commented file ``guide new`` writes. Hands on an
``Organisation`` (``organisation``) and its chapters (``content``).
"""
