"""How the engine subsets the fonts it embeds, for the length of a render
(``subsetting_mended``): with HarfBuzz's subsetter, on every machine, dated as the font is.

- **HarfBuzz, from a wheel.** WeasyPrint subsets with HarfBuzz-subset where the system has
  it (Debian/Ubuntu: libharfbuzz-subset0) and otherwise with fontTools: 25 ms a font for
  Noto Sans, against 0.5 ms, three fonts in every document (and a guide in parts is many
  documents), into other bytes. Here its ``Font.subset`` runs WeasyPrint's own HarfBuzz
  steps (``pdf/fonts.py``: the same flags, the same tables dropped) through uharfbuzz,
  which carries HarfBuzz in its wheel: the same fast subset, and the same bytes, whether or
  not the system has the library. A font HarfBuzz cannot subset goes to WeasyPrint's own
  choice.
- **Dates.** Where fontTools still writes a font (WeasyPrint's fallback; a variable font
  made static) it stamps the current time (or ``SOURCE_DATE_EPOCH``, which the tool must
  not set for everyone: it also dates the PDF) in ``head.modified``. Here it keeps the
  font's own date, as HarfBuzz does, so the same inputs give the same PDF bytes.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from contextlib import contextmanager
from typing import Any

from guide.render.patching import EnginePatch

#: The tables WeasyPrint's HarfBuzz path drops (text in a PDF is shaped already).
DROPPED = ("BASE", "DSIG", "EBDT", "EBLC", "EBSC", "GPOS", "GSUB", "JSTF", "LTSH", "PCLT", "SVG ")

_patch = EnginePatch()
_originals = _patch.originals


def harfbuzz_subset(
    data: bytes, index: int, glyphs: Collection[int], hinting: bool, notdef_outline: bool
) -> bytes:
    """The font ``data`` (face ``index``) with only ``glyphs`` (by id, the ids kept), as
    WeasyPrint's ``Font._harfbuzz_subset`` makes it; b"" if HarfBuzz cannot."""
    import uharfbuzz as hb

    flags = hb.SubsetFlags.PASSTHROUGH_UNRECOGNIZED | hb.SubsetFlags.DESUBROUTINIZE
    if notdef_outline:
        flags |= hb.SubsetFlags.NOTDEF_OUTLINE
    kept = hb.SubsetInput()
    kept.glyph_set.update(sorted(glyphs))
    kept.flags = flags | hb.SubsetFlags.RETAIN_GIDS
    kept.drop_table_tag_set.update(_tag(name) for name in DROPPED)
    # then the empty glyphs after the last one used go
    trimmed = hb.SubsetInput()
    trimmed.glyph_set.update(range(max(glyphs) + 1))
    trimmed.flags = flags if hinting else flags | hb.SubsetFlags.NO_HINTING
    try:
        face = hb.subset(hb.subset(hb.Face(data, index), kept), trimmed)
    except (RuntimeError, TypeError):  # uharfbuzz raises, or returns None, for a bad font
        return b""
    return bytes(face.blob.data) if face is not None else b""


def _tag(name: str) -> int:
    return int.from_bytes(name.encode("ascii"), "big")


def _subset_with_harfbuzz(font: Any, to_unicode: dict[int, str], hinting: bool) -> None:
    """WeasyPrint's ``Font.subset``, with HarfBuzz from uharfbuzz."""
    if not to_unicode:
        return
    data = harfbuzz_subset(
        font.file_content, font.index, to_unicode.keys(), hinting, bool(font.missing)
    )
    if data:
        font.file_content = data
    else:
        _originals["subset"](font, to_unicode, hinting)


def _compile_keeping_date(table: Any, font: Any) -> bytes:
    recalc = font.recalcTimestamp
    font.recalcTimestamp = False  # (recalcBBoxes and the rest still apply)
    try:
        return bytes(_originals["compile"](table, font))
    finally:
        font.recalcTimestamp = recalc


@contextmanager
def subsetting_mended() -> Iterator[None]:
    """Within this block, the engine subsets fonts with uharfbuzz's HarfBuzz, and fontTools
    keeps a font's date."""
    from fontTools.ttLib.tables import _h_e_a_d
    from weasyprint.pdf import fonts

    with _patch.applied(
        {
            (_h_e_a_d.table__h_e_a_d, "compile"): _compile_keeping_date,
            (fonts.Font, "subset"): _subset_with_harfbuzz,
        }
    ):
        yield
