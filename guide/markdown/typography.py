"""French typography in a chapter: ``guide.i18n.french_spaces`` over its text tokens.

Applied to the text a reader sees, never to code spans, code blocks or addresses.
"""

from __future__ import annotations

from typing import Any

from markdown_it.token import Token

from guide.i18n import french_spaces


def french_spaces_rule(state: Any) -> None:
    """A core rule: French spacing in the text tokens of a French chapter (``env['language']``)."""
    if state.env.get("language") != "fr":
        return
    tokens: list[Token] = state.tokens
    for token in tokens:
        for child in token.children or ():
            if child.type == "text":
                child.content = french_spaces(child.content)
