"""The raw HTML a chapter may carry: Learn's few inline tags print, comments go, the rest is text.

Microsoft Learn articles use a handful of HTML tags in their Markdown (``<kbd>``, ``<br>``,
``<sup>``, ``<a name="...">`` anchors...) and comments for their writers. The parser reads raw
HTML; this module decides, token by token (``html_rule``, a core rule run right after inline
parsing, so that what becomes text is typeset like text):

- comments are dropped;
- a tag on the allow-list (``ALLOWED``) is kept, its attributes cleaned by nh3 (a maintained
  sanitiser) to those ``ATTRIBUTES`` lists; an anchor's ``name`` or ``id`` is scoped to the
  chapter and recorded, so links can land on it; an ``<a href>`` is resolved like a Markdown
  link when it is rendered;
- everything else, such as Learn's ``<tenant-name>`` placeholders or an HTML table, prints as
  the text it is.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from html.parser import HTMLParser
from typing import Any

import nh3
from markdown_it.token import Token
from markupsafe import escape

from guide.markdown.links import scoped_id

#: Inline tags Learn articles use, which print as they would on Learn.
ALLOWED = frozenset(
    {"a", "b", "br", "code", "del", "em", "i", "kbd", "mark", "s", "small", "strong", "sub"}
    | {"sup", "u", "var", "wbr"}
)
VOID = frozenset({"br", "wbr"})
ATTRIBUTES: dict[str, set[str]] = {"a": {"name", "id", "href"}}


class _Events(HTMLParser):
    """A fragment of HTML as (kind, tag, attributes, source) events; kind is 'start', 'end',
    'comment', 'text' or 'other' (declarations, processing instructions)."""

    def __init__(self, fragment: str) -> None:
        super().__init__(convert_charrefs=False)
        self.events: list[tuple[str, str, dict[str, str], str]] = []
        self.feed(fragment)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        raw = self.get_starttag_text() or ""
        self.events.append(("start", tag, {k: v or "" for k, v in attrs}, raw))

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag: str) -> None:
        self.events.append(("end", tag, {}, f"</{tag}>"))

    def handle_data(self, data: str) -> None:
        self.events.append(("text", "", {}, data))

    def handle_entityref(self, name: str) -> None:
        self.events.append(("text", "", {}, html.unescape(f"&{name};")))

    def handle_charref(self, name: str) -> None:
        self.events.append(("text", "", {}, html.unescape(f"&#{name};")))

    def handle_comment(self, data: str) -> None:
        self.events.append(("comment", "", {}, f"<!--{data}-->"))

    def handle_decl(self, decl: str) -> None:
        self.events.append(("other", "", {}, f"<!{decl}>"))

    def handle_pi(self, data: str) -> None:
        self.events.append(("other", "", {}, f"<?{data}>"))

    def unknown_decl(self, data: str) -> None:
        self.events.append(("other", "", {}, f"<![{data}]>"))


def events(fragment: str) -> list[tuple[str, str, dict[str, str], str]]:
    return _Events(fragment).events


def _clean_attributes(tag: str, source: str) -> dict[str, str]:
    """The attributes nh3 keeps on ``tag`` (only those in ``ATTRIBUTES``, safe addresses)."""
    cleaned = nh3.clean(
        source,
        tags={tag},
        attributes={tag: ATTRIBUTES.get(tag, set())},
        link_rel=None,
        url_schemes={"http", "https", "mailto"},
    )
    found = [event for event in events(cleaned) if event[0] == "start" and event[1] == tag]
    return found[0][2] if found else {}


def plan_fragment(fragment: str, doc_id: str, anchors: set[str]) -> list[tuple[str, Any]]:
    """What to print for ``fragment``: ('tag', (name, attributes, closing)) for an allowed tag,
    ('text', source) for what prints as text; comments are left out."""
    pieces: list[tuple[str, Any]] = []
    for kind, tag, _, source in events(fragment):
        if kind == "comment":
            continue
        if kind == "end" and tag in ALLOWED and tag not in VOID:
            pieces.append(("tag", (tag, {}, True)))
        elif kind == "start" and tag in ALLOWED:
            attributes = _clean_attributes(tag, source)
            anchor = attributes.pop("id", "") or attributes.pop("name", "")
            attributes.pop("name", None)
            if tag == "a" and anchor:
                attributes["id"] = scoped_id(doc_id, anchor)
                anchors.add(attributes["id"])
            pieces.append(("tag", (tag, attributes, False)))
        else:
            pieces.append(("text", source))
    return pieces


def html_rule(state: Any) -> None:
    """Plan every raw HTML token; what prints as text becomes a text token."""
    doc_id = state.env.get("docId", "doc")
    anchors: set[str] = state.env.setdefault("html_anchors", set())
    tokens: list[Token] = state.tokens
    for index, token in enumerate(tokens):
        if token.type == "html_block":
            token.meta["pieces"] = plan_fragment(token.content, doc_id, anchors)
        for child in token.children or []:
            if child.type == "html_inline":
                pieces = plan_fragment(child.content, doc_id, anchors)
                if all(kind == "text" for kind, _ in pieces):
                    child.type, child.content = "text", "".join(text for _, text in pieces)
                else:
                    child.meta["pieces"] = pieces
        children = token.children or []
        alone = children and all(c.type == "html_inline" for c in children)
        if alone and index > 0 and tokens[index - 1].type == "paragraph_open":
            tokens[index - 1].hidden = tokens[index + 1].hidden = True  # ``<a name>`` alone


def render_pieces(pieces: Sequence[tuple[str, Any]], resolve: Any) -> str:
    """The HTML for planned pieces; ``resolve(href)`` gives an ``<a href>`` its address in the
    guide, or None to print the link's text alone."""
    out = []
    for kind, value in pieces:
        if kind == "text":
            out.append(str(escape(value)))
            continue
        tag, attributes, closing = value
        if closing:
            out.append(f"</{tag}>")
            continue
        attributes = dict(attributes)
        if "href" in attributes:
            href = resolve(attributes.pop("href"))
            if href is not None:
                attributes["href"] = href
        attrs = "".join(f' {name}="{escape(v)}"' for name, v in sorted(attributes.items()))
        out.append(f"<{tag}{attrs}>")
    return "".join(out)
