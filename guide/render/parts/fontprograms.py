"""Subsets of one font merged into one program, bytes in and bytes out: ``FontMergeJob``.

What ``guide.render.parts.fonts`` finds in the joined PDF (each part's subset of a font: its
TrueType program, widths, text mapping and box) comes here as plain data, so the merge can
run in a worker while the join goes on with the pages' structure and outline. The engine
subsets keeping glyph ids (fontTools' ``retain_gids``), so subsets of one font are the same
font with different glyphs left in: merged, every glyph a part kept goes into one program,
and the widths and text mappings are joined. Subsets that fill one glyph id with different
outlines (the subsetter numbered some glyphs otherwise) stay apart: a glyph is never drawn
from another part's numbering.
"""

from __future__ import annotations

import array
import hashlib
import io
import re
import sys
from dataclasses import dataclass
from typing import Any

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
#: beside the parts' layouts where the merge runs in this process (``render_in_parts``).
_TABLES = "_g_l_y_f _l_o_c_a _h_e_a_d _h_h_e_a _h_m_t_x _m_a_x_p _n_a_m_e _p_o_s_t _c_m_a_p"
MODULES = (
    "fontTools.ttLib.ttFont",
    "fontTools.agl",  # glyph names, when a program is written
    "fontTools.ttLib.tables._g_a_s_p",
    "fontTools.ttLib.tables.G_D_E_F_",
    "fontTools.ttLib.tables.O_S_2f_2",
    *(f"fontTools.ttLib.tables.{table}" for table in _TABLES.split()),
)

Box = tuple[float, float, float, float]
Glyphs = dict[int, tuple[bytes, tuple[int, int]]]


@dataclass(frozen=True)
class Subset:
    """One part's subset of a font, as merging needs it."""

    program: bytes  # its TrueType program (``FontFile2``)
    widths: tuple[tuple[int, float], ...]  # glyph id -> width (``/W``), in the file's order
    text: bytes  # its text mapping (``ToUnicode``)
    box: Box  # its descriptor's ``FontBBox``


@dataclass(frozen=True)
class Merged:
    """One program for ``members`` (indices in their group), with what its font needs."""

    members: tuple[int, ...]
    program: bytes
    widths: tuple[tuple[int, float], ...]  # by glyph id
    cmap: bytes  # the ToUnicode CMap
    box: Box
    tag: str  # the subset tag, which follows from the glyphs so that the bytes repeat


@dataclass(frozen=True)
class FontMergeJob:
    """Groups of subsets that may be one font (same name and metrics): for each group, the
    merged programs of those that agree (none where a group holds one subset)."""

    groups: tuple[tuple[Subset, ...], ...]

    def render(self) -> tuple[tuple[Merged, ...], ...]:
        return tuple(merge_group(group) for group in self.groups)


def merge_group(group: tuple[Subset, ...]) -> tuple[Merged, ...]:
    if len(group) < 2:
        return ()
    clusters = _agreeing(group)
    return tuple(_merged(group, cluster) for cluster in clusters if len(cluster) > 1)


def _agreeing(group: tuple[Subset, ...]) -> list[list[tuple[int, Any, Glyphs]]]:
    """The subsets in clusters that agree on every glyph id two of them fill; the first
    cluster that agrees takes each (index, program, glyphs)."""
    from fontTools.ttLib import TTFont

    clusters: list[tuple[list[tuple[int, Any, Glyphs]], Glyphs]] = []
    for index, subset in enumerate(group):
        program = TTFont(io.BytesIO(subset.program), recalcTimestamp=False, recalcBBoxes=False)
        if "glyf" not in program:
            continue
        glyphs = _outlines(program)
        for cluster, filled in clusters:
            if all(filled.get(gid, glyph) == glyph for gid, glyph in glyphs.items()):
                cluster.append((index, program, glyphs))
                filled.update(glyphs)
                break
        else:
            clusters.append(([(index, program, glyphs)], dict(glyphs)))
    return [cluster for cluster, _ in clusters]


def _merged(group: tuple[Subset, ...], cluster: list[tuple[int, Any, Glyphs]]) -> Merged:
    from fontTools.ttLib.tables._g_l_y_f import Glyph

    # a subset keeps glyph ids up to the highest it uses: the longest holds every id
    programs = [program for _, program, _ in cluster]
    base = max(programs, key=lambda program: program["maxp"].numGlyphs)
    glyf, hmtx, order = base["glyf"], base["hmtx"], base.getGlyphOrder()
    _bound(base, programs)
    widths: dict[int, float] = {}
    text: dict[bytes, bytes] = {}
    for index, _, glyphs in cluster:
        for gid, (outline, metrics) in glyphs.items():
            glyf.glyphs[order[gid]] = Glyph(outline)
            hmtx[order[gid]] = metrics
        for gid, width in group[index].widths:
            widths.setdefault(gid, width)
        for code, unicode in _PAIR.findall(group[index].text):
            text.setdefault(code.lower(), unicode.lower())
    written = io.BytesIO()
    base.save(written)  # the outlines as they are (recalcBBoxes off): bounds from _bound
    boxes = [group[index].box for index, _, _ in cluster]
    box = tuple(pick(b[i] for b in boxes) for i, pick in enumerate((min, min, max, max)))
    return Merged(
        tuple(index for index, _, _ in cluster),
        written.getvalue(),
        tuple(sorted(widths.items())),
        _cmap(text),
        box,  # type: ignore[arg-type]
        _tag(sorted(widths)),
    )


def _bound(base: Any, programs: list[Any]) -> None:
    """The font's bounding box and maximum profile over the glyphs of all ``programs``:
    each glyph comes from one of them, so each bound is the largest of theirs."""
    head, maxp = base["head"], base["maxp"]
    for bound, pick in (("xMin", min), ("yMin", min), ("xMax", max), ("yMax", max)):
        setattr(head, bound, pick(getattr(program["head"], bound) for program in programs))
    for field in _MAXIMA:
        if hasattr(maxp, field):
            setattr(maxp, field, max(getattr(program["maxp"], field) for program in programs))


def _outlines(program: Any) -> Glyphs:
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
