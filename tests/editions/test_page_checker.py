"""The page-quality checker (bench/page_quality.py) on tiny PDFs made here with WeasyPrint: it
finds each fault it names, and passes a clean page."""

from __future__ import annotations

import base64
import io
from pathlib import Path

import pytest
import segno
from PIL import Image

from bench.page_quality import (
    BLANK,
    LONG_LINES,
    NEAR_EMPTY,
    NO_PAGE_NUMBER,
    OFF_PAGE,
    OVERLAP,
    Finding,
    Limits,
    check_pdf,
    main,
)

FONTS = Path(__file__).parents[2] / "styles" / "fonts"
WORDS = (
    "Enrol the device, assign the policy and check that the laptop reports as compliant before "
    "you hand it over; then deploy the apps the team needs and confirm the update ring. "
)
STYLE = f"""
@font-face {{ font-family: Body; src: url("{(FONTS / "NotoSans-Regular.ttf").as_uri()}"); }}
@page {{ size: A4; margin: 22mm 17mm 24mm 20mm;
  @bottom-right {{ content: "Page " counter(page) " of " counter(pages); font-size: 7.5pt; }}
  @top-left {{ content: "Running head"; font-size: 7.5pt; }} }}
@page :blank {{ @bottom-right {{ content: none; }} @top-left {{ content: none; }} }}
body {{ font: 10pt/1.45 Body; margin: 0; }}
.column {{ width: 100mm; }}
.chapter {{ break-before: right; }}
"""


def page(text: str = WORDS * 16, width: str = "column") -> str:
    """A page of running text (about 50 lines of about 60 characters)."""
    return f'<div class="{width}"><p>{text}</p></div>'


