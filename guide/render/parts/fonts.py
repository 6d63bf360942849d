"""One font program for each font the parts share: ``merge_fonts``.

Each part embeds its own subset of every font it uses (Noto Sans regular, bold, italic, and
the furniture's): joined as they are, a guide in six parts carried eighteen font programs
where the whole render has three (a third more bytes). Here the joined PDF's subsets are
found and grouped by font (``find_subsets``); their programs are merged as plain data
(``guide.render.parts.fontprograms``, in a worker beside the rest of the join); then every
page and form points at the merged font, its widths (``/W``) and text mapping
(``/ToUnicode``) joined (``SubsetsFound.apply``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from guide.render.parts.fontprograms import FontMergeJob, Merged, Subset

_TAGGED = re.compile(r"^/[A-Z]{6}\+")


def merge_fonts(pdf: Any) -> None:
    """Point every page and form of ``pdf`` at one merged font for each group of subsets."""
    found = find_subsets(pdf)
    found.apply(pdf, found.job().render())


@dataclass(frozen=True)
class SubsetsFound:
    """The /Font resource dictionaries of a PDF (with each key) and its Type 0 TrueType
    fonts grouped by what subsets of one font share."""

    holders: list[tuple[Any, Any]]  # (a /Font resource dictionary, its key)
    groups: list[list[Any]]

    def job(self) -> FontMergeJob:
        """The merge as plain data (a font alone in its group has nothing to merge with)."""
        return FontMergeJob(
            tuple(
                tuple(_subset(font) for font in group) if len(group) > 1 else ()
                for group in self.groups
            )
        )

    def apply(self, pdf: Any, merged: tuple[tuple[Merged, ...], ...]) -> None:
        """Point the holders at the fonts ``merged`` (``job().render()``) makes."""
        replacing: dict[tuple[int, int], Any] = {}
        for group, programs in zip(self.groups, merged, strict=True):
            for program in programs:
                one = _font(pdf, [group[index] for index in program.members], program)
                replacing.update({group[index].objgen: one for index in program.members})
        for fonts, key in self.holders:
            replacement = replacing.get(fonts[key].objgen)
            if replacement is not None:
                fonts[key] = replacement


def find_subsets(pdf: Any) -> SubsetsFound:
    holders: list[tuple[Any, Any]] = []
    groups: dict[tuple[str, ...], list[Any]] = {}
    seen: set[tuple[int, int]] = set()
    for fonts in _font_dictionaries(pdf):
        for key in list(fonts):  # in key order (keys() is a set: its order varies by run)
            font = fonts[key]
            holders.append((fonts, key))
            if font.objgen in seen or _program(font) is None:
                continue
            seen.add(font.objgen)
            groups.setdefault(_identity(font), []).append(font)
    return SubsetsFound(holders, list(groups.values()))


def _font_dictionaries(pdf: Any) -> Iterator[Any]:
    """Every /Font resource dictionary of the pages and of the forms they draw, once."""
    visited: set[tuple[int, int]] = set()

    def walk(resources: Any) -> Iterator[Any]:
        if resources is None or (resources.is_indirect and resources.objgen in visited):
            return
        if resources.is_indirect:
            visited.add(resources.objgen)
        if "/Font" in resources:
            yield resources.Font
        for form in resources.get("/XObject", {}).values():
            if form.objgen not in visited and form.get("/Subtype") == "/Form":
                visited.add(form.objgen)
                yield from walk(form.get("/Resources"))

    for page in pdf.pages:
        yield from walk(page.obj.get("/Resources"))


def _program(font: Any) -> Any:
    """A Type 0 font's embedded TrueType program, or None for any other kind."""
    if font.get("/Subtype") != "/Type0" or "/DescendantFonts" not in font:
        return None
    descendant = font.DescendantFonts[0]
    if descendant.get("/CIDToGIDMap") != "/Identity" or "/ToUnicode" not in font:
        return None
    return descendant.get("/FontDescriptor", {}).get("/FontFile2")


def _identity(font: Any) -> tuple[str, ...]:
    """What subsets of one font share: the name after the subset tag, the descriptor's
    metrics and flags (not its box, which bounds the glyphs kept)."""
    descriptor = font.DescendantFonts[0].FontDescriptor
    name = _TAGGED.sub("/", str(font.BaseFont))
    shared = ("/Flags", "/ItalicAngle", "/Ascent", "/Descent", "/FontFamily")
    return (name, str(font.get("/Encoding")), *(repr(descriptor.get(key)) for key in shared))


def _widths(array: Any) -> dict[int, float]:
    """A /W array (``first [w w …]`` or ``first last w``) as glyph id -> width."""
    import pikepdf

    items = list(array)
    widths: dict[int, float] = {}
    index = 0
    while index < len(items):
        first = int(items[index])
        if not isinstance(items[index + 1], pikepdf.Array):
            last, width = int(items[index + 1]), float(items[index + 2])
            widths.update({gid: width for gid in range(first, last + 1)})
            index += 3
        else:
            widths.update({first + n: float(w) for n, w in enumerate(items[index + 1])})
            index += 2
    return widths


def _width_array(widths: dict[int, float]) -> Any:
    import pikepdf

    array: list[Any] = []
    run: list[float] = []
    start = previous = -2
    for gid in sorted(widths):
        if gid != previous + 1 and run:
            array += [start, pikepdf.Array(run)]
            run = []
        if not run:
            start = gid
        run.append(_number(widths[gid]))
        previous = gid
    if run:
        array += [start, pikepdf.Array(run)]
    return pikepdf.Array(array)


def _number(width: float) -> float | int:
    return int(width) if width == int(width) else width


def _subset(font: Any) -> Subset:
    descriptor = font.DescendantFonts[0].FontDescriptor
    return Subset(
        _program(font).read_bytes(),
        tuple(_widths(font.DescendantFonts[0].get("/W", [])).items()),
        font.ToUnicode.read_bytes(),
        tuple(float(value) for value in descriptor.FontBBox),  # type: ignore[arg-type]
    )


def _font(pdf: Any, fonts: list[Any], program: Merged) -> Any:
    """The font ``program`` replaces ``fonts`` with: the first one's dictionaries, with the
    merged program, widths, text mapping, box and a name tagged by its glyphs."""
    import pikepdf  # here, not at import: a build that joins no parts loads neither

    first = fonts[0]
    name = pikepdf.Name(_TAGGED.sub(f"/{program.tag}+", str(first.BaseFont)))
    program_stream = pikepdf.Stream(pdf, program.program)
    program_stream.Length1 = len(program.program)
    descendant = first.DescendantFonts[0]
    descriptor = pikepdf.Dictionary(descendant.FontDescriptor)
    descriptor.FontFile2 = program_stream
    descriptor.FontName = name
    descriptor.FontBBox = pikepdf.Array([_number(value) for value in program.box])
    cid_font = pikepdf.Dictionary(descendant)
    cid_font.BaseFont = name
    cid_font.FontDescriptor = pdf.make_indirect(descriptor)
    cid_font.W = _width_array(dict(program.widths))
    font = pikepdf.Dictionary(first)
    font.BaseFont = name
    font.DescendantFonts = pikepdf.Array([pdf.make_indirect(cid_font)])
    font.ToUnicode = pikepdf.Stream(pdf, program.cmap)
    return pdf.make_indirect(font)
