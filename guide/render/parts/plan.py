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
from guide.render.parts.cache import PartCache
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
#: As many documents as a guide has parts: each part alone (``guide serve``, where most
#: renders follow an edit of one chapter).
EACH_PART = 10_000


#: A guide whose HTML is shorter is rendered whole: measured with `guide build` on 2 cores,
#: a 25-page guide (66,000 characters) took as long in parts as whole (3.4 s either way),
#: 93,000 (fabrikam) 0.93 of the whole render, 103,000 (northwind) 0.56, 129,000 (contoso)
#: 0.89; in parts it costs more processor time in all, for nothing below this.
WHOLE_BELOW = 80_000


def worth_parts(html: str) -> bool:
    return len(html) >= WHOLE_BELOW


def parts_pay(options: BuildOptions, guides: int, workers: int) -> bool:
    """Whether a run renders its guide in parts: one guide to render, more than one worker
    to render it on, and only the guide's PDF asked for (handouts and booklets are made in
    a worker, from the whole guide)."""
    printed_only = "pdf" in options.formats and not (options.handouts or options.booklet)
    return guides == 1 and workers > 1 and printed_only


def describe(rendered: PartsRender, workers: int) -> str:
    """How a guide was rendered, for ``guide build -v``."""
    kept = rendered.parts - rendered.laid_out
    kept_words = f", {kept} kept from the last build" if kept else ""
    again = f", {rendered.again} laid out again for their page references" if rendered.again else ""
    return f"in {rendered.parts} parts on {workers} workers{kept_words}{again}"


def run_here(jobs: Sequence[Any]) -> list[Any]:
    return [job.render() for job in jobs]


@dataclass(frozen=True)
class PartsRender:
    """How a guide was rendered in parts: the PDF, and how many layouts it took."""

    pdf: RenderedPdf
    parts: int  # the documents the guide was laid out in
    again: int  # parts laid out again for their page references
    laid_out: int = 0  # parts laid out at first (the others were kept from earlier builds)


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
    cache: PartCache | None = None,
) -> PartsRender | None:
    """``parts`` (the names of the parts each holds, its HTML; the last one the furniture's)
    as one PDF, or None when the page references would not settle."""
    # the join's library loads here while the workers lay out the parts
    threading.Thread(target=importlib.import_module, args=("pikepdf",), daemon=True).start()
    *bodies, (_, furniture_html) = parts
    guide = base_url + "\n" + "\n".join(" ".join(names) for names, _ in parts)
    if expected is None and cache is not None:
        expected = cache.pages(guide)  # where the last build found each id
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
    kept = [cache.part(job) if cache else None for job in jobs]
    missing = [index for index, part in enumerate(kept) if part is None]
    fresh: dict[int, RenderedPart] = {}
    order = _longest_first(jobs, missing)
    for index, part in zip(order, run([jobs[index] for index in order]), strict=True):
        fresh[index] = part
        if cache:
            cache.keep_part(jobs[index], part)
    rendered: list[RenderedPart] = [kept[i] or fresh[i] for i in range(len(jobs))]
    again = 0
    drawn: tuple[tuple[FurniturePage, ...], bytes] | None = None
    for _ in range(ROUNDS + 1):
        placed = place(rendered)
        pages = true_pages(placed)
        wrong = misprinted(placed, pages)
        shapes = furniture_pages(placed)
        furniture = FurnitureJob(furniture_html, base_url, roots, shapes, _unattached(archival))
        if not wrong:
            if drawn is None or drawn[0] != shapes:
                drawn = (shapes, _furniture(furniture, run, cache))
            break
        if again >= ROUNDS * len(jobs):
            return None
        # the furniture beside the parts laid out again: their page counts rarely change
        truth = tuple(sorted(pages.items()))
        redo = [replace(jobs[index], expected=truth) for index in wrong]
        kept_furniture = cache.furniture(furniture, repr(shapes)) if cache else None
        if kept_furniture is None:
            *redone, furniture_drawn = run([*redo, furniture])
            drawn = (shapes, furniture_drawn.data)
            if cache:
                cache.keep_furniture(furniture, repr(shapes), drawn[1], furniture_drawn.reads)
        else:
            redone, drawn = run(redo), (shapes, kept_furniture)
        for index, job, part in zip(wrong, redo, redone, strict=True):
            rendered[index] = part
            if cache:
                cache.keep_part(job, part)
        again += len(wrong)
    else:
        return None
    assert drawn is not None
    placed = place(rendered)
    if cache is not None:
        cache.keep_pages(guide, true_pages(placed))
    data = join(placed, drawn[1])
    pdf = RenderedPdf(
        data=data,
        pages=sum(len(part.pages) for part in rendered),
        anchors=true_pages(placed),
        reads=tuple(sorted({read for part in rendered for read in part.reads})),
        fitting=tuple(sorted(item for part in rendered for item in part.fitting)),
        layouts=1 + sum(part.layouts - 1 for part in rendered),  # as fitting counts them
    )
    return PartsRender(pdf, len(jobs), again, len(missing))


def _longest_first(jobs: Sequence[PartJob], indexes: Sequence[int]) -> list[int]:
    """``indexes`` of ``jobs``, the longest HTML first, so the last to finish is short."""
    return sorted(indexes, key=lambda index: len(jobs[index].html), reverse=True)


def _furniture(job: FurnitureJob, run: Runner, cache: PartCache | None) -> bytes:
    shapes = repr(job.pages)
    kept = cache.furniture(job, shapes) if cache else None
    if kept is not None:
        return kept
    (drawn,) = run([job])
    if cache:
        cache.keep_furniture(job, shapes, drawn.data, drawn.reads)
    data: bytes = drawn.data
    return data


def _unattached(archival: Archival) -> Archival:
    """The standard for the parts after the first and the furniture: PDF/A too when the
    guide is, with the files embedded only once (by the first part, whose catalogue the
    joined document takes)."""
    return Archival(archival.standard) if archival.standard else PLAIN
