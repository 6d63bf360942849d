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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from guide.render.job import RenderedPdf
from guide.render.parts import fontprograms
from guide.render.parts.cache import PartCache
from guide.render.parts.furniture import FurnitureJob, FurniturePage
from guide.render.parts.join import Placed, Runner, join
from guide.render.parts.part import PartJob, RenderedPart
from guide.render.variants import PLAIN, Archival

#: Layouts of the parts that printed a page reference wrongly, after the first.
ROUNDS = 3


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
    parts: Sequence[tuple[tuple[str, ...], str, float]],
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
    """``parts`` (the names of the parts each holds, its HTML, the estimated cost of its
    layout; the last one the furniture's) as one PDF, or None when the page references
    would not settle."""
    # the join's libraries load here while the workers lay out the parts (the fonts are
    # merged by a worker, or here without one)
    here = run is run_here
    modules = ("pikepdf", *(fontprograms.MODULES if here else ()))
    threading.Thread(target=_load, args=modules, daemon=True).start()
    *bodies, (_, furniture_html, _) = parts
    guide = base_url + "\n" + "\n".join(" ".join(names) for names, _, _ in parts)
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
        for i, (names, html, _) in enumerate(bodies)
    ]
    costs = [cost for _, _, cost in bodies]
    rendered, laid_out = _first_layouts(jobs, costs, run, cache)
    furniture = FurnitureJob(furniture_html, base_url, roots, (), _unattached(archival))
    settled = _settle(jobs, rendered, furniture, run, cache)
    if settled is None:
        return None
    drawn, again = settled
    placed = place(rendered)
    if cache is not None:
        cache.keep_pages(guide, true_pages(placed))
    data = join(placed, drawn, None if here else run)
    pdf = RenderedPdf(
        data=data,
        pages=sum(len(part.pages) for part in rendered),
        anchors=true_pages(placed),
        reads=tuple(sorted({read for part in rendered for read in part.reads})),
        fitting=tuple(sorted(item for part in rendered for item in part.fitting)),
        layouts=1 + sum(part.layouts - 1 for part in rendered),  # as fitting counts them
    )
    return PartsRender(pdf, len(jobs), again, laid_out)


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


def _first_layouts(
    jobs: list[PartJob], costs: list[float], run: Runner, cache: PartCache | None
) -> tuple[list[RenderedPart], int]:
    """Every part, from the cache or laid out (the costliest first, so that the last to
    finish is a short one); and how many were laid out."""
    kept = [cache.part(job) if cache else None for job in jobs]
    missing = [index for index, part in enumerate(kept) if part is None]
    order = sorted(missing, key=lambda index: costs[index], reverse=True)
    fresh: dict[int, RenderedPart] = {}
    for index, part in zip(order, run([jobs[index] for index in order]), strict=True):
        fresh[index] = part
        if cache:
            cache.keep_part(jobs[index], part)
    return [kept[index] or fresh[index] for index in range(len(jobs))], len(missing)


def _settle(
    jobs: list[PartJob],
    rendered: list[RenderedPart],
    furniture: FurnitureJob,
    run: Runner,
    cache: PartCache | None,
) -> tuple[bytes, int] | None:
    """Lay out again the parts that printed a page reference wrongly (in ``rendered``,
    with the true pages) until none does, drawing the furniture of the final pages; the
    furniture's PDF and how many parts were laid out again, or None after ``ROUNDS``."""
    again = 0
    drawn: tuple[tuple[FurniturePage, ...], bytes] | None = None
    for _ in range(ROUNDS + 1):
        placed = place(rendered)
        pages = true_pages(placed)
        wrong = misprinted(placed, pages)
        shaped = replace(furniture, pages=furniture_pages(placed))
        if not wrong:
            if drawn is None or drawn[0] != shaped.pages:
                drawn = (shaped.pages, _furniture(shaped, run, cache))
            return drawn[1], again
        # the furniture beside the parts laid out again: their page counts rarely change
        truth = tuple(sorted(pages.items()))
        redo = [replace(jobs[index], expected=truth) for index in wrong]
        kept = cache.furniture(shaped, repr(shaped.pages)) if cache else None
        if kept is None:
            *redone, fresh = run([*redo, shaped])
            drawn = (shaped.pages, fresh.data)
            if cache:
                cache.keep_furniture(shaped, repr(shaped.pages), fresh.data, fresh.reads)
        else:
            redone, drawn = run(redo), (shaped.pages, kept)
        for index, job, part in zip(wrong, redo, redone, strict=True):
            rendered[index] = part
            if cache:
                cache.keep_part(job, part)
        again += len(wrong)
    return None


def _load(*modules: str) -> None:
    for module in modules:
        importlib.import_module(module)


def _unattached(archival: Archival) -> Archival:
    """The standard for the parts after the first and the furniture: PDF/A too when the
    guide is, with the files embedded only once (by the first part, whose catalogue the
    joined document takes)."""
    return Archival(archival.standard) if archival.standard else PLAIN
