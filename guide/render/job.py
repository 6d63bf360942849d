"""Render HTML to PDF with WeasyPrint, reading nothing but the allowed files.

The URL fetcher serves ``file:`` URLs under the allowed roots and small ``data:`` URLs; any
other reference stops the render with its name. WeasyPrint reports lost content (a broken
image, an unloadable font) only as log errors, so those fail the render too.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from guide.errors import GuideError, RenderError
from guide.render.engine import import_weasyprint
from guide.render.fontdates import fonts_keep_their_dates


@dataclass(frozen=True)
class RenderedPdf:
    """The PDF bytes, its page count, the page (1-based) each element id landed on, and the
    files the render read, each with the SHA-256 of the bytes read."""

    data: bytes
    pages: int
    anchors: dict[str, int]
    reads: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class RenderJob:
    """One document to render: its HTML, the base of its relative addresses, and the only
    folders it may read from. Small and plain, so a worker can take it without loading
    the rest of the tool."""

    html: str
    base_url: str
    roots: tuple[Path, ...]

    def render(self) -> RenderedPdf:
        return render_pdf(self.html, self.base_url, self.roots)


class _ErrorCollector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage().splitlines()[0])


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
        gc.unfreeze()


def render_pdf(html: str, base_url: str, roots: Sequence[Path]) -> RenderedPdf:
    """Lay out ``html`` and draw it as PDF; raise ``RenderError`` if anything was lost."""
    weasyprint = import_weasyprint()
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import FatalURLFetchingError

    # Not at the top: it loads urllib, which the parent would import before starting workers.
    from guide.render.fetcher import confined_fetcher

    fetcher = confined_fetcher(roots)
    with _collect_errors() as errors, _collect_garbage_rarely(), fonts_keep_their_dates():
        try:
            document = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=fetcher).render(
                font_config=FontConfiguration()
            )
            if len(document.pages) > _LONG:  # free the layout's garbage before drawing adds
                gc.collect()  # to the peak (5 % less at 200 pages; 60 ms a collection)
            data = document.write_pdf()
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
    anchors: dict[str, int] = {}
    for number, page in enumerate(document.pages, start=1):
        for name in page.anchors:
            anchors.setdefault(name, number)  # an element split over pages: its first page
    reads = tuple(sorted(fetcher.reads.items()))
    return RenderedPdf(data=data, pages=len(document.pages), anchors=anchors, reads=reads)
