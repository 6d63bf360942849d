"""Copyfitting: no section of a printed guide ends with a short last page.

Each section (a chapter, the roster, the glossary, the sources) ends with an empty marker whose
id is the section's id plus ``END`` (see templates/guide.html.j2). Where the engine put that
marker tells where the section ends. A section that runs onto a further page and ends in the top
``SHORT_TAIL`` of it leaves a near-empty page: the guide is laid out again with that section set
a little tighter (class ``fit-tight`` in styles/guide.css) to pull its tail back, and a section
still ending short is then set a little looser (``fit-loose``) so that its last page carries
more. Of the layouts tried, the one with the fewest short tails is kept (the first on a tie).

Fitting belongs to the render stage because only the engine knows where pages break; the classes
are set on the parsed document (``apply``), so nothing before this stage runs again.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

#: Appended to a section's id for its end marker; ids made from titles never hold "_".
END = "__end"
#: A last page whose text ends above this share of the page's height is a short tail: about a
#: quarter of the text area, where the page checker (bench/page_quality.py) calls it near-empty.
SHORT_TAIL = 0.30
TIGHT, LOOSE = "tight", "loose"


class _Page(Protocol):
    height: float
    anchors: Mapping[str, tuple[float, ...]]  # id -> box (left, top, right, bottom) in px


@dataclass(frozen=True)
class SectionEnd:
    """Where one section starts and ends: pages (1-based), and how far down its last page
    it ends, as a share of the page's height."""

    section: str
    first_page: int
    last_page: int
    depth: float

    @property
    def short_tail(self) -> bool:
        return self.last_page > self.first_page and self.depth < SHORT_TAIL


def section_ends(pages: Iterable[_Page]) -> tuple[SectionEnd, ...]:
    """Every section with an end marker, from a laid-out document's pages."""
    starts: dict[str, int] = {}
    ends: dict[str, tuple[int, float]] = {}
    for number, page in enumerate(pages, start=1):
        for name, box in page.anchors.items():
            if name.endswith(END):
                ends.setdefault(name.removesuffix(END), (number, box[1] / page.height))
            else:
                starts.setdefault(name, number)
    return tuple(
        SectionEnd(section, starts[section], page, depth)
        for section, (page, depth) in ends.items()
        if section in starts
    )


def short_tails(pages: Iterable[_Page]) -> frozenset[str]:
    """The sections whose last page holds only a few lines."""
    return frozenset(end.section for end in section_ends(pages) if end.short_tail)


def next_fitting(fitting: Mapping[str, str], tails: frozenset[str]) -> dict[str, str] | None:
    """The fitting to try after a layout with ``tails``: tighten a section not yet tried,
    loosen one that tightening did not help; None when nothing is left to try."""
    tried = dict(fitting)
    changed = False
    for section in sorted(tails):
        step = {None: TIGHT, TIGHT: LOOSE}.get(tried.get(section))
        if step is not None:
            tried[section] = step
            changed = True
    return tried if changed else None


def apply(root: Any, fitting: Mapping[str, str]) -> None:
    """Add ``fit-tight`` or ``fit-loose`` to the class of each section named in ``fitting``
    (``root``: the parsed document's ElementTree root, before it is laid out)."""
    if not fitting:
        return
    for element in root.iter():
        step = fitting.get(element.get("id", ""))
        if step is not None:
            element.set("class", f"{element.get('class', '')} fit-{step}".strip())
