"""PDF post-processing with pypdf: pad a document to an even page count, impose a booklet.

Both work on finished PDF bytes, so the PDF engine lays out each document only once.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pypdf import PageObject, PdfWriter
    from pypdf.generic import IndirectObject


def _bytes(writer: PdfWriter) -> bytes:
    stream = io.BytesIO()
    writer.write(stream)
    return stream.getvalue()


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
    writer.pdf_header = reader.pdf_header  # the engine's version (PDF/A and PDF/UA name 1.7)
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
    ``back_cover`` (a PDF whose pages end the booklet: notes pages, then the outside back
    cover), which stays last.
    Each page is centred in its half of the sheet. Returns the imposed PDF and the padded
    page count. Print duplex, flipping on the short edge.
    """
    from pypdf import PageObject, PdfReader, PdfWriter

    reader = PdfReader(io.BytesIO(data))
    back = list(PdfReader(io.BytesIO(back_cover)).pages) if back_cover else []
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
        side = PageObject.create_blank_page(writer, width=sheet_width, height=sheet_height)
        placed = []
        for index, half in ((left, 0.0), (right, sheet_width / 2)):
            page = ordered[index] if index is not None else None
            if page is not None:
                placed.append((_as_form(writer, page), half + gap_x, gap_y))
        _draw_forms(writer, side, placed)
        writer.add_page(side)
    writer.add_metadata({"/Title": title, "/Author": author, "/Producer": "guide"})
    return _bytes(writer), padded


def _as_form(writer: PdfWriter, page: PageObject) -> IndirectObject:
    """``page`` as a form XObject in ``writer``: drawn where it is placed, its tiling patterns
    (the plan chart's hatching, ruled notes) move with it, which they do not when its content
    is merged into the sheet's (a pattern keeps to the space of the page that draws it), and
    its box clips what runs past its edge (the contents' leader dots)."""
    from pypdf.generic import ArrayObject, DecodedStreamObject, FloatObject, NameObject

    form = DecodedStreamObject()
    contents = page.get_contents()
    form.set_data(contents.get_data() if contents is not None else b"")
    form[NameObject("/Type")] = NameObject("/XObject")
    form[NameObject("/Subtype")] = NameObject("/Form")
    form[NameObject("/BBox")] = ArrayObject(FloatObject(float(v)) for v in page.mediabox)
    resources = page.get("/Resources")
    if resources is not None:
        form[NameObject("/Resources")] = resources.get_object().clone(writer)
    return writer._add_object(form)


def _draw_forms(
    writer: PdfWriter, side: PageObject, placed: list[tuple[IndirectObject, float, float]]
) -> None:
    """Draw each form at its (x, y) on the sheet side ``side``."""
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    names = DictionaryObject()
    drawing = []
    for number, (form, x, y) in enumerate(placed):
        names[NameObject(f"/Page{number}")] = form
        drawing.append(f"q 1 0 0 1 {x:.4f} {y:.4f} cm /Page{number} Do Q")
    resources = DictionaryObject({NameObject("/XObject"): names})
    side[NameObject("/Resources")] = resources
    content = DecodedStreamObject()
    content.set_data("\n".join(drawing).encode())
    side[NameObject("/Contents")] = writer._add_object(content)
