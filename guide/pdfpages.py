"""PDF post-processing with pypdf: split a combined document, impose a booklet.

Both work on finished PDF bytes, so the PDF engine lays out each document only once.
"""

from __future__ import annotations

import io

from pypdf import PageObject, PdfReader, PdfWriter, Transformation


def _bytes(writer: PdfWriter) -> bytes:
    stream = io.BytesIO()
    writer.write(stream)
    return stream.getvalue()


def extract(data: bytes, first: int, last: int, title: str, author: str) -> bytes:
    """Pages ``first`` to ``last`` (1-based, inclusive) as a PDF of their own."""
    reader = PdfReader(io.BytesIO(data))
    writer = PdfWriter()
    for index in range(first - 1, last):
        writer.add_page(reader.pages[index])
    writer.add_metadata({"/Title": title, "/Author": author, "/Producer": "guide"})
    return _bytes(writer)


def saddle_order(pages: int) -> list[tuple[int | None, int | None]]:
    """For ``pages`` (a multiple of 4), the (left, right) page indexes of each sheet side,
    front then back, so the printed, folded sheets read in order."""
    assert pages % 4 == 0
    sides: list[tuple[int | None, int | None]] = []
    for sheet in range(pages // 4):
        sides.append((pages - 1 - 2 * sheet, 2 * sheet))
        sides.append((2 * sheet + 1, pages - 2 - 2 * sheet))
    return sides


def impose_booklet(data: bytes, title: str, author: str) -> tuple[bytes, int]:
    """Two pages per side of a landscape sheet, in saddle-stitch order.

    The page count is padded with blank pages at the end to a multiple of 4. Returns the
    imposed PDF and the padded page count. Print duplex, flipping on the short edge.
    """
    reader = PdfReader(io.BytesIO(data))
    pages = list(reader.pages)
    width = float(pages[0].mediabox.width)
    height = float(pages[0].mediabox.height)
    padded = -(-len(pages) // 4) * 4
    writer = PdfWriter()
    for left, right in saddle_order(padded):
        sheet = PageObject.create_blank_page(width=2 * width, height=height)
        for index, offset in ((left, 0.0), (right, width)):
            if index is not None and index < len(pages):
                sheet.merge_transformed_page(pages[index], Transformation().translate(offset, 0))
        writer.add_page(sheet)
    writer.add_metadata({"/Title": title, "/Author": author, "/Producer": "guide"})
    return _bytes(writer), padded
