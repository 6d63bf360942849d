"""PDF post-processing on a small document WeasyPrint makes once: split, pad, impose."""

from __future__ import annotations

import io

import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageChops, ImageStat
from pypdf import PageObject, PdfReader
from pypdf.generic import Destination

from guide.render.engine import import_weasyprint
from guide.render.pdfpages import SHEETS, impose_booklet, pad_to_even, saddle_order

A5 = (419.53, 595.28)  # points, to two decimals


@pytest.fixture(scope="module")
def five_pages() -> bytes:
    """Five A5 pages, 'Page 1' to 'Page 5', each a bookmarked heading."""
    weasyprint = import_weasyprint()
    pages = "".join(
        f'<h1 style="break-before: page">Page {n}</h1>' if n > 1 else f"<h1>Page {n}</h1>"
        for n in range(1, 6)
    )
    html = f"<title>Five</title><style>@page {{ size: A5 }}</style>{pages}"
    return bytes(weasyprint.HTML(string=html).write_pdf())


def read(data: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(data))


def texts(data: bytes) -> list[str]:
    return [(page.extract_text() or "").strip() for page in read(data).pages]


def size(page: PageObject) -> tuple[float, float]:
    return round(float(page.mediabox.width), 2), round(float(page.mediabox.height), 2)


def bookmarks(reader: PdfReader) -> list[str]:
    return [str(item.title) for item in reader.outline if isinstance(item, Destination)]


def test_the_document_made_for_these_tests(five_pages: bytes) -> None:
    reader = read(five_pages)
    assert texts(five_pages) == [f"Page {n}" for n in range(1, 6)]
    assert bookmarks(reader) == [f"Page {n}" for n in range(1, 6)]
    assert {size(page) for page in reader.pages} == {A5}


def test_an_odd_document_gets_one_blank_page_of_the_same_size(five_pages: bytes) -> None:
    padded, pages = pad_to_even(five_pages)
    reader = read(padded)
    assert pages == len(reader.pages) == 6
    assert texts(padded) == [*(f"Page {n}" for n in range(1, 6)), ""]
    assert {size(page) for page in reader.pages} == {A5}
    # the rest of the document is kept: its bookmarks and metadata
    assert bookmarks(reader) == [f"Page {n}" for n in range(1, 6)]
    assert reader.metadata is not None and reader.metadata.title == "Five"


def test_padding_keeps_an_archival_tagged_document_what_it_is() -> None:
    """handouts.pdf is padded after the engine wrote it as PDF/A and PDF/UA: the padded
    file keeps the version, identification, output intent, structure and file ID."""
    from guide.render.variants import Archival, write
    from tests.pdf_structure import read_structure

    weasyprint = import_weasyprint()
    document = weasyprint.HTML(string='<html lang="en"><title>One</title><p>Page 1</p>').render()
    data = write(weasyprint, document, tagged=True, archival=Archival(standard="pdf/a-3u"))
    padded, pages = pad_to_even(data)
    assert pages == 2 and padded.startswith(b"%PDF-1.7\n")
    before, after = read_structure(data), read_structure(padded)
    assert (after.pdfa, after.ua_part, after.marked, after.lang) == ("3U", "1", True, "en")
    assert after.output_intent and after.reading == before.reading and not after.untagged
    assert read(padded).trailer["/ID"] == read(data).trailer["/ID"]


def test_an_even_document_is_returned_unchanged(five_pages: bytes) -> None:
    six, _ = pad_to_even(five_pages)
    assert pad_to_even(six) == (six, 6)


def test_saddle_order_for_two_sheets() -> None:
    assert saddle_order(8) == [(7, 0), (1, 6), (5, 2), (3, 4)]


def runs(data: bytes, index: int) -> list[tuple[str, float, float]]:
    """Each run of text on a page (a word here), with where it starts (x, y) in points: read
    by pdfium, which draws form XObjects where they are placed, as a viewer does."""
    pdf = pdfium.PdfDocument(data)
    try:
        textpage = pdf[index].get_textpage()
        found = []
        for rect in range(textpage.count_rects()):
            left, bottom, right, top = textpage.get_rect(rect)
            text = textpage.get_text_bounded(left, bottom, right, top).strip()
            if text:
                found.append((text, left, bottom))
        return found
    finally:
        pdf.close()


def halves(data: bytes, index: int, sheet_width: float) -> tuple[str, str]:
    """The text in the left and right halves of an imposed sheet side."""
    found: dict[str, list[str]] = {"left": [], "right": []}
    for text, x, _ in runs(data, index):
        found["left" if x < sheet_width / 2 else "right"].append(text)
    return " ".join(found["left"]), " ".join(found["right"])


