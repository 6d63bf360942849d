"""Titles never break at their own hyphens: a cover title prints "kick-off", not "kick-" / "off"."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest

from guide import defaults
from guide.compose.titles import keep_hyphenated_whole
from guide.render.job import render_pdf

TITLE = "Endpoint administration kick-off and roll-out workshop for the service-desk team"
#: pdfium ends a line that breaks after a hyphen with this mark, or with a line break.
LINE_ENDS = "\r\n\ufffe"


def test_hyphenated_words_are_wrapped_and_the_rest_escaped() -> None:
    out = keep_hyphenated_whole("R&D kick-off <now>")
    assert out == 'R&amp;D <span class="keep-whole">kick-off</span> &lt;now&gt;'
    assert keep_hyphenated_whole("Endpoint guide") == "Endpoint guide"


def _title_lines(tmp_path: Path, title_html: str, width_mm: int) -> list[str]:
    stylesheet = (defaults.STYLES_DIR / "guide.css").as_uri()
    html = (
        f'<html lang="en"><head><link rel="stylesheet" href="{stylesheet}"></head><body>'
        f'<h1 class="cover-title" style="width: {width_mm}mm; font-size: 26pt">{title_html}</h1>'
        "</body></html>"
    )
    pdf = render_pdf(html, tmp_path.as_uri() + "/", [defaults.STYLES_DIR, tmp_path])
    document = pdfium.PdfDocument(pdf.data)
    text = document[0].get_textpage().get_text_range()
    document.close()
    for mark in LINE_ENDS:
        text = text.replace(mark, "\n")
    return [line.strip() for line in text.splitlines() if line.strip()]


@pytest.mark.parametrize("wrapped", [True, False], ids=["filtered", "plain"])
def test_no_title_line_breaks_inside_a_hyphenated_word(tmp_path: Path, wrapped: bool) -> None:
    """At some width between 40 and 120 mm the plain title breaks after one of its hyphens (so
    the test can fail: pdfium drops a hyphen that ends a line); the filtered one never does."""
    title = keep_hyphenated_whole(TITLE) if wrapped else TITLE
    hyphenated = [word for word in TITLE.split() if "-" in word]
    broken = {
        width: missing
        for width in range(40, 121, 8)
        if (lines := _title_lines(tmp_path, str(title), width))
        and (missing := [w for w in hyphenated if not any(w in line for line in lines)])
    }
    assert bool(broken) is not wrapped, broken
