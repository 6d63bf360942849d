"""Balanced columns, measured once: where the glossary's second column starts.

The engine balances columns by laying their content out again and again, a pixel taller
each time when a term must stay with its definition (``break-after: avoid``): a one-page
glossary took 1.3 s of a 4 s render. Instead each list of class ``BALANCED`` is laid out
once on its own, its columns filled in order (``column-fill: auto``, cheap), each entry's
height read off the boxes; the break the stylesheet allows that makes the columns most even
(the first the taller on a tie) is then forced with a column break. A list that does not fit
in the columns of one page is left to the engine.

Like copyfitting (``guide.render.fit``) this belongs to the render stage: only the engine
knows how tall an entry is. Classes are set on the parsed document, nothing before runs again.
"""

from __future__ import annotations

import itertools
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

#: The class of a definition list whose columns the tool balances (templates/glossary.html.j2).
BALANCED = "glossary-list"
_MEASURED = "data-balance"  # the list's index, on the copy laid out to measure it
_AVOID = frozenset({"avoid", "avoid-column"})
_SLACK = 1.0  # px: the column must hold its entries with this to spare

#: Rules of the mechanism, not of the look: a list is filled column by column, its second
#: column starting where the tool put the break (a forced break keeps the margin above it).
STYLE = (
    f".{BALANCED}.balanced, .{BALANCED}[{_MEASURED}] {{ column-fill: auto; }}"
    f" .{BALANCED}.balanced > .column-start {{ break-before: column; margin-top: 0; }}"
    f" .{BALANCED}[{_MEASURED}] > * {{ break-inside: avoid; }}"
)

Measure = Callable[[Callable[[Any], None]], Any]  # an edit of the parsed copy -> its layout


@dataclass(frozen=True)
class _Entry:
    """A term and its definition as laid out: where its first box starts (inside its top
    margin), that margin, and where its last box ends; whether a column may start at it."""

    column: int
    top: float
    margin: float
    bottom: float
    may_start: bool


def balance(root: Any, measure: Measure, known: dict[bytes, tuple[int, ...]]) -> None:
    """Mark every balanced list of ``root`` (a parsed document) with the term its second
    column starts at; ``measure`` lays out a copy edited as asked, ``known`` keeps the
    answers by the lists' markup and their ancestors' classes (a section set tighter to fit
    its pages, ``guide.render.fit``), for later layouts of the same document."""
    lists = _lists(root)
    if not lists:
        return
    key = b"".join(
        ElementTree.tostring(element) + " ".join(_ancestors_classes(root, element)).encode()
        for element in lists
    )
    if key not in known:
        known[key] = _measured_splits(measure, len(lists))
    for element, split in zip(lists, known[key], strict=True):
        terms = [child for child in element if child.tag == "dt"]
        if split > 0:
            element.set("class", f"{element.get('class', '')} balanced".strip())
            start = terms[split]
            start.set("class", f"{start.get('class', '')} column-start".strip())
    _add_style(root)


def _measured_splits(measure: Measure, count: int) -> tuple[int, ...]:
    def alone(copy: Any) -> None:
        for index, element in enumerate(_lists(copy)):
            element.set(_MEASURED, str(index))
        body = copy.find("body")
        if body is not None:
            for child in list(body):
                if child.find(f".//dl[@{_MEASURED}]") is None:
                    body.remove(child)
        _add_style(copy)

    document = measure(alone)
    splits = [0] * count
    for index in range(count):
        boxes = list(_list_boxes(document, str(index)))
        if len(boxes) == 1:  # on one page: the columns of several pages are the engine's
            splits[index] = _best_split(*boxes[0])
    return tuple(splits)


def _list_boxes(document: Any, index: str) -> Iterator[tuple[Any, float]]:
    """The measured list's box on each page it is on, with the bottom of that page's area."""
    for page in document.pages:
        box = _find(page._page_box, index)
        if box is not None:
            yield box, page._page_box.content_box_y() + page._page_box.height


def _find(box: Any, index: str) -> Any:
    element = getattr(box, "element", None)
    if element is not None and box.element_tag == "dl" and element.get(_MEASURED) == index:
        return box
    for child in getattr(box, "children", ()):
        found = _find(child, index)
        if found is not None:
            return found
    return None


def _entries(box: Any) -> list[_Entry]:
    entries: list[_Entry] = []
    previous_break_after = "auto"
    for column, column_box in enumerate(box.children):
        for child in column_box.children:
            end = child.position_y + child.margin_height() - child.margin_bottom
            if child.element_tag == "dt":
                may_start = (
                    child.style["break_before"] not in _AVOID and previous_break_after not in _AVOID
                )
                entries.append(_Entry(column, child.position_y, child.margin_top, end, may_start))
            elif entries:
                last = entries[-1]
                entries[-1] = _Entry(last.column, last.top, last.margin, end, last.may_start)
            previous_break_after = child.style["break_after"]
    return entries


def _best_split(box: Any, page_bottom: float) -> int:
    """The entry the second column should start at (0: none fits)."""
    if len(box.children) != 2:
        return 0
    entries = _entries(box)
    heights = [entry.bottom - entry.top - entry.margin for entry in entries]
    gaps = [  # the space above each entry after the first, were it in the same column
        entry.top + entry.margin - before.bottom if entry.column == before.column else entry.margin
        for before, entry in itertools.pairwise(entries)
    ]
    room = page_bottom - box.content_box_y() - _SLACK

    def column(first: int, end: int) -> float:
        return heights[first] + sum(gaps[i - 1] + heights[i] for i in range(first + 1, end))

    best: tuple[float, float, int] | None = None
    for split in range(1, len(entries)):
        if not entries[split].may_start:
            continue
        left, right = column(0, split), column(split, len(entries))
        if max(left, right) <= room and (best is None or (max(left, right), -left) < best[:2]):
            best = (max(left, right), -left, split)
    return best[2] if best else 0


def _ancestors_classes(root: Any, element: Any) -> list[str]:
    """The classes of the elements that hold ``element``, from the root down."""
    path: list[Any] = []

    def holds(node: Any) -> bool:
        if node is element:
            return True
        for child in node:
            if holds(child):
                path.append(node)
                return True
        return False

    holds(root)
    return [str(node.get("class", "")) for node in reversed(path)]


def _lists(root: Any) -> list[Any]:
    return [element for element in root.iter("dl") if BALANCED in _classes(element)]


def _classes(element: Any) -> list[str]:
    return str(element.get("class", "")).split()


def _add_style(root: Any) -> None:
    head = root.find("head")
    if head is not None and head.find("style[@data-columns]") is None:
        ElementTree.SubElement(head, "style", {"data-columns": ""}).text = STYLE
