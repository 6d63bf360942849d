"""Typography in a chapter's text tokens: quotes, dashes and French spacing, per language.

markdown-it's typographer does the quotes (``smartquotes``, with ``QUOTES`` for the
chapter's language) and ``--`` / ``---`` dashes (``replacements``); the rules here add what
it lacks, around it:

- ``protect_rule`` (before the typographer): web addresses in running text keep every
  character, as escapes and code spans already do, and so do ``(c)``, ``(r)`` and ``(tm)``,
  which in a study guide are more often list labels than signs (type the sign itself);
- ``dashes_rule``: ``25-30%`` gets an en dash, as does any range of two numbers (never a date
  such as 2026-11-29 or a code such as MD-102), and a hyphen with a space on each side
  between words becomes a spaced en dash, the British dash in prose;
- ``french_spaces_rule`` (last): ``guide.i18n.french_spaces`` in a French chapter, which
  also puts narrow no-break spaces inside the « » that smartquotes made.

Only ``text`` tokens change: code spans, code blocks and Markdown escapes (which is how
Jinja output reaches the parser) are never touched.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from markdown_it.token import Token

from guide.i18n import french_spaces

#: Double then single quotes, opening and closing, as smartquotes takes them. French nests
#: “ ” inside « »; the spaces inside « » come from ``french_spaces``.
QUOTES: dict[str, str] = {"en": "“”‘’", "fr": "«»“”"}

_ADDRESS = re.compile(
    r"\b(?:(?:https?|ftp|mailto|file):|www\.)[^\s<>]*[^\s<>.,;:!?)\]'\"]", re.IGNORECASE
)
_KEPT = re.compile(_ADDRESS.pattern + r"|\((?:c|r|tm)\)", re.IGNORECASE)
_SPACED_HYPHEN = re.compile(r"(?<=\S) - (?=\S)")
_RANGE = re.compile(r"(?<![\w.,:/-])(\d+(?:[.,]\d+)?)-(?=\d+(?:[.,]\d+)?(?![\w/-]|[.,:]\d))")


def quotes_for(language: str) -> str:
    """The smartquotes pairs for ``language``; English's for a language without its own."""
    return QUOTES.get(language, QUOTES["en"])


def _inline_children(state: Any) -> list[list[Token]]:
    tokens: list[Token] = state.tokens
    return [token.children for token in tokens if token.type == "inline" and token.children]


def protect_rule(state: Any) -> None:
    """Split web addresses and ``(c)``-like labels out of text tokens into ``text_special``
    tokens, which the typographer passes by and ``text_join`` merges back afterwards."""
    for children in _inline_children(state):
        index = 0
        while index < len(children):
            token = children[index]
            match = _KEPT.search(token.content) if token.type == "text" else None
            if match is None:
                index += 1
                continue
            parts = []
            for content, kind in (
                (token.content[: match.start()], "text"),
                (match.group(), "text_special"),
                (token.content[match.end() :], "text"),
            ):
                if content:
                    part = Token(kind, "", 0, content=content, level=token.level)
                    parts.append(part)
            children[index : index + 1] = parts
            index += 2 if parts[0].type == "text" else 1  # the rest may hold another address


def _edge(neighbours: Iterable[Token]) -> str:
    """The text beside a token: the nearest neighbour's content (a code span, an emphasised
    word), past the markup around it; a space at a line break or the paragraph's edge."""
    for token in neighbours:
        if token.content:
            return token.content
        if token.type in {"softbreak", "hardbreak"}:
            break
    return " "


def dashes_rule(state: Any) -> None:
    """En dashes: between the numbers of a range (``25-30%``, ``pages 10-12``) and for a
    spaced hyphen in prose (``word - word``)."""
    for children in _inline_children(state):
        for index, child in enumerate(children):
            if child.type == "text" and "-" in child.content:
                before = _edge(reversed(children[:index]))[-1:]
                after = _edge(children[index + 1 :])[:1]
                text = _RANGE.sub(r"\1–", child.content)
                text = _SPACED_HYPHEN.sub(" – ", f"{before}{text}{after}")
                child.content = text[1:-1]


def french_spaces_rule(state: Any) -> None:
    """French spacing in the text tokens of a French chapter (``env['language']``)."""
    if state.env.get("language") != "fr":
        return
    for children in _inline_children(state):
        for child in children:
            if child.type == "text":
                child.content = french_spaces(child.content)
