"""fontTools' subsetter, mended for the engine (``guide.render.subsetting``): the tables
WeasyPrint asks it to drop are never read, and the subset font is the same bytes."""

from __future__ import annotations

import io
from typing import Any

import pytest
from fontTools import subset
from fontTools.ttLib import TTFont, newTable
from fontTools.ttLib.tables._k_e_r_n import KernTable_format_0

from guide import defaults
from guide.render.subsetting import subsetting_mended

FONT = defaults.STYLES_DIR / "fonts" / "NotoSans-Regular.ttf"


class Watched(TTFont):  # type: ignore[misc]
    """A font that remembers which of its tables were read."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.read: set[str] = set()

    def __getitem__(self, tag: str) -> Any:
        self.read.add(tag)
        return super().__getitem__(tag)


def engine_subset(data: bytes) -> tuple[bytes, set[str], list[str]]:
    """``data`` subset as WeasyPrint subsets a font without HarfBuzz (pdf/fonts.py): the
    font's bytes, the tables read, the tables kept."""
    options = subset.Options(
        retain_gids=True,
        passthrough_tables=True,
        ignore_missing_glyphs=True,
        hinting=True,
        desubroutinize=True,
        notdef_outline=False,
    )
    options.drop_tables += ["GSUB", "GPOS", "SVG"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(gids={0, *range(3, 120)})
    font = Watched(io.BytesIO(data), recalcTimestamp=False)
    subsetter.subset(font)
    written = io.BytesIO()
    font.save(written)
    return written.getvalue(), font.read, sorted(font.keys())


def with_kerning(data: bytes) -> bytes:
    """The font with an old-style ``kern`` table beside its GPOS."""
    font = TTFont(io.BytesIO(data), recalcTimestamp=False)
    table = newTable("kern")
    table.version = 0
    pairs = KernTable_format_0()
    pairs.version, pairs.coverage, pairs.kernTable = 0, 1, {("A", "V"): -80}
    table.kernTables = [pairs]
    font["kern"] = table
    written = io.BytesIO()
    font.save(written)
    return written.getvalue()


@pytest.mark.parametrize("kerned", [False, True], ids=["bundled font", "with a kern table"])
def test_a_subset_is_the_same_font_without_reading_the_tables_it_drops(kerned: bool) -> None:
    data = FONT.read_bytes()
    if kerned:
        data = with_kerning(data)
    plain, _, plain_tables = engine_subset(data)
    with subsetting_mended():
        mended, read, mended_tables = engine_subset(data)
    assert {"GSUB", "GPOS"}.isdisjoint(read)
    assert "GSUB" not in mended_tables and "glyf" in mended_tables
    assert mended_tables == plain_tables and "kern" not in mended_tables
    assert mended == plain


def test_the_mending_ends_with_the_render() -> None:
    original = subset.Subsetter.subset
    with subsetting_mended(), subsetting_mended():  # renders side by side (the preview)
        assert subset.Subsetter.subset is not original
    assert subset.Subsetter.subset is original
