"""The bundled examples' learner guides, opened and read: cover, contents, running heads,
outline, metadata, page size, links, colours, fonts."""

from __future__ import annotations

import re

import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader

from tests.conftest import BuiltGuide

A4 = (595.3, 841.9)
# a contents line reads: the dots (laid under the entry), number, title, page
CONTENTS_LINE = re.compile(r"^(?:\d+ |[AB] (?=Sources|Glossary))(.+?) (\d+)$")
LETTER = (612.0, 792.0)


def contents_entries(guide: BuiltGuide) -> dict[str, int]:
    """Chapter title -> page number as printed on the contents pages (numbered lines)."""
    entries: dict[str, int] = {}
    for index in range(1, 6):
        text = guide.page_text(index)
        if "Contents" not in text and not entries:
            continue
        # laid out as on the page: an entry is drawn after its sections (its dots under it)
        laid_out = guide.reader.pages[index].extract_text(extraction_mode="layout")
        for line in laid_out.splitlines():
            match = CONTENTS_LINE.match(re.sub(r"\s+", " ", line.strip()))
            if match:
                entries[match[1]] = int(match[2])
        if "Sources and currency" in entries:
            break
    return entries


@pytest.mark.parametrize(
    "slug, name",
    [
        ("contoso", "Contoso Pharmaceuticals"),
        ("fabrikam", "Fabrikam Logistics"),
        ("northwind", "Northwind Traders"),
    ],
)
def test_cover_shows_the_organisation_and_session(
    examples: dict[str, BuiltGuide], slug: str, name: str
) -> None:
    cover = examples[slug].page_text(0)
    assert name in cover
    assert "Training date" in cover  # small capitals: the label extracts as its words
    assert "Page 1 of" not in cover  # no folio or running head on the cover


def test_cover_lists_trainer_venue_and_date(examples: dict[str, BuiltGuide]) -> None:
    cover = examples["contoso"].page_text(0)
    for expected in (
        "Endpoint and Microsoft 365",
        "18 January 2027",
        "Jane Doe",
        "Lyon, building C",
    ):
        assert expected in cover


@pytest.mark.parametrize("slug", ["contoso", "fabrikam", "northwind"])
def test_contents_page_numbers_match_where_chapters_start(
    examples: dict[str, BuiltGuide], slug: str
) -> None:
    guide = examples[slug]
    printed = contents_entries(guide)
    starts = guide.chapter_starts()
    total = len(guide.reader.pages)
    assert len(printed) >= 6, printed
    for title, page in printed.items():
        assert starts[title] == page, f"{title}: contents says {page}, starts on {starts[title]}"
        text = guide.page_text(page - 1)
        assert title in text.replace("\n", " ")
        assert f"Page {page} of {total}" in text


def test_chapters_open_on_the_next_page_and_blank_pages_stay_rare(
    examples: dict[str, BuiltGuide],
) -> None:
    """The contents opens on a right-hand page (the cover's back is blank, for duplex);
    chapters open on the next page, left or right, so at most a tenth of pages are blank."""
    for slug, guide in examples.items():
        starts = guide.chapter_starts()
        assert starts["Contents"] == 3, slug
        assert starts["Welcome"] == 4, slug  # the contents fits its page, A4 and Letter
        pages = [guide.page_text(i) for i in range(len(guide.reader.pages))]
        blank = [number for number, text in enumerate(pages, 1) if not text.strip()]
        assert blank == [2], f"{slug}: blank pages {blank}"
        assert len(blank) <= len(pages) / 10
        ordered = sorted(page for title, page in starts.items() if title != "Contents")
        assert ordered == sorted(set(ordered))  # one chapter per opening page


def test_running_heads_name_guide_on_left_and_chapter_on_right(
    examples: dict[str, BuiltGuide],
) -> None:
    guide = examples["contoso"]
    start = guide.chapter_starts()["Welcome"]
    for page in (start + 1, start + 2):  # the pages after the opening page: one left, one right
        text = guide.page_text(page - 1)
        if page % 2 == 0:
            assert "Endpoint and Microsoft 365 certification plan" in text, page
        else:
            assert "Welcome" in text, page