@pytest.mark.parametrize("sheet", ["A4", "Letter"])
def test_a_booklet_puts_two_pages_a_side_in_saddle_stitch_order(
    five_pages: bytes, sheet: str
) -> None:
    data, padded = impose_booklet(five_pages, sheet, "Plan – booklet", "Acme")
    reader = read(data)
    assert padded == 8  # five pages and three blank ones: two sheets, four sides
    assert len(reader.pages) == 4
    sheet_width, sheet_height = SHEETS[sheet]
    assert {size(page) for page in reader.pages} == {(sheet_width, sheet_height)}
    assert [halves(data, index, sheet_width) for index in range(4)] == [
        ("", "Page 1"),  # front of the outer sheet: the back cover (blank) and the front
        ("Page 2", ""),
        ("", "Page 3"),
        ("Page 4", "Page 5"),
    ]
    metadata = reader.metadata
    assert metadata is not None
    assert (metadata.title, metadata.author, metadata.producer) == (
        "Plan – booklet",
        "Acme",
        "guide",
    )


def origins(data: bytes, index: int) -> list[tuple[float, float]]:
    """Where each run of text on a page starts (x, y), in points."""
    return [(x, y) for _, x, y in runs(data, index)]


@pytest.mark.parametrize("sheet", ["A4", "Letter"])
def test_booklet_pages_are_centred_in_their_half(five_pages: bytes, sheet: str) -> None:
    data, _ = impose_booklet(five_pages, sheet, "T", "A")
    sheet_width, sheet_height = SHEETS[sheet]
    gap_x, gap_y = (sheet_width / 2 - A5[0]) / 2, (sheet_height - A5[1]) / 2
    [(x4, y4)] = origins(five_pages, 3)
    [(x5, y5)] = origins(five_pages, 4)
    left, right = origins(data, 3)
    assert left == pytest.approx((gap_x + x4, gap_y + y4), abs=0.01)
    assert right == pytest.approx((sheet_width / 2 + gap_x + x5, gap_y + y5), abs=0.01)


def bitmap(data: bytes, index: int, scale: float) -> Image.Image:
    pdf = pdfium.PdfDocument(data)
    try:
        return pdf[index].render(scale=scale).to_pil().convert("L")
    finally:
        pdf.close()


@pytest.mark.parametrize(("sheet", "paper"), [("A4", "A5"), ("Letter", "5.5in 8.5in")])
def test_an_imposed_page_looks_as_it_did_patterns_and_clipping_too(sheet: str, paper: str) -> None:
    """Tiling patterns (ruled notes, hatched chart bars) stay with their page when another
    page with patterns of its own shares the sheet side, and what runs past a page's edge
    (leader dots) stays off the page beside it."""
    weasyprint = import_weasyprint()
    squares = (
        "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='10' height='10'%3E"
        "%3Crect width='4' height='4' fill='black'/%3E%3C/svg%3E"
    )
    html = (
        f"<style>@page {{ size: {paper}; margin: 20mm }}"
        f' .ruled {{ height: 60mm; background: url("{squares}"); background-size: 7mm 7mm }}'
        " .long { white-space: nowrap; font-size: 30pt } section { break-after: page }</style>"
        "<section><p>One</p></section>"
        "<section><div class='ruled'></div><p class='long'>" + "W" * 40 + "</p></section>"
        "<section><p style='margin-top: 33mm'>Three</p><div class='ruled'></div></section>"
    )
    pages = bytes(weasyprint.HTML(string=html).write_pdf())
    data, _ = impose_booklet(pages, sheet, "T", "A")  # side 2: pages 2 and 3
    side = bitmap(data, 1, 1.0)  # 1 px a point
    sheet_width, sheet_height = SHEETS[sheet]
    for index, half in ((1, 0.0), (2, sheet_width / 2)):
        original = bitmap(pages, index, 1.0)
        x = round(half + (sheet_width / 2 - original.width) / 2)
        y = round((sheet_height - original.height) / 2)
        differences = [  # the page sits a part of a pixel off the grid: the best of nine shifts
            ImageStat.Stat(
                ImageChops.difference(
                    original,
                    side.crop((x + dx, y + dy, x + dx + original.width, y + dy + original.height)),
                )
            ).mean[0]
            for dx in (-1, 0, 1)
            for dy in (-1, 0, 1)
        ]
        assert min(differences) < 4, f"page {index + 1}"
