"""The built PDFs, opened and read: cover, contents, plan, lifecycle, outline, metadata, links."""

from __future__ import annotations

import re
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader

from tests.conftest import BuiltGuide, WriteOrg, build_one

A4 = (595.3, 841.9)
# a contents line reads: the dots (laid under the entry), number, title, page
CONTENTS_LINE = re.compile(r"^\.{20,}(?:\d+ |[AB] (?=SharedContent|Glossary))(.+?) (\d+)$")
LETTER = (612.0, 792.0)


def chapter_starts(guide: BuiltGuide) -> dict[str, int]:
    """Top-level bookmark title -> 1-based page number it points at."""
    reader = guide.reader
    return {
        item.title: reader.get_destination_page_number(item) + 1
        for item in reader.outline
        if not isinstance(item, list)
    }


def contents_entries(guide: BuiltGuide) -> dict[str, int]:
    """Chapter title -> page number as printed on the contents pages (numbered lines)."""
    entries: dict[str, int] = {}
    for index in range(1, 6):
        text = guide.page_text(index)
        if "Contents" not in text and not entries:
            continue
        for line in text.splitlines():
            match = CONTENTS_LINE.match(line.strip())
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
    assert "TRAINING DATE" in cover
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
    starts = chapter_starts(guide)
    total = len(guide.reader.pages)
    assert len(printed) >= 6, printed
    for title, page in printed.items():
        assert starts[title] == page, f"{title}: contents says {page}, starts on {starts[title]}"
        text = guide.page_text(page - 1)
        assert title in text.replace("\n", " ")
        assert f"Page {page} of {total}" in text


def test_chapters_open_on_right_hand_pages(examples: dict[str, BuiltGuide]) -> None:
    for title, page in chapter_starts(examples["contoso"]).items():
        assert page % 2 == 1, f"{title} starts on left-hand page {page}"


def test_running_heads_name_guide_on_left_and_chapter_on_right(
    examples: dict[str, BuiltGuide],
) -> None:
    guide = examples["contoso"]
    start = chapter_starts(guide)["Welcome"]
    left = guide.page_text(start)  # the page after the opening (right-hand) page
    assert "Endpoint and Microsoft 365 certification plan" in left
    right_page = start + 1
    assert "Welcome" in guide.page_text(right_page) or "Your team" in guide.page_text(right_page)


@pytest.mark.parametrize(
    "slug, rows",
    [
        # exam, title start, level, start with it, in total: worked out by hand from orgs/*.yaml
        (
            "contoso",
            [("MD-102", "Device", 8, 8), ("SC-300", "Identity", 0, 1), ("AB-650", "Tenant", 1, 2)],
        ),
        ("fabrikam", [("MD-102", "Device", 11, 11), ("SC-300", "Identity", 0, 3)]),
        (
            "northwind",
            [("MD-102", "Device", 6, 6), ("AB-650", "Tenant", 0, 5), ("MS-102", "Tenant", 2, 2)],
        ),
    ],
)
def test_plan_headcount_per_exam(
    examples: dict[str, BuiltGuide], slug: str, rows: list[tuple[str, str, int, int]]
) -> None:
    text = examples[slug].squashed
    section = text[text.index("Headcount per exam Exam Title") :]
    section = section[: section.index("Cohorts, in order")]
    found = re.findall(r"([A-Z]{2}-\d{3}) .+? (Device|Identity|Tenant) (\d+) (\d+)", section)
    assert [(code, level, int(a), int(b)) for code, level, a, b in found] == rows


def test_plan_names_members_and_their_first_exam(examples: dict[str, BuiltGuide]) -> None:
    text = examples["contoso"].squashed
    assert "Bob Leroy Microsoft 365 administrator AB-650" in text  # holds MD-102 already
    assert "Chloé Dubois Microsoft 365 administrator MD-102 AB-650" in text
    assert "Sofia Rossi Endpoint security administrator MD-102 SC-300" in text
    assert "4 unnamed Endpoint administrator MD-102" in text


def cohort_section(guide: BuiltGuide) -> str:
    text = guide.squashed
    section = text[text.rindex("Cohorts, in order") :]
    return section[: section.index("Why each role follows its path")]


def test_plan_cohorts_put_device_level_first(examples: dict[str, BuiltGuide]) -> None:
    cohorts = cohort_section(examples["contoso"])
    device = cohorts.index("MD-102 (device level): 8 people")
    identity = cohorts.index("SC-300 (identity level): 1 person: Sofia Rossi")
    tenant = cohorts.index("AB-650 (tenant level): 2 people: Bob Leroy, Chloé Dubois")
    assert device < identity < tenant


