"""Titles that never break at their own hyphens.

`hyphens: none` stops the engine adding hyphens, but a title such as "Endpoint kick-off" may
still break after the hyphen it already has and print "kick-" at a line's end. Each hyphenated
word is wrapped in a span the stylesheet keeps on one line (`.keep-whole`); the rest of the
title still wraps between words.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

HYPHENATED = re.compile(r"\S*\w[-‐‑]\w\S*")


def keep_hyphenated_whole(title: object) -> Markup:
    """The title, escaped, with each hyphenated word in a `<span class="keep-whole">`."""
    text = str(escape(title))
    return Markup(HYPHENATED.sub(lambda m: f'<span class="keep-whole">{m[0]}</span>', text))
