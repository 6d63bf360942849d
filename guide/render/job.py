"""Render HTML to PDF with WeasyPrint, reading nothing but the allowed files.

The URL fetcher serves ``file:`` URLs under the allowed roots and small ``data:`` URLs; any
other reference stops the render with its name. WeasyPrint reports lost content (a broken
image, an unloadable font) only as log errors, so those fail the render too.
"""

from __future__ import annotations

import copy
import gc
import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from guide.errors import GuideError, RenderError
from guide.render.engine import import_weasyprint
from guide.render.layouts import fitted
from guide.render.stylesheets import stylesheets_kept
from guide.render.subsetting import subsetting_mended
from guide.render.variants import PLAIN, Archival, write


@dataclass(frozen=True)
class RenderedPdf:
    """The PDF bytes, its page count, the page (1-based) each element id landed on, the
    files the render read, each with the SHA-256 of the bytes read, and the sections set
    tighter or looser to fit their pages (``guide.render.fit``), with the layouts tried."""

    data: bytes
    pages: int
    anchors: dict[str, int]
    reads: tuple[tuple[str, str], ...] = ()
    fitting: tuple[tuple[str, str], ...] = ()
    layouts: int = 1
    parts: tuple[bytes, ...] = ()  # the ``Part``s asked for, each a PDF of its own
    path: str = "whole"  # how it was rendered, for ``guide build -v``


@dataclass(frozen=True)
class Part:
    """Pages of a document to write as a PDF of their own, tagged like the whole: from the
    page of the ``first`` anchor to the page of the ``last``, titled ``title``."""

    first: str
    last: str
    title: str


@dataclass(frozen=True)
class RenderJob:
    """One document to render: its HTML, the base of its relative addresses, and the only
    folders it may read from. Small and plain, so a worker can take it without loading
    the rest of the tool."""

    html: str
    base_url: str
    roots: tuple[Path, ...]
    fit: bool = False  # a printed edition of the guide: copyfit its sections
    tagged: bool = True  # a tagged PDF/UA-1 document; False for pages a printer imposes
    parts: tuple[Part, ...] = ()
    archival: Archival = PLAIN

    def render(self) -> RenderedPdf:
        return render_pdf(
            self.html,
            self.base_url,
            self.roots,
            self.fit,
            self.tagged,
            parts=self.parts,
            archival=self.archival,
        )


#: What the engine reports as errors while tagging, which lose nothing from the page: an
#: image without alternative text is a warning at its line in ``guide check`` instead, and
#: the tool's templates give every document its language (a page of a test may not).
_TAGGING_REMARKS = ("has no required alt description", 'Missing required "lang" attribute')


class _ErrorCollector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage().splitlines()[0]
        if not any(remark in message for remark in _TAGGING_REMARKS):
            self.messages.append(message)


@contextmanager
def _collect_errors() -> Iterator[_ErrorCollector]:
    collector = _ErrorCollector()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(collector)
    try:
        yield collector
    finally:
        logger.removeHandler(collector)


_LONG = 100  # pages


_rendered_before = False
_frozen_for_good = False


def freeze_for_good() -> None:
    """For a worker process, once its imports are done: their objects stay frozen out of the
    collector's scans, so that the collection before each render scans only what earlier
    renders left, not the whole engine (25-40 ms a render, a guide in parts renders several)."""
    global _frozen_for_good
    gc.collect()
    gc.freeze()
    _frozen_for_good = True


@contextmanager
def _collect_garbage_rarely() -> Iterator[None]:
    """WeasyPrint makes millions of small objects and few reference cycles; with Python's
    default thresholds the collector rescans them over and over, a fifth of a render's time.
    Objects that exist before the render are frozen out of the scans, once the garbage of
    the previous render is gone: frozen, it would never be freed, and a worker rendering
    guide after guide grew by 25 MiB for each."""
    global _rendered_before
    thresholds = gc.get_threshold()
    if _rendered_before:  # a full collection costs 25 ms: not before a process's first render
        gc.collect()
    _rendered_before = True
    gc.freeze()
    gc.set_threshold(20_000, 50, 100)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        if not _frozen_for_good:
            gc.unfreeze()


@dataclass
class Session:
    """The engine and the confined fetcher of one render (``engine_session``)."""

    weasyprint: Any
    fetcher: Any


@contextmanager
def engine_session(roots: Sequence[Path]) -> Iterator[Session]:
    """The engine, reading only under ``roots``; the engine's failures, refused addresses
    and lost content (its log errors) leave as one ``RenderError``."""
    weasyprint = import_weasyprint()
    from weasyprint.urls import FatalURLFetchingError

    # Not at the top: it loads urllib, which the parent would import before starting workers.
    from guide.render.fetcher import confined_fetcher

    fetcher = confined_fetcher(roots)
    with (
        _collect_errors() as errors,
        _collect_garbage_rarely(),
        subsetting_mended(),
        stylesheets_kept(),
    ):
        try:
            yield Session(weasyprint, fetcher)
        except FatalURLFetchingError as error:
            raise RenderError(str(error)) from None
        except GuideError:
            raise  # a time limit, for one
        except Exception as error:  # the engine's own failures, e.g. a truncated image
            raise RenderError(f"the PDF engine failed: {error}") from None
    if fetcher.refusals:
        raise RenderError("; ".join(dict.fromkeys(fetcher.refusals)))
    if errors.messages:
        raise RenderError("; ".join(dict.fromkeys(errors.messages)))


def render_pdf(
    html: str,
    base_url: str,
    roots: Sequence[Path],
    fit: bool = False,
    tagged: bool = True,
    *,
    parts: Sequence[Part] = (),
    archival: Archival = PLAIN,
) -> RenderedPdf:
    """Lay out ``html`` and draw it as PDF; raise ``RenderError`` if anything was lost.
    With ``fit``, sections that would end with a short last page are set to fit; ``tagged``
    makes a PDF/UA-1 document, its structure tree built from the HTML's elements. Each of
    ``parts`` is drawn from the same layout as a document of its own, with its own tree.
    ``archival`` asks for PDF/A (tagged, and identified as PDF/UA too) and embedded files."""
    with engine_session(roots) as session:
        weasyprint, fetcher = session.weasyprint, session.fetcher
        document, fitting, layouts = fitted(weasyprint, html, base_url, fetcher, fit)
        if len(document.pages) > _LONG:  # free the layout's garbage before drawing adds
            gc.collect()  # to the peak (5 % less at 200 pages; 60 ms a collection)
        data = write(weasyprint, document, tagged, archival)
        anchors = _anchors(document)
        written = tuple(
            write(weasyprint, _pages(document, anchors, part), tagged, archival) for part in parts
        )
    return RenderedPdf(
        data=data,
        pages=len(document.pages),
        anchors=anchors,
        reads=tuple(sorted(fetcher.reads.items())),
        fitting=tuple(sorted(fitting.items())),
        layouts=layouts,
        parts=written,
    )


def _anchors(document: Any) -> dict[str, int]:
    """The page (1-based) each element id landed on: an element split over pages, its first."""
    anchors: dict[str, int] = {}
    for number, page in enumerate(document.pages, start=1):
        for name in page.anchors:
            anchors.setdefault(name, number)
    return anchors


def _pages(document: Any, anchors: dict[str, int], part: Part) -> Any:
    """The pages of ``part`` as a document of their own, with its own title."""
    pages = document.copy(document.pages[anchors[part.first] - 1 : anchors[part.last]])
    pages.metadata = copy.copy(document.metadata)
    pages.metadata.title = part.title
    return pages
