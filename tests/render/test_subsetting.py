"""How the engine subsets fonts (``guide.render.subsetting``): HarfBuzz from uharfbuzz keeps
every glyph asked for, at its id, drops the shaping tables, keeps the font's date; the PDF
is the same bytes whether or not the system has WeasyPrint's own HarfBuzz-subset."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from guide import defaults
from guide.render.subsetting import harfbuzz_subset, subsetting_mended

FONT = defaults.STYLES_DIR / "fonts" / "NotoSans-Regular.ttf"
PAGE = """<html lang="en"><head><style>
@font-face { font-family: Guide; src: url(%s); }
body { font-family: Guide; }
</style></head><body><p>Intune, Autopilot &amp; Entra ID: 700 points.</p></body></html>"""


def test_a_subset_keeps_the_glyphs_asked_for_at_their_ids() -> None:
    original = TTFont(FONT)
    order = original.getGlyphOrder()
    wanted = {0, *(original.getGlyphID(original.getBestCmap()[ord(c)]) for c in "Intune700")}
    subset = TTFont(io.BytesIO(harfbuzz_subset(FONT.read_bytes(), 0, wanted, False, False)))
    assert subset["maxp"].numGlyphs == max(wanted) + 1  # ids kept; none after the last
    glyphs, source = subset["glyf"], original["glyf"]
    for gid in range(1, max(wanted) + 1):  # (.notdef keeps no outline, as in WeasyPrint)
        kept = glyphs[subset.getGlyphOrder()[gid]]
        if gid in wanted:
            assert kept.numberOfContours == source[order[gid]].numberOfContours != 0
            assert subset["hmtx"][subset.getGlyphOrder()[gid]][0] == original["hmtx"][order[gid]][0]
        else:
            assert kept.numberOfContours == 0
    assert {"GSUB", "GPOS"}.isdisjoint(subset.keys()) and {"GSUB", "GPOS"} <= set(original.keys())
    assert subset["head"].modified == original["head"].modified


def test_a_font_harfbuzz_cannot_read_is_no_subset() -> None:
    assert harfbuzz_subset(b"not a font", 0, {0, 1}, False, False) == b""


def render(monkeypatch: pytest.MonkeyPatch, system_subsetter: bool) -> bytes:
    import weasyprint
    import weasyprint.pdf.fonts

    if not system_subsetter:  # as on a machine without libharfbuzz-subset0
        monkeypatch.setattr(weasyprint.pdf.fonts, "harfbuzz_subset", None)
    with subsetting_mended():
        page = weasyprint.HTML(string=PAGE % FONT.as_uri())
        return bytes(page.write_pdf())


def test_the_pdf_is_the_same_with_or_without_the_system_subsetter(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """On a machine with libharfbuzz-subset0 (CI) WeasyPrint would subset with it, and
    with fontTools without it: into different bytes, and fontTools 25 ms a font."""
    with_library = render(monkeypatch, True)
    without = render(monkeypatch, False)
    assert with_library == without
    (tmp_path / "page.pdf").write_bytes(without)
    reader = PdfReader(tmp_path / "page.pdf")
    assert "Intune, Autopilot & Entra ID: 700 points." in reader.pages[0].extract_text()
    (font,) = reader.pages[0]["/Resources"]["/Font"].values()
    descendant = font.get_object()["/DescendantFonts"][0].get_object()
    widths, used = list(descendant["/W"]), set()
    for first, listed in zip(widths[::2], widths[1::2], strict=True):  # first [w w ...]
        used |= set(range(int(first), int(first) + len(listed)))
    embedded = descendant["/FontDescriptor"]["/FontFile2"].get_data()
    assert embedded == harfbuzz_subset(FONT.read_bytes(), 0, used, False, False)


def test_the_mending_ends_with_the_render() -> None:
    import weasyprint.pdf.fonts

    original = weasyprint.pdf.fonts.Font.subset
    with subsetting_mended(), subsetting_mended():  # renders side by side (the preview)
        assert weasyprint.pdf.fonts.Font.subset is not original
    assert weasyprint.pdf.fonts.Font.subset is original
