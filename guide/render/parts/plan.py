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

import importlib
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from guide.options import BuildOptions
from guide.render.job import RenderedPdf
from guide.render.parts.furniture import FurnitureJob, FurniturePage
from guide.render.parts.join import Placed, join
from guide.render.parts.part import PartJob, RenderedPart
from guide.render.variants import PLAIN, Archival

#: Layouts of the parts that printed a page reference wrongly, after the first.
ROUNDS = 3

Runner = Callable[[Sequence[Any]], list[Any]]  # jobs -> their ``render()``, in order


#: Documents a guide in parts is laid out in, for each worker: enough for the workers to
#: share them evenly, few enough that parsing the stylesheets for each costs little.
RUNS_PER_WORKER = 3


def parts_pay(options: BuildOptions, guides: int, workers: int) -> bool:
    """Whether a run renders its guide in parts: one guide to render, more than one worker
    to render it on, and only the guide's PDF asked for (handouts and booklets are made in
    a worker, from the whole guide)."""
    printed_only = "pdf" in options.formats and not (options.handouts or options.booklet)
    return guides == 1 and workers > 1 and printed_only


def describe(rendered: PartsRender, workers: int) -> str:
    """How a guide was rendered, for ``guide build -v``."""
    again = f", {rendered.again} laid out again for their page references" if rendered.again else ""
    return f"in {rendered.first_layouts} parts on {workers} workers{again}"


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
    parts: Sequence[tuple[tuple[str, ...], str]],
    base_url: str,
    roots: tuple[Path, ...],
    *,
    run: Runner = run_here,
    expected: Mapping[str, int] | None = None,
    fit: bool = False,
    tagged: bool = True,
    archival: Archival = PLAIN,
) -> PartsRender | None:
    """``parts`` (the names of the parts each holds, its HTML; the last one the furniture's)
    as one PDF, or None when the page references would not settle."""
    # the join's library loads here while the workers lay out the parts
    threading.Thread(target=importlib.import_module, args=("pikepdf",), daemon=True).start()
    *bodies, (_, furniture_html) = parts
    guess = tuple(sorted((expected or {}).items()))
    jobs = [
        PartJob(
            " ".join(names),
            html,
            base_url,
            roots,
            guess,
            fit,
            tagged,
            archival if not i else _unattached(archival),
            ids=f"p{i}-",
        )
        for i, (names, html) in enumerate(bodies)
    ]
    rendered: list[RenderedPart] = run(_longest_first(jobs))
    rendered.sort(key=lambda part: [job.name for job in jobs].index(part.name))
    again, drawn = 0, None
    for _ in range(ROUNDS + 1):
        placed = place(rendered)
        pages = true_pages(placed)
        wrong = misprinted(placed, pages)
        shapes = furniture_pages(placed)
        furniture = FurnitureJob(
            furniture_html, base_url, roots, shapes, _unattached(archival)
        )
        if not wrong:
            if drawn is None or drawn[0] != shapes:
                drawn = (shapes, run([furniture])[0])
            break
        if again >= ROUNDS * len(jobs):
            return None
        # the furniture beside the parts laid out again: their page counts rarely change
        truth = tuple(sorted(pages.items()))
        *redone, furniture_pdf = run(
            [*(replace(jobs[i], expected=truth) for i in wrong), furniture]
        )
        drawn = (shapes, furniture_pdf)
        for index, part in zip(wrong, redone, strict=True):
            rendered[index] = part
        again += len(wrong)
    else:
        return None
    placed = place(rendered)
    data = join(placed, drawn[1])
    pdf = RenderedPdf(
        data=data,
        pages=sum(len(part.pages) for part in rendered),
        anchors=true_pages(placed),
        reads=tuple(sorted({read for part in rendered for read in part.reads})),
        fitting=tuple(sorted(item for part in rendered for item in part.fitting)),
        layouts=1 + sum(part.layouts - 1 for part in rendered),  # as fitting counts them
    )
    return PartsRender(pdf, len(jobs), again)


def _longest_first(jobs: Sequence[PartJob]) -> list[PartJob]:
    """The jobs, the longest HTML first, so the last to finish is a short one."""
    return sorted(jobs, key=lambda job: len(job.html), reverse=True)


def _unattached(archival: Archival) -> Archival:
    """The standard for the parts after the first and the furniture: PDF/A too when the
    guide is, with the files embedded only once (by the first part, whose catalogue the
    joined document takes)."""
    return Archival(archival.standard) if archival.standard else PLAIN
