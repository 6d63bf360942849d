"""Fonts of a joined guide: subsets of one font that agree are one program, drawing every
page as before; subsets that fill a glyph id with different outlines stay apart."""

from __future__ import annotations

import io

import pikepdf
import pypdfium2 as pdfium
from fontTools.ttLib import TTFont
from PIL import ImageChops
from pypdf import PdfReader

from guide import defaults
from guide.render.job import render_pdf
from guide.render.parts.fonts import merge_fonts

FONTS = (defaults.STYLES_DIR / "fonts").as_uri()


def _document(text: str) -> bytes:
    html = (
        f"<style>@font-face {{ font-family: T; src: url({FONTS}/NotoSans-Regular.ttf) }}"
        "@page { size: 120mm 40mm; margin: 5mm } p { font: 14pt T }</style>"
        f"<p>{text}</p>"
    )
    return render_pdf(html, FONTS + "/", [defaults.STYLES_DIR], tagged=False).data


def _pages_of(*documents: bytes) -> pikepdf.Pdf:
    joined = pikepdf.new()
    for data in documents:
        joined.pages.extend(pikepdf.open(io.BytesIO(data)).pages)
    return joined


def _programs(pdf: pikepdf.Pdf) -> list[pikepdf.Object]:
    found = {}
    for page in pdf.pages:
        for font in page.Resources.Font.values():
            descriptor = font.DescendantFonts[0].FontDescriptor
            found[descriptor.FontFile2.objgen] = descriptor.FontFile2
    return list(found.values())


def _saved(pdf: pikepdf.Pdf) -> bytes:
    stream = io.BytesIO()
    pdf.save(stream)
    return stream.getvalue()


def _pictures(data: bytes) -> list[object]:
    document = pdfium.PdfDocument(data)
    return [document[i].render(scale=2).to_pil().convert("L") for i in range(len(document))]


def _same_pictures(before: bytes, after: bytes) -> bool:
    return all(
        ImageChops.difference(a, b).getbbox() is None  # type: ignore[arg-type]
        for a, b in zip(_pictures(before), _pictures(after), strict=True)
    )


def test_subsets_that_agree_become_one_program_and_draw_the_same() -> None:
    pdf = _pages_of(_document("Autopilot enrols devices"), _document("Quick zebra jumps 0123"))
    assert len(_programs(pdf)) == 2
    before = _saved(pdf)
    merge_fonts(pdf)
    assert len(_programs(pdf)) == 1
    after = _saved(pdf)
    assert _same_pictures(before, after)
    texts = [page.extract_text() for page in PdfReader(io.BytesIO(after)).pages]
    assert texts == ["Autopilot enrols devices", "Quick zebra jumps 0123"]


def _glyph(program: TTFont, char: str) -> str:
    return str(program.getBestCmap()[ord(char)])


def test_subsets_numbered_otherwise_stay_apart() -> None:
    pdf = _pages_of(_document("Autopilot enrols devices"), _document("Autopilot and zebras"))
    first, second = (TTFont(io.BytesIO(p.read_bytes())) for p in _programs(pdf))
    assert first.getGlyphID(_glyph(first, "A")) == second.getGlyphID(_glyph(second, "A"))
    # the second subset's "A" drawn as its "z": the same glyph id, another outline
    second["glyf"][_glyph(second, "A")] = second["glyf"][_glyph(second, "z")]
    written = io.BytesIO()
    second.save(written)
    _programs(pdf)[1].write(written.getvalue())
    before = _saved(pdf)
    merge_fonts(pdf)
    assert len(_programs(pdf)) == 2
    assert _same_pictures(before, _saved(pdf))
