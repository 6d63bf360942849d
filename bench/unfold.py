"""Unfolding a saddle-stitched booklet for the page-quality checker: each landscape sheet side
holds two pages; cut every side in half and put the halves back in reading order, so that the
booklet's pages are judged one by one, as a reader turns them (bench/page_quality.py --booklet).

The order is that of guide/render/pdfpages.py's ``saddle_order``, written out again here because
the checker imports nothing from `guide`: side 2k holds pages (n-1-2k, 2k), side 2k+1 holds
(2k+1, n-2-2k), for n pages (0-based, n a multiple of 4).
"""

from __future__ import annotations

from pathlib import Path

from pypdf import PageObject, PdfReader, PdfWriter, Transformation


def reading_order(sides: int) -> list[tuple[int, int]]:
    """For each page of a booklet of ``sides`` sheet sides, in reading order: (side, half),
    half 0 the left, 1 the right."""
    pages = 2 * sides
    where: dict[int, tuple[int, int]] = {}
    for sheet in range(sides // 2):
        where[pages - 1 - 2 * sheet], where[2 * sheet] = (2 * sheet, 0), (2 * sheet, 1)
        where[2 * sheet + 1], where[pages - 2 - 2 * sheet] = (2 * sheet + 1, 0), (2 * sheet + 1, 1)
    return [where[page] for page in range(pages)]


def unfold(booklet: Path, out: Path) -> Path:
    """Write the pages of ``booklet`` one per page, in reading order, to ``out``."""
    reader = PdfReader(booklet)
    if len(reader.pages) % 2:
        raise ValueError(f"{booklet}: an odd number of sheet sides is not a booklet")
    writer = PdfWriter()
    for side, half in reading_order(len(reader.pages)):
        sheet = reader.pages[side]
        width, height = float(sheet.mediabox.width) / 2, float(sheet.mediabox.height)
        page = PageObject.create_blank_page(width=width, height=height)
        page.merge_transformed_page(sheet, Transformation().translate(-half * width, 0))
        writer.add_page(page)
    with out.open("wb") as file:
        writer.write(file)
    return out
