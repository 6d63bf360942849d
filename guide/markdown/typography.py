"""French typography: the narrow no-break spaces a French reader expects.

Before ``; : ! ?`` and inside guillemets « », French sets a narrow no-break space
(U+202F), so that the sign never starts a line. Writers type an ordinary space, or none;
this module puts the right one in. It is applied to the text a reader sees, never to code
or addresses: a colon is only spaced when a space or the end of the text follows it
(``https://``, ``10:30`` and ``C:\\`` stay as they are).
"""

from __future__ import annotations

import re
from typing import Any

from markdown_it.token import Token

NARROW_NBSP = "\u202f"

# any run of ordinary or no-break spaces before the sign, or none after a word or closer
_BEFORE_SIGN = re.compile(r"(?:[ \u00a0\u202f]+|(?<=[\w»)\]*_]))([;!?])(?=\s|$|[»)\].,;:!?])")
_BEFORE_COLON = re.compile(r"(?:[ \u00a0\u202f]+|(?<=[^\W\d_]|[»)\]]))(:)(?=\s|$)")
_AFTER_OPENING = re.compile(r"«[ \u00a0\u202f]*")
_BEFORE_CLOSING = re.compile(r"[ \u00a0\u202f]*»")


def french_spaces(text: str) -> str:
    """``text`` with narrow no-break spaces where French typography puts them."""
    if not any(sign in text for sign in ";:!?«»"):
        return text
    text = _BEFORE_SIGN.sub(NARROW_NBSP + r"\1", text)
    text = _BEFORE_COLON.sub(NARROW_NBSP + r"\1", text)
    text = _AFTER_OPENING.sub("«" + NARROW_NBSP, text)
    return _BEFORE_CLOSING.sub(NARROW_NBSP + "»", text)


def french_spaces_rule(state: Any) -> None:
    """A core rule: French spacing in the text tokens of a French chapter (``env['language']``)."""
    if state.env.get("language") != "fr":
        return
    tokens: list[Token] = state.tokens
    for token in tokens:
        for child in token.children or ():
            if child.type == "text":
                child.content = french_spaces(child.content)
