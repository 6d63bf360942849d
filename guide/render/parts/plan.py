"""A guide rendered in parts, from first layouts to the joined PDF: ``render_in_parts``.

1. Every part is laid out at once (``run`` decides where: the worker pool, or here), each
   page reference printing the page its target is ``expected`` on (the last build's pages,
   or a placeholder).
2. Placed end to end, the parts tell the true page of every id. A part that printed a
   page reference wrongly is laid out again with the true pages; if that changes a page
   count, the pages move and the check runs again, at most ``ROUNDS`` times, after which
   the guide is left to be rendered whole (``None``).
3. The furniture (the margins of every page) is drawn, then the parts are joined under it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from guide.render.job import RenderedPdf
from guide.render.parts.furniture import FurnitureJob, FurniturePage
from guide.render.parts.join import Placed, join
from guide.render.parts.part import PartJob, RenderedPart
from guide.render.variants import PLAIN, Archival

#: Layouts of the parts that printed a page reference wrongly, after the first.
ROUNDS = 3

Runner = Callable[[Sequence[Any]], list[Any]]  # jobs -> their ``render()``, in order


def run_here(jobs: Sequence[Any]) -> list[Any]:
    return [job.render() for job in jobs]


@dataclass(frozen=True)
class PartsRender:
    """How a guide was rendered in parts: the PDF, and how many layouts it took."""

    pdf: RenderedPdf
    first_layouts: int  # parts laid out once
    again: int  # parts laid out again for their page references


def place(parts: Sequence[RenderedPart]) -> list[Placed]:
    placed, first = [], 0
    for part in parts:
        placed.append(Placed(part, first))
        first += len(part.pages)
    return placed


def true_pages(placed: Sequence[Placed]) -> dict[str, int]:
    """The page (1-based) of the joined guide each id lands on."""
    pages: dict[str, int] = {}
    for one in placed:
        for name, local in one.part.anchors.items():
            pages.setdefault(name, one.first + local + 1)
    return pages


def misprinted(placed: Sequence[Placed], pages: Mapping[str, int]) -> list[int]:
    """The parts that printed a page reference other than its target's true page."""
    return [
        index
        for index, one in enumerate(placed)
        if any(str(pages.get(target, "")) != shown for target, shown in one.part.printed.items())
    ]


def furniture_pages(placed: Sequence[Placed]) -> tuple[FurniturePage, ...]:
    """The furniture's pages: one for each page that is not blank, breaking before those
    that follow a blank page so that the engine makes that blank page again."""
    pages: list[FurniturePage] = []
    after_blank = False
    number = 0
    for one in placed:
        for shape in one.part.pages:
            number += 1
            if shape.blank:
                after_blank = True
                continue
            side = "left" if number % 2 == 0 else "right"
            pages.append(FurniturePage(shape.name, shape.strings, side if after_blank else ""))
            after_blank = False
    return tuple(pages)


def render_in_parts(
    parts: Sequence[tuple[str, str]],
    base_url: str,
    roots: tuple[Path, ...],
    *,
    run: Runner = run_here,
    expected: Mapping[str, int] | None = None,
    fit: bool = False,
    tagged: bool = True,
    archival: Archival = PLAIN,
) -> PartsRender | None:
    """``parts`` (name, HTML; the last one the furniture's) as one PDF, or None when the
    page references would not settle."""
    *bodies, (_, furniture_html) = parts
    guess = tuple(sorted((expected or {}).items()))
    jobs = [
        PartJob(name, html, base_url, roots, guess, fit, tagged, archival if index == 0 else PLAIN)
        for index, (name, html) in enumerate(bodies)
    ]
    rendered: list[RenderedPart] = run(jobs)
    again = 0
    for _ in range(ROUNDS):
        placed = place(rendered)
        pages = true_pages(placed)
        wrong = misprinted(placed, pages)
        if not wrong:
            break
        truth = tuple(sorted(pages.items()))
        redone = run([replace(jobs[index], expected=truth) for index in wrong])
        for index, part in zip(wrong, redone, strict=True):
            rendered[index] = part
        again += len(wrong)
    else:
        if misprinted(place(rendered), true_pages(place(rendered))):
            return None
    placed = place(rendered)
    furniture = FurnitureJob(
        furniture_html, base_url, roots, furniture_pages(placed), _furniture_variant(archival)
    )
    (drawn,) = run([furniture])
    data = join(placed, drawn)
    pdf = RenderedPdf(
        data=data,
        pages=sum(len(part.pages) for part in rendered),
        anchors=true_pages(placed),
        reads=tuple(sorted({read for part in rendered for read in part.reads})),
        fitting=tuple(sorted(item for part in rendered for item in part.fitting)),
        layouts=sum(part.layouts for part in rendered) + again,
    )
    return PartsRender(pdf, len(jobs), again)


def _furniture_variant(archival: Archival) -> Archival:
    """The furniture is drawn into an archival document: PDF/A too, nothing embedded."""
    return Archival(archival.standard) if archival.standard else PLAIN
