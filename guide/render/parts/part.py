"""One part of a guide, laid out and drawn on its own in a worker: ``PartJob.render``.

The part's HTML is the guide's template with only that part (templates/guide.html.j2,
``part``) and styles/parts.css, which leaves the page margins empty. Before the layout, each
link to an id of the guide is given the page its target is expected on (``data-page``, which
parts.css prints where guide.css prints ``target-counter``), and a link to another part gets
an address the join turns back into a link to that part's destination (``OTHER_PART``).
What comes back says what the furniture and the join need: each page's shape, the page each
id landed on, and the page numbers the part printed, to be checked against the truth. A part
that printed a placeholder (a first build's contents) will be laid out again, so it is only
laid out, not drawn: its PDF would be thrown away.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from guide.render.job import engine_session
from guide.render.layouts import fitted
from guide.render.variants import PLAIN, Archival, write

#: The scheme of a link to another part's id, as the part's PDF carries it: the join makes
#: each such link a link to the id's named destination again.
OTHER_PART = "guide-part:"

#: Printed for a page reference whose target's page is not known yet (a first layout): no
#: page is numbered so, which makes such a part one to lay out again.
UNKNOWN_PAGE = "00"


@dataclass(frozen=True)
class PageShape:
    """What the furniture needs of one page: a blank page (made by a forced break), the
    named page it is on ("" for none), where its text area starts (CSS px), and the
    strings its content sets for the margins (``string-set``: name, text), in order."""

    blank: bool
    name: str
    margin_left: float
    strings: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class RenderedPart:
    name: str
    data: bytes
    pages: tuple[PageShape, ...]
    anchors: dict[str, int]  # id -> the part's page (0-based) it landed on
    printed: dict[str, str]  # id -> the page number printed for references to it
    reads: tuple[tuple[str, str], ...] = ()
    fitting: tuple[tuple[str, str], ...] = ()
    layouts: int = 1

    @property
    def drawn(self) -> bool:
        """False for a part laid out only to learn its pages (``data`` empty): it printed a
        placeholder, so it is laid out again before any join."""
        return UNKNOWN_PAGE not in self.printed.values()


@dataclass(frozen=True)
class PartJob:
    """One part to render: its HTML, base address and readable folders (as a ``RenderJob``),
    and the page of the whole guide each id is expected on."""

    name: str
    html: str
    base_url: str
    roots: tuple[Path, ...]
    expected: tuple[tuple[str, int], ...] = ()
    fit: bool = False
    tagged: bool = True
    archival: Archival = PLAIN
    ids: str = ""  # what its structure IDs start with, to be unique among the parts

    def render(self) -> RenderedPart:
        expected = dict(self.expected)
        printed: dict[str, str] = {}

        def prepare(root: Any) -> None:
            printed.clear()
            printed.update(point_references(root, expected))

        with engine_session(self.roots) as session:
            document, fitting, layouts = fitted(
                session.weasyprint, self.html, self.base_url, session.fetcher, self.fit, prepare
            )
            # a placeholder is never a page's true number, so this layout will be done again:
            # drawing it (a third of a contents' time) would be thrown away
            data = (
                b""
                if UNKNOWN_PAGE in printed.values()
                else write(session.weasyprint, document, self.tagged, self.archival, self.ids)
            )
            pages = tuple(_shape(page) for page in document.pages)
            anchors: dict[str, int] = {}
            for number, page in enumerate(document.pages):
                for name in page.anchors:
                    anchors.setdefault(name, number)
        return RenderedPart(
            self.name,
            data,
            pages,
            anchors,
            printed,
            reads=tuple(sorted(session.fetcher.reads.items())),
            fitting=tuple(sorted(fitting.items())),
            layouts=layouts,
        )


def point_references(root: Any, expected: Mapping[str, int]) -> dict[str, str]:
    """Give each link to an id its expected page (``data-page``), send links to ids of
    other parts through ``OTHER_PART``; returns the page printed for each id referred to."""
    own = {element.get("id") for element in root.iter() if element.get("id")}
    printed: dict[str, str] = {}
    for link in root.iter():
        if not isinstance(link.tag, str) or link.tag.rsplit("}", 1)[-1] != "a":
            continue
        href = link.get("href") or ""
        if not href.startswith("#") or len(href) == 1:
            continue
        target = href[1:]
        page = str(expected[target]) if target in expected else UNKNOWN_PAGE
        link.set("data-page", page)
        printed[target] = page
        if target not in own:
            link.set("href", OTHER_PART + target)
    return printed


def _shape(page: Any) -> PageShape:
    box = page._page_box
    kind = box.page_type
    return PageShape(bool(kind.blank), kind.name or "", float(box.margin_left), _strings(box))


def _strings(page_box: Any) -> tuple[tuple[str, str], ...]:
    """The ``string-set`` values of a laid-out page's boxes, in the engine's order."""
    from weasyprint.formatting_structure import boxes

    found: list[tuple[str, str]] = []
    stack = [page_box]
    while stack:
        box = stack.pop()
        values = getattr(box, "string_set", None)
        if values and values != "none" and not isinstance(box, boxes.MarginBox):
            found += [(str(name), str(text)) for name, text in values]
        if isinstance(box, boxes.ParentBox):
            stack += reversed(box.children)
    return tuple(found)