def test_bookmarks_hold_chapters_and_their_sections(examples: dict[str, BuiltGuide]) -> None:
    outline = examples["contoso"].reader.outline
    titles = [item.title for item in outline if not isinstance(item, list)]
    assert titles[:3] == ["Contents", "Welcome", "Your team’s certification plan"]
    assert titles[-1] == "Sources and currency"
    nested = [item for item in outline if isinstance(item, list)]
    assert any(
        child.title == "Who takes what"
        for group in nested
        for child in group
        if not isinstance(child, list)
    )


def test_metadata(examples: dict[str, BuiltGuide]) -> None:
    reader = examples["contoso"].reader
    meta = reader.metadata
    assert meta is not None
    assert meta.title == "Endpoint and Microsoft 365 certification plan – Contoso Pharmaceuticals"
    assert meta.author == "Contoso Pharmaceuticals"
    assert "MD-102" in (meta.subject or "")
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"


@pytest.mark.parametrize("slug, size", [("contoso", A4), ("fabrikam", LETTER)])
def test_page_size(examples: dict[str, BuiltGuide], slug: str, size: tuple[float, float]) -> None:
    for page in examples[slug].reader.pages:
        assert float(page.mediabox.width) == pytest.approx(size[0], abs=1)
        assert float(page.mediabox.height) == pytest.approx(size[1], abs=1)


def test_contents_links_jump_to_the_chapters(examples: dict[str, BuiltGuide]) -> None:
    guide = examples["contoso"]
    reader = guide.reader
    named = reader.named_destinations
    starts = guide.chapter_starts()
    targets = {
        str(annot.get_object()["/Dest"])
        for annot in reader.pages[2]["/Annots"]
        if "/Dest" in annot.get_object()
    }
    assert {"welcome", "plan", "md-102"} <= targets
    assert (
        reader.get_destination_page_number(named["md-102"]) + 1
        == starts["MD-102: Endpoint Administrator"]
    )


def test_external_addresses_are_printed(examples: dict[str, BuiltGuide]) -> None:
    text = examples["contoso"].squashed.replace(" ", "")
    assert "learn.microsoft.com/en-us/credentials/certifications/modern-desktop/" in text


def test_cover_band_uses_the_organisation_colour(examples: dict[str, BuiltGuide]) -> None:
    document = pdfium.PdfDocument(examples["fabrikam"].result.pdf)
    image = document[0].render(scale=0.5).to_pil().convert("RGB")
    width, height = image.size
    band = image.getpixel((width - 10, int(height * 0.40)))
    assert band == pytest.approx((0x1E, 0x7A, 0x46), abs=3)  # fabrikam primary #1E7A46
    blank_back = document[1].render(scale=0.3).to_pil().convert("L")
    assert blank_back.getextrema() == (255, 255)  # the cover's back has no running head


def test_fonts_are_embedded_bundled_noto(examples: dict[str, BuiltGuide]) -> None:
    reader = PdfReader(examples["northwind"].result.pdf)
    fonts = set()
    for page in reader.pages[:8]:
        resources = page["/Resources"].get_object()
        for font in resources.get("/Font", {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert any("Noto-Sans" in name for name in fonts), fonts
    assert not any("DejaVu" in name for name in fonts), fonts


BOTTOM_MARGIN_PT = 24 / 25.4 * 72


@pytest.mark.parametrize("slug", ["contoso", "fabrikam", "northwind"])
def test_no_heading_is_stranded_at_the_foot_of_a_page(
    examples: dict[str, BuiltGuide], slug: str
) -> None:
    """Every bookmarked heading has room for at least two lines of text below it."""
    reader = examples[slug].reader

    def walk(items: list[object]) -> list[tuple[str, float]]:
        found: list[tuple[str, float]] = []
        for item in items:
            if isinstance(item, list):
                found += walk(item)
            else:
                found.append((item.title, float(item.top)))  # type: ignore[attr-defined]
        return found

    for title, top in walk(reader.outline):
        assert top > BOTTOM_MARGIN_PT + 40, f"{slug}: heading '{title}' stranded at the foot"
