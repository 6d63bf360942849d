"""The print stylesheet keeps a heading with the lines of text below it."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader

from guide import defaults
from guide.render.job import render_pdf

BOTTOM_MARGIN_PT = 24 / 25.4 * 72


def test_print_style_keeps_headings_with_their_text(tmp_path: Path) -> None:
    """Headings placed at every height near the foot of a page are moved to the next page."""
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
