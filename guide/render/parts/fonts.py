"""One font program for each font the parts share: ``merge_fonts``.

Each part embeds its own subset of every font it uses (Noto Sans regular, bold, italic, and
the furniture's): joined as they are, a guide in six parts carried eighteen font programs
where the whole render has three (a third more bytes). The engine subsets keeping glyph ids
(fontTools' ``retain_gids``), so subsets of one font are the same font with different glyphs
left in: merged, every glyph a part kept goes into one program, the widths (``/W``) and the
text mapping (``/ToUnicode``) are joined, and every page and form points at the one font.
Subsets that fill one glyph id with different outlines (the subsetter numbered some glyphs
otherwise) stay apart: a glyph is never drawn from another part's numbering.
"""

from __future__ import annotations

import array
import hashlib
import io
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

_TAGGED = re.compile(r"^/[A-Z]{6}\+")
_PAIR = re.compile(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>")
_BLOCK = 100  # entries a CMap's bfchar block may hold
_MAXIMA = (  # the maximum profile's bounds over the glyphs (``maxp``)
    "maxPoints",
    "maxContours",
    "maxCompositePoints",
    "maxCompositeContours",
    "maxZones",
    "maxTwilightPoints",
    "maxStorage",
    "maxFunctionDefs",
    "maxInstructionDefs",
    "maxStackElements",
    "maxSizeOfInstructions",
    "maxComponentElements",
    "maxComponentDepth",
)


#: The fontTools modules a merge loads (a subset's tables, read and written again): loaded
#: beside the parts' layouts (``render_in_parts``), not during the join.
_TABLES = "_g_l_y_f _l_o_c_a _h_e_a_d _h_h_e_a _h_m_t_x _m_a_x_p _n_a_m_e _p_o_s_t _c_m_a_p"
MODULES = (
    "fontTools.ttLib.ttFont",
    "fontTools.ttLib.tables.G_D_E_F_",
    "fontTools.ttLib.tables.O_S_2f_2",
    *(f"fontTools.ttLib.tables.{table}" for table in _TABLES.split()),
)


def merge_fonts(pdf: Any) -> None:
    """Point every page and form of ``pdf`` at one merged font for each group of subsets."""
    holders: list[tuple[Any, Any]] = []  # (a /Font resource dictionary, its key)
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
    merged: dict[tuple[int, int], Any] = {}
    for members in groups.values():
        for cluster in _agreeing(members) if len(members) > 1 else ():
            if len(cluster) > 1:
                one = _merged(pdf, cluster)
                merged.update({subset.font.objgen: one for subset in cluster})
    for fonts, key in holders:
        replacement = merged.get(fonts[key].objgen)
        if replacement is not None:
            fonts[key] = replacement


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


@dataclass(frozen=True)
class _Subset:
    """A font of one part: its dictionary, its program, and the glyphs it kept (by glyph
    id: the outline as stored, the advance and side bearing)."""

    font: Any
    program: Any
    glyphs: dict[int, tuple[bytes, tuple[int, int]]]


def _agreeing(members: list[Any]) -> list[list[_Subset]]:
    """``members`` in groups whose subsets agree on every glyph id two of them fill (a
    TrueType program each); the first group that agrees takes each."""
    from fontTools.ttLib import TTFont

    clusters: list[tuple[list[_Subset], dict[int, tuple[bytes, tuple[int, int]]]]] = []
    for font in members:
        data = _program(font).read_bytes()
        program = TTFont(io.BytesIO(data), recalcTimestamp=False, recalcBBoxes=False)
        if "glyf" not in program:
            continue
        subset = _Subset(font, program, _outlines(program))
        for cluster, filled in clusters:
            if all(filled.get(gid, glyph) == glyph for gid, glyph in subset.glyphs.items()):
                cluster.append(subset)
                filled.update(subset.glyphs)
                break
        else:
            clusters.append(([subset], dict(subset.glyphs)))
    return [cluster for cluster, _ in clusters]


def _merged(pdf: Any, cluster: list[_Subset]) -> Any:
    """One font with the glyphs, widths and text of every subset of ``cluster``."""
    import pikepdf  # here, not at import: a build that joins no parts loads neither
    from fontTools.ttLib.tables._g_l_y_f import Glyph

    # a subset keeps glyph ids up to the highest it uses: the longest holds every id
    programs = [subset.program for subset in cluster]
    base = max(programs, key=lambda program: program["maxp"].numGlyphs)
    glyf, hmtx, order = base["glyf"], base["hmtx"], base.getGlyphOrder()
    _bound(base, programs)
    widths: dict[int, float] = {}
    text: dict[bytes, bytes] = {}
    for subset in cluster:
        for gid, (outline, metrics) in subset.glyphs.items():
            glyf.glyphs[order[gid]] = Glyph(outline)
            hmtx[order[gid]] = metrics
        for gid, width in _widths(subset.font.DescendantFonts[0].get("/W", [])).items():
            widths.setdefault(gid, width)
        for code, unicode in _PAIR.findall(subset.font.ToUnicode.read_bytes()):
            text.setdefault(code.lower(), unicode.lower())
    written = io.BytesIO()
    base.save(written)  # the outlines as they are (recalcBBoxes off): bounds from _bound
    data = written.getvalue()
    fonts = [subset.font for subset in cluster]
    first = fonts[0]
    name = pikepdf.Name(_TAGGED.sub(f"/{_tag(sorted(widths))}+", str(first.BaseFont)))
    program_stream = pikepdf.Stream(pdf, data)
    program_stream.Length1 = len(data)
    descendant = first.DescendantFonts[0]
    descriptor = pikepdf.Dictionary(descendant.FontDescriptor)
    descriptor.FontFile2 = program_stream
    descriptor.FontName = name
    boxes = [[float(v) for v in font.DescendantFonts[0].FontDescriptor.FontBBox] for font in fonts]
    descriptor.FontBBox = pikepdf.Array(
        [_number(pick(box[i] for box in boxes)) for i, pick in enumerate((min, min, max, max))]
    )
    cid_font = pikepdf.Dictionary(descendant)
    cid_font.BaseFont = name
    cid_font.FontDescriptor = pdf.make_indirect(descriptor)
    cid_font.W = _width_array(widths)
    font = pikepdf.Dictionary(first)
    font.BaseFont = name
    font.DescendantFonts = pikepdf.Array([pdf.make_indirect(cid_font)])
    font.ToUnicode = pikepdf.Stream(pdf, _cmap(text))
    return pdf.make_indirect(font)


def _bound(base: Any, programs: list[Any]) -> None:
    """The font's bounding box and maximum profile over the glyphs of all ``programs``:
    each glyph comes from one of them, so each bound is the largest of theirs."""
    head, maxp = base["head"], base["maxp"]
    for bound, pick in (("xMin", min), ("yMin", min), ("xMax", max), ("yMax", max)):
        setattr(head, bound, pick(getattr(program["head"], bound) for program in programs))
    for field in _MAXIMA:
        if hasattr(maxp, field):
            setattr(maxp, field, max(getattr(program["maxp"], field) for program in programs))


def _outlines(program: Any) -> dict[int, tuple[bytes, tuple[int, int]]]:
    """The glyphs a subset kept, by glyph id: the outline as stored (a composite names its
    parts by glyph id, so one numbered otherwise differs) and its advance and side bearing.
    Read off the tables' bytes: decoding them costs more than the rest of the join."""
    locations, stored = program["loca"], program.reader["glyf"]
    count, long_metrics = program["maxp"].numGlyphs, program["hhea"].numberOfHMetrics
    stored_metrics = program.reader["hmtx"]
    metrics = array.array("h", stored_metrics[: 4 * long_metrics])
    bearings = array.array("h", stored_metrics[4 * long_metrics : 2 * (count + long_metrics)])
    if sys.byteorder == "little":
        metrics.byteswap()
        bearings.byteswap()
    outlines = {}
    for gid in range(count):
        start, end = locations[gid], locations[gid + 1]
        if end > start:
            if gid < long_metrics:
                advance, bearing = metrics[2 * gid] & 0xFFFF, metrics[2 * gid + 1]
            else:
                advance, bearing = metrics[-2] & 0xFFFF, bearings[gid - long_metrics]
            outlines[gid] = (bytes(stored[start:end]), (advance, bearing))
    return outlines


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


def _cmap(text: dict[bytes, bytes]) -> bytes:
    """A ToUnicode CMap of ``text`` (glyph id -> UTF-16BE, both hex), as the engine writes."""
    pairs = sorted(text.items())
    blocks = []
    for start in range(0, len(pairs), _BLOCK):
        block = pairs[start : start + _BLOCK]
        lines = b"\n".join(b"<" + code + b"> <" + unicode + b">" for code, unicode in block)
        blocks.append(b"%d beginbfchar\n%s\nendbfchar" % (len(block), lines))
    return (
        b"/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo\n"
        b"<< /Registry (Adobe)\n/Ordering (UCS)\n/Supplement 0\n>> def\n"
        b"/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
        b"1 begincodespacerange\n<0000> <ffff>\nendcodespacerange\n"
        + b"\n".join(blocks)
        + b"\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend"
    )


def _tag(gids: list[int]) -> str:
    """A subset tag (six capitals) that follows from the glyphs, so the bytes repeat."""
    digest = hashlib.sha256(",".join(map(str, gids)).encode()).digest()
    return "".join(chr(ord("A") + byte % 26) for byte in digest[:6])
