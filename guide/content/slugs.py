"""Slugs: the plain ``a-z0-9-`` form of a title or name, for ids, anchors and file names.

Letters outside ASCII are transliterated with ``anyascii`` (Søren Ødegård -> soren-odegard,
Łukasz -> lukasz, Дмитрий -> dmitriy), so a name keeps all its letters in a file name and a
heading keeps the same anchor whether its apostrophe is straight or curly.
"""

from __future__ import annotations

import re

from anyascii import anyascii


def slugify(text: str) -> str:
    """``"Chloé's plan"`` -> ``"chloe-s-plan"``; ``"section"`` when nothing is left."""
    return re.sub(r"[^a-z0-9]+", "-", anyascii(text).lower()).strip("-") or "section"


def heading_slug(text: str) -> str:
    """A heading's anchor as Microsoft Learn makes it (Markdig's GitHub-style identifiers):
    letters and digits lower-cased, each space a hyphen, hyphens and underscores kept, every
    other character dropped. ``"Step 1: Create (or sign in)"`` -> ``"step-1-create-or-sign-in"``;
    ``"section"`` when nothing is left."""
    kept = ("-" if c == " " else c.lower() for c in text.strip() if c.isalnum() or c in " -_")
    return "".join(kept) or "section"