def png_uri() -> str:
    buffer = io.BytesIO()
    Image.new("RGB", (60, 60), "#0F6CBD").save(buffer, "PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


PLACED = "position: absolute; top: 20mm; left: 30mm; width: 30mm; height: 30mm"
SAMPLES = {
    "clean": page(),
    "raster-over-text": page() + f'<img style="{PLACED}" src="{png_uri()}">',
    "qr-over-text": page()
    + f'<img style="{PLACED}" src="{segno.make("https://learn.microsoft.com/").svg_data_uri()}">',
    "chart-under-text": '<svg style="position: absolute; top: 0; width: 100mm; height: 60mm" '
    'viewBox="0 0 100 60"><rect x="0" y="10" width="80" height="10" fill="#0F6CBD"/>'
    '<rect x="0" y="30" width="50" height="10" fill="#E3008C"/></svg>' + page(),
    "picture-beside-text": f'<img style="{PLACED}; left: 140mm" src="{png_uri()}">' + page(),
    "long-lines": page(width="full"),
    "table-off-the-page": '<table style="width: 240mm; font-size: 9pt"><tr><td>Member</td>'
    '<td style="white-space: nowrap; padding-left: 50mm">Cohort 1, then SC-300 in the spring, '
    "then AB-650 once it is out of beta, and MS-102 never</td></tr></table>" + page(WORDS * 12),
    "band-at-the-edge": '<p style="position: absolute; top: -20mm; margin: 0">Trainer edition</p>'
    + page(WORDS * 12),
    "band-off-the-page": '<p style="position: absolute; top: -40mm; margin: 0">Trainer edition</p>'
    '<p style="width: 150mm; text-align: right">Contents ' + "." * 400 + "</p>" + page(WORDS * 12),
    "near-empty": page() + '<p style="break-before: page">Good luck, and enjoy the training.</p>',
    "ruled-notes": page() + '<h2 style="break-before: page">Notes</h2>'
    '<div style="height: 190mm; background: repeating-linear-gradient(#fff, #fff 7mm, #ccc 7mm, '
    '#ccc 7.3mm)"></div>',
    "short-tail": page() + f'<div style="break-before: page">{page(WORDS * 3)}</div>',
    "running-head-only": page() + '<div style="break-before: page"></div>'
    f'<div style="break-before: page">{page()}</div>',
    "blank-verso": page() + f'<section class="chapter">{page()}</section>',
    "unnumbered": f"<style>@page {{ @bottom-right {{ content: none; }} }}</style>{page()}",
    "french": '<style>@page { @bottom-right { content: "Page " counter(page) " sur " '
    f"counter(pages); }} }}</style>{page()}",
}


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    from weasyprint import HTML  # imported here: collecting tests stays light

    folder = tmp_path_factory.mktemp("quality-samples")
    paths = {}
    for name, body in SAMPLES.items():
        paths[name] = folder / f"{name}.pdf"
        html = f"<html lang='en'><style>{STYLE}</style><body>{body}</body></html>"
        HTML(string=html).write_pdf(paths[name])
    return paths


def kinds(findings: list[Finding]) -> list[tuple[int, str]]:
    return [(finding.page, finding.kind) for finding in findings]


def test_a_clean_numbered_page_has_no_finding(pdfs: dict[str, Path]) -> None:
    pages, findings = check_pdf(pdfs["clean"], Limits(numbered=True))
    assert findings == []
    (report,) = pages
    assert len(report.lines) > 40 and [line.text for line in report.running] == [
        "Running head",
        "Page 1 of 1",
    ]
    assert 50 <= max(report.body_chars) <= 75


@pytest.mark.parametrize("name", ["raster-over-text", "qr-over-text"])
def test_text_over_a_picture_or_qr_code_is_found(pdfs: dict[str, Path], name: str) -> None:
    _, findings = check_pdf(pdfs[name])
    assert kinds(findings) == [(1, OVERLAP)]
    assert len(findings[0].detail) > 20  # the covered text is named


@pytest.mark.parametrize("name", ["chart-under-text", "picture-beside-text"])
def test_charts_and_pictures_clear_of_text_are_no_finding(pdfs: dict[str, Path], name: str) -> None:
    assert check_pdf(pdfs[name])[1] == []


@pytest.mark.parametrize("name", ["table-off-the-page", "band-at-the-edge"])
def test_text_cut_by_the_edge_or_in_the_unprintable_strip_is_found(
    pdfs: dict[str, Path], name: str
) -> None:
    _, findings = check_pdf(pdfs[name])
    assert kinds(findings) == [(1, OFF_PAGE)]
    assert ("Cohort" if name.startswith("table") else "Trainer edition") in findings[0].detail


def test_text_wholly_off_the_page_and_clipped_leaders_are_no_finding(
    pdfs: dict[str, Path],
) -> None:
    assert check_pdf(pdfs["band-off-the-page"])[1] == []


def test_long_lines_are_found_and_measured(pdfs: dict[str, Path]) -> None:
    pages, findings = check_pdf(pdfs["long-lines"])
    assert kinds(findings) == [(1, LONG_LINES)]
    assert max(pages[0].body_chars) > 100
    assert check_pdf(pdfs["long-lines"], Limits(max_chars=130, median_chars=130))[1] == []


def test_a_page_of_one_line_or_a_short_tail_is_near_empty(pdfs: dict[str, Path]) -> None:
    pages, findings = check_pdf(pdfs["near-empty"])
    assert kinds(findings) == [(2, NEAR_EMPTY)]
    assert "enjoy the training" in findings[0].detail
    assert len(pages[1].lines) == 1
    assert kinds(check_pdf(pdfs["short-tail"])[1]) == [(2, NEAR_EMPTY)]
    assert check_pdf(pdfs["short-tail"], Limits(min_fill=0.05))[1] == []


def test_a_ruled_notes_page_is_not_near_empty(pdfs: dict[str, Path]) -> None:
    pages, findings = check_pdf(pdfs["ruled-notes"])
    assert findings == [] and len(pages[1].lines) == 1 and pages[1].drawn_fill > 0.5


def test_a_page_with_only_its_running_head_and_footer_is_blank(pdfs: dict[str, Path]) -> None:
    pages, findings = check_pdf(pdfs["running-head-only"])
    assert kinds(findings) == [(2, BLANK)]
    assert not pages[1].lines and pages[1].running


def test_a_blank_verso_is_intentional_until_blanks_are_too_many(pdfs: dict[str, Path]) -> None:
    pages, findings = check_pdf(pdfs["blank-verso"], Limits(max_blank_ratio=0.5))
    assert len(pages) == 3 and not pages[1].lines and not pages[1].running
    assert findings == []
    assert kinds(check_pdf(pdfs["blank-verso"])[1]) == [(2, BLANK)]  # 1 of 3 pages > a tenth


def test_page_numbers_are_required_only_when_asked(pdfs: dict[str, Path]) -> None:
    assert check_pdf(pdfs["unnumbered"])[1] == []
    assert kinds(check_pdf(pdfs["unnumbered"], Limits(numbered=True))[1]) == [(1, NO_PAGE_NUMBER)]
    assert check_pdf(pdfs["french"], Limits(numbered=True))[1] == []


def test_the_command_prints_a_table_and_fails_on_findings(
    pdfs: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([str(pdfs["clean"]), "--numbered"]) == 0
    assert capsys.readouterr().out.endswith("totals: no finding\n")
    assert main([str(pdfs["near-empty"]), str(pdfs["long-lines"]), "--max-chars", "200"]) == 1
    out = capsys.readouterr().out
    assert "near-empty: 1 lines" in out and "totals: near-empty 1, long-lines 1" in out


def test_unfolding_a_booklet_reverses_its_saddle_stitch_order() -> None:
    from bench.unfold import reading_order
    from guide.render.pdfpages import saddle_order

    for pages in (4, 8, 36):
        sides = saddle_order(pages)
        assert [sides[side][half] for side, half in reading_order(len(sides))] == list(range(pages))