def test_plan_cohorts_put_an_exam_about_to_retire_first(examples: dict[str, BuiltGuide]) -> None:
    cohorts = cohort_section(examples["northwind"])
    retiring = cohorts.index("MS-102 (tenant level): 2 people: Hannah Becker, Tomás Alvarez")
    assert retiring < cohorts.index("MD-102 (device level): 6 people")
    assert retiring < cohorts.index("AB-650 (tenant level): 5 people")


def test_plan_opens_with_an_inline_svg_picture(examples: dict[str, BuiltGuide]) -> None:
    guide = examples["fabrikam"]
    page = chapter_starts(guide)["Your team's certification plan"]
    text = guide.page_text(page - 1)
    assert "Headcount per exam" in text and "Cohort order" in text and "Cohort 1" in text


def _org_with_date(write_org: WriteOrg, day: str) -> Path:
    return write_org(f"""
        organisation: {{name: Tailspin Toys}}
        training: {{date: {day}}}
        team:
          roles: {{m365-admin: 3, endpoint-admin: 2}}
          members:
            - {{name: Dana Cruz, role: m365-admin, certified: [MD-102]}}
        """)


def test_ms102_is_retiring_before_30_november_2026(write_org: WriteOrg, tmp_path: Path) -> None:
    guide = build_one(_org_with_date(write_org, "2026-11-20"), tmp_path / "out")
    text = guide.squashed
    assert "MS-102 retires on 30 November 2026, 10 days after the training date" in text
    assert "Retiring on 30 November 2026" in text
    assert "Dana Cruz Microsoft 365 administrator MS-102" in text
    assert "retired on 30 November 2026" not in text


def test_ms102_is_replaced_by_ab650_after_30_november_2026(
    write_org: WriteOrg, tmp_path: Path
) -> None:
    guide = build_one(_org_with_date(write_org, "2026-12-01"), tmp_path / "out")
    text = guide.squashed
    assert "MS-102 retired on 30 November 2026 and can no longer be taken" in text
    assert "Dana Cruz Microsoft 365 administrator AB-650" in text
    assert "2 unnamed Microsoft 365 administrator MD-102 AB-650" in text
    assert "retires on 30 November 2026, 10 days" not in text


def test_chapter_left_out_when_no_role_needs_it(examples: dict[str, BuiltGuide]) -> None:
    assert "MS-102: Microsoft 365 Administrator" not in chapter_starts(examples["fabrikam"])
    assert "MS-102: Microsoft 365 Administrator" in chapter_starts(examples["contoso"])
    assert "ms-102" not in examples["fabrikam"].result.chapters


def test_bookmarks_hold_chapters_and_their_sections(examples: dict[str, BuiltGuide]) -> None:
    outline = examples["contoso"].reader.outline
    titles = [item.title for item in outline if not isinstance(item, list)]
    assert titles[:3] == ["Contents", "Welcome", "Your team's certification plan"]
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
    starts = chapter_starts(guide)
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


def test_print_style_keeps_headings_with_their_text(tmp_path: Path) -> None:
    """Headings placed at every height near the foot of a page are moved to the next page."""
    from guide import defaults
    from guide.render.job import render_pdf

    sections = []
    for filler in range(38, 52):
        lines = "".join(f"<p>Filler line {n}.</p>" for n in range(filler))
        sections.append(
            f'<section class="chapter"><h1>Part {filler}</h1>{lines}'
            f'<h2 id="h{filler}">Heading after {filler} lines</h2>'
            "<p>First line.</p><p>Second line.</p><p>Third line.</p></section>"
        )
    stylesheet = (defaults.STYLES_DIR / "guide.css").as_uri()
    html = (
        f'<html lang="en"><head><link rel="stylesheet" href="{stylesheet}"></head>'
        f"<body>{''.join(sections)}</body></html>"
    )
    pdf = render_pdf(html, tmp_path.as_uri() + "/", [defaults.STYLES_DIR, tmp_path])
    (tmp_path / "x.pdf").write_bytes(pdf.data)
    reader = PdfReader(tmp_path / "x.pdf")
    tops = [
        float(child.top) for group in reader.outline if isinstance(group, list) for child in group
    ]
    assert len(tops) == 14
    assert min(tops) > BOTTOM_MARGIN_PT + 40
