"""Slugs: the plain ``a-z0-9-`` form of a title or name, for ids, anchors and file names."""

from __future__ import annotations

import re
import unicodedata


def slugify(text: str) -> str:
    """``"Chloé's plan"`` -> ``"chloe-s-plan"``; ``"section"`` when nothing is left."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-") or "section"
