"""Fonts of a joined guide: subsets of one font that agree are one program, drawing every
page as before; subsets that fill a glyph id with different outlines stay apart."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
from fontTools.ttLib import TTFont
from PIL import ImageChops
from pypdf import PdfReader

from guide import defaults
from guide.render.job import render_pdf
from guide.render.parts.fonts import merge_fonts

FONTS = (defaults.STYLES_DIR / "fonts").as_uri()
ROOT = Path(__file__).resolve().parents[2]


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


MERGE_AND_DIGEST = """
import hashlib, io, sys
import pikepdf
from guide.render.parts.fonts import merge_fonts
pdf = pikepdf.open(sys.argv[1])
merge_fonts(pdf)
out = io.BytesIO()
pdf.save(out, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
print(hashlib.sha256(out.getvalue()).hexdigest())
"""


def _styled(text: str) -> bytes:
    faces = "".join(
        f"@font-face {{ font-family: T; src: url({FONTS}/NotoSans-{face}.ttf); {style} }}"
        for face, style in (
            ("Regular", ""),
            ("Bold", "font-weight: 700"),
            ("Italic", "font-style: italic"),
            ("BoldItalic", "font-weight: 700; font-style: italic"),
        )
    )
    html = (
        f"<style>{faces} @page {{ size: 120mm 40mm; margin: 5mm }} p {{ font: 12pt T }}</style>"
        f"<p>{text} <b>{text}</b> <i>{text}</i> <b><i>{text}</i></b></p>"
    )
    return render_pdf(html, FONTS + "/", [defaults.STYLES_DIR], tagged=False).data


def test_the_merge_is_the_same_bytes_in_every_process(tmp_path: Path) -> None:
    """pikepdf gives a dictionary's keys as a set, in an order that changes with Python's
    string hashing from one process to the next: the fonts are merged in key order, and
    saved as the join saves (object streams, numbered as the objects were made)."""
    pdf = _pages_of(_styled("Intune"), _styled("Autopilot"), _styled("Entra ID"))
    source = tmp_path / "parts.pdf"
    pdf.save(source)
    digests = set()
    for seed in range(6):
        result = subprocess.run(
            [sys.executable, "-c", MERGE_AND_DIGEST, str(source)],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": str(seed), "PYTHONPATH": str(ROOT)},
        )
        digests.add(result.stdout.strip())
    assert len(digests) == 1
