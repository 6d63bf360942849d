"""PDF post-processing with pypdf: split a combined document, impose a booklet.

Both work on finished PDF bytes, so the PDF engine lays out each document only once.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pypdf import PdfWriter


def _bytes(writer: PdfWriter) -> bytes:
    stream = io.BytesIO()
    writer.write(stream)
    return stream.getvalue()


def split(data: bytes, parts: list[tuple[int, int, str]], author: str) -> list[bytes]:
    """Each (first, last, title) page range (1-based, inclusive) as a PDF of its own."""
    from pypdf import PdfReader, PdfWriter  # imported when needed: a no-op build never is

    reader = PdfReader(io.BytesIO(data))
    documents = []
    for first, last, title in parts:
        writer = PdfWriter()
        for index in range(first - 1, last):
            writer.add_page(reader.pages[index])
        writer.add_metadata({"/Title": title, "/Author": author, "/Producer": "guide"})
        documents.append(_bytes(writer))
    return documents


def saddle_order(pages: int) -> list[tuple[int | None, int | None]]:
    """For ``pages`` (a multiple of 4), the (left, right) page indexes of each sheet side,
    front then back, so the printed, folded sheets read in order."""
    assert pages % 4 == 0
    sides: list[tuple[int | None, int | None]] = []
    for sheet in range(pages // 4):
        sides.append((pages - 1 - 2 * sheet, 2 * sheet))
        sides.append((2 * sheet + 1, pages - 2 - 2 * sheet))
    return sides


def pad_to_even(data: bytes) -> tuple[bytes, int]:
    """``data`` with a blank page added at the end if its page count is odd."""
    from pypdf import PdfReader, PdfWriter

    reader = PdfReader(io.BytesIO(data))
    if len(reader.pages) % 2 == 0:
        return data, len(reader.pages)
    writer = PdfWriter(clone_from=reader)
    box = reader.pages[-1].mediabox
    writer.add_blank_page(width=float(box.width), height=float(box.height))
    return _bytes(writer), len(reader.pages) + 1


#: Sheet sizes in points (landscape) for the papers a booklet is printed on.
SHEETS = {"A4": (841.89, 595.28), "Letter": (792.0, 612.0)}


def impose_booklet(
    data: bytes, sheet: str, title: str, author: str, back_cover: bytes | None = None
) -> tuple[bytes, int]:
    """Two pages per side of a landscape ``sheet``, in saddle-stitch order.

    The page count is padded with blank pages to a multiple of 4: at the end, or before
    ``back_cover`` (a one-page PDF), which stays the last page, the outside back cover.
    Each page is centred in its half of the sheet. Returns the imposed PDF and the padded
    page count. Print duplex, flipping on the short edge.
    """
    from pypdf import PageObject, PdfReader, PdfWriter, Transformation

    reader = PdfReader(io.BytesIO(data))
    back = PdfReader(io.BytesIO(back_cover)).pages[:1] if back_cover else []
    pages = list(reader.pages)
    sheet_width, sheet_height = SHEETS[sheet]
    width = float(pages[0].mediabox.width)
    height = float(pages[0].mediabox.height)
    gap_x = (sheet_width / 2 - width) / 2
    gap_y = (sheet_height - height) / 2
    padded = -(-(len(pages) + len(back)) // 4) * 4
    ordered: list[PageObject | None] = [*pages]
    ordered += [None] * (padded - len(pages) - len(back)) + list(back)
    writer = PdfWriter()
    for left, right in saddle_order(padded):
        side = PageObject.create_blank_page(width=sheet_width, height=sheet_height)
        for index, half in ((left, 0.0), (right, sheet_width / 2)):
            page = ordered[index] if index is not None else None
            if page is not None:
                move = Transformation().translate(half + gap_x, gap_y)
                side.merge_transformed_page(page, move)
        writer.add_page(side)
    writer.add_metadata({"/Title": title, "/Author": author, "/Producer": "guide"})
    return _bytes(writer), padded
