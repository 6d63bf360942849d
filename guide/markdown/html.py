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
- Learn's HTML lists and tables (``<ul><li>`` in a table cell, a ``<table>`` block) keep
  their structure (``BLOCKS``), and an ``<img>`` is found like a Markdown image;
- tags are balanced: a self-closing ``<a id="x"/>`` is an empty anchor, an end tag nothing
  opened is dropped, and what a fragment leaves open is closed at its end;
- everything else, such as Learn's ``<tenant-name>`` placeholders, prints as the text it is.
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
#: Lists and tables as Learn writes them in HTML, which print as lists and tables.
BLOCKS = frozenset(
    {"ul", "ol", "li", "p", "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td"}
)
VOID = frozenset({"br", "wbr", "img"})
ATTRIBUTES: dict[str, set[str]] = {
    "a": {"name", "id", "href"},
    "img": {"src", "alt"},
    "ol": {"start"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
}
KEPT = ALLOWED | BLOCKS | {"img"}


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

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:  # ``<a id="x" />``: an empty element, not an open one
            self.handle_endtag(tag)

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


_LINK_SCHEMES = {"http", "https", "mailto", "ms-settings"}


def _clean_attributes(tag: str, source: str) -> dict[str, str]:
    """The attributes nh3 keeps on ``tag`` (only those in ``ATTRIBUTES``, safe addresses).

    The tag is cleaned as a ``<span>`` with the same attributes: a lone ``<td>`` or ``<li>``
    is not valid where nh3's HTML parser would find it, and would be dropped whole."""
    stand_in = "<span" + source[1 + len(tag) :]
    cleaned = nh3.clean(
        stand_in,
        tags={"span"},
        attributes={"span": ATTRIBUTES.get(tag, set())},
        link_rel=None,
        url_schemes={"http", "https", "mailto", "data"} if tag == "img" else _LINK_SCHEMES,
    )
    found = [event for event in events(cleaned) if event[0] == "start" and event[1] == "span"]
    return found[0][2] if found else {}


def plan_fragment(fragment: str, doc_id: str, anchors: set[str]) -> list[tuple[str, Any]]:
    """What to print for ``fragment``: ('tag', (name, attributes, closing)) for a kept tag,
    ('text', source) for what prints as text; comments are left out."""
    pieces: list[tuple[str, Any]] = []
    for kind, tag, _, source in events(fragment):
        if kind == "comment":
            continue
        if kind == "end" and tag in KEPT and tag not in VOID:
            pieces.append(("tag", (tag, {}, True)))
        elif kind == "end" and tag in VOID:
            continue  # ``</br>``: nothing to close
        elif kind == "start" and tag in KEPT:
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


Piece = tuple[str, Any]


def balanced(owned: list[tuple[int, Piece]]) -> list[tuple[int, Piece]]:
    """Pieces (each with the index of the token it belongs to) with end tags nothing opened
    dropped, an end tag closing what it encloses, and what is left open closed at the end
    (owned by -1: a token after the last)."""
    out: list[tuple[int, Piece]] = []
    open_tags: list[str] = []
    for owner, (kind, value) in owned:
        if kind == "tag" and value[0] not in VOID:
            tag, _, closing = value
            if closing and tag not in open_tags:
                continue
            if closing:
                while open_tags[-1] != tag:
                    out.append((owner, ("tag", (open_tags.pop(), {}, True))))
                open_tags.pop()
            else:
                open_tags.append(tag)
        out.append((owner, (kind, value)))
    out += [(-1, ("tag", (tag, {}, True))) for tag in reversed(open_tags)]
    return out


def _balance_inline(token: Token, planned: list[Token]) -> None:
    """Balance the tags of one paragraph's inline HTML, which come one tag per token; tags
    left open are closed by a token added after the paragraph's last."""
    if not planned:
        return
    owned = [
        (index, piece) for index, child in enumerate(planned) for piece in child.meta["pieces"]
    ]
    kept: list[list[Piece]] = [[] for _ in planned]
    closing: list[Piece] = []
    for owner, piece in balanced(owned):
        (closing if owner < 0 else kept[owner]).append(piece)
    for child, pieces in zip(planned, kept, strict=True):
        child.meta["pieces"] = pieces
    if closing and token.children is not None:
        end = Token("html_inline", "", 0)
        end.meta = {"pieces": closing, "line": planned[-1].meta.get("line", 0)}
        token.children.append(end)


def html_rule(state: Any) -> None:
    """Plan every raw HTML token; what prints as text becomes a text token."""
    doc_id = state.env.get("docId", "doc")
    anchors: set[str] = state.env.setdefault("html_anchors", set())
    tokens: list[Token] = state.tokens
    for index, token in enumerate(tokens):
        if token.type == "html_block":
            pieces = plan_fragment(token.content, doc_id, anchors)
            token.meta["pieces"] = [piece for _, piece in balanced([(0, p) for p in pieces])]
            continue
        planned = []
        for child in token.children or []:
            if child.type == "html_inline":
                pieces = plan_fragment(child.content, doc_id, anchors)
                if all(kind == "text" for kind, _ in pieces):
                    child.type, child.content = "text", "".join(text for _, text in pieces)
                else:
                    child.meta["pieces"] = pieces
                    planned.append(child)
        _balance_inline(token, planned)
        children = token.children or []
        alone = children and all(c.type == "html_inline" for c in children)
        if alone and index > 0 and tokens[index - 1].type == "paragraph_open":
            tokens[index - 1].hidden = tokens[index + 1].hidden = True  # ``<a name>`` alone


def render_pieces(pieces: Sequence[tuple[str, Any]], resolve: Any, image: Any = None) -> str:
    """The HTML for planned pieces; ``resolve(href)`` gives an ``<a href>`` its address in the
    guide, or None to print the link's text alone; ``image(src, alt)`` prints an ``<img>``."""
    out = []
    for kind, value in pieces:
        if kind == "text":
            out.append(str(escape(value)))
            continue
        tag, attributes, closing = value
        if closing:
            out.append(f"</{tag}>")
            continue
        if tag == "img":
            if image is not None:
                out.append(image(attributes.get("src", ""), attributes.get("alt", "")))
            continue
        attributes = dict(attributes)
        if "href" in attributes:
            href = resolve(attributes.pop("href"))
            if href is not None:
                attributes["href"] = href
        attrs = "".join(f' {name}="{escape(v)}"' for name, v in sorted(attributes.items()))
        out.append(f"<{tag}{attrs}>")
    return "".join(out)
