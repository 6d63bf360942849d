"""Reading one PDF page for the page-quality checker (bench/page_quality.py): its characters with
their boxes and font sizes, grouped in lines; the running heads and footers told apart by where
they sit; the pictures text must keep off (raster images, and dense vector paths such as QR
codes, but not chart bars, rules or boxes); how far down the text area text and drawings reach.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as raw

MM = 72 / 25.4
DRAWN = (raw.FPDF_PAGEOBJ_IMAGE, raw.FPDF_PAGEOBJ_PATH, raw.FPDF_PAGEOBJ_SHADING)


Box = tuple[float, float, float, float]  # left, bottom, right, top, in points
Char = tuple[str, Box, float]  # the character, its box, its font size


@dataclass(frozen=True)
class Line:
    text: str
    box: Box
    size: float  # the commonest font size of its characters


@dataclass(frozen=True)
class PageReport:
    page: int
    lines: tuple[Line, ...]  # outside the running heads and footers
    running: tuple[Line, ...]
    overlaps: tuple[str, ...]  # the text found over each picture it meets
    text_fill: float  # how far down the text area the text reaches, 0 to 1
    drawn_fill: float  # how far down the text area drawings reach, 0 to 1
    off_page: tuple[str, ...] = ()  # lines that run into the edge: off the page or unprintable
    body_chars: tuple[int, ...] = ()  # per line of running text, set once the whole PDF is read


def _chars(textpage: pdfium.PdfTextPage) -> list[Char]:
    chars = []
    for index in range(textpage.count_chars()):
        char = chr(raw.FPDFText_GetUnicode(textpage.raw, index))
        size = raw.FPDFText_GetFontSize(textpage.raw, index)
        chars.append((char, textpage.get_charbox(index), size))
    return chars


def _lines(chars: list[Char]) -> list[Line]:
    """Characters grouped in lines: pdfium's line breaks, and gaps wider than two ems."""
    lines: list[Line] = []
    current: list[Char] = []

    def close() -> None:
        visible = [c for c in current if not c[0].isspace()]
        if visible:
            left, bottom, right, top = zip(*(c[1] for c in visible), strict=True)
            box = (min(left), min(bottom), max(right), max(top))
            size = Counter(round(c[2], 1) for c in visible).most_common(1)[0][0]
            lines.append(Line("".join(c[0] for c in current).strip(), box, size))
        current.clear()

    for char in chars:
        if char[0] in "\r\n\x02\ufffe":
            close()
            continue
        last = next((c for c in reversed(current) if not c[0].isspace()), None)
        if last and not char[0].isspace() and abs(char[1][0] - last[1][2]) > 2 * max(char[2], 1):
            close()
        current.append(char)
    close()
    return lines


def _pictures(page: pdfium.PdfPage, min_segments: int) -> list[Box]:
    """Boxes of raster images and of dense vector paths (QR codes, with the light square
    behind them: text there stops a phone reading the code), in page space."""
    objects = [(obj, _page_box(obj)) for obj in page.get_objects(filter=DRAWN[:2])]
    boxes = []
    for obj, box in objects:
        if obj.type == raw.FPDF_PAGEOBJ_PATH:
            if raw.FPDFPath_CountSegments(obj.raw) < min_segments:
                continue
            width = box[2] - box[0]
            box = max(
                (other for _, other in objects if _inside(box, other, 1.4 * width)),
                key=lambda other: other[2] - other[0],
            )
        boxes.append(box)
    return boxes


def _inside(inner: Box, outer: Box, max_width: float) -> bool:
    return outer[2] - outer[0] < max_width and all(
        outer[k] <= inner[k] and inner[k + 2] <= outer[k + 2] for k in (0, 1)
    )


def _meets(a: Box, b: Box, slack: float = 0.5) -> bool:
    return all(a[k] < b[k + 2] - slack and b[k] + slack < a[k + 2] for k in (0, 1))


def _page_box(obj: pdfium.PdfObject) -> Box:
    """An object's bounds, carried out of the form XObjects that hold it."""
    left, bottom, right, top = obj.get_bounds()
    points = [(left, bottom), (right, bottom), (left, top), (right, top)]
    parent = obj.container
    while parent is not None:
        a, b, c, d, e, f = parent.get_matrix().get()
        points = [(a * x + c * y + e, b * x + d * y + f) for x, y in points]
        parent = parent.container
    xs, ys = [x for x, _ in points], [y for _, y in points]
    return min(xs), min(ys), max(xs), max(ys)


def _char_lines(chars: list[Char]) -> list[list[Char]]:
    """Characters split at pdfium's line breaks and at gaps wider than two ems (two pages
    side by side, unfolded from a booklet sheet, share their lines)."""
    lines: list[list[Char]] = [[]]
    for char in chars:
        last = lines[-1][-1] if lines[-1] else None
        if char[0] in "\r\n\x02\ufffe":
            lines.append([])
        elif last and abs(char[1][0] - last[1][2]) > 2 * max(char[2], 1):
            lines.append([char])
        else:
            lines[-1].append(char)
    return [line for line in lines if line]


def _on_page(box: Box, width: float, height: float) -> bool:
    return box[0] < width and box[2] > 0 and box[1] < height and box[3] > 0


def _cut_or_at_edge(boxes: list[Box], width: float, height: float, edge: float) -> bool:
    """A line is cut when some of it is on the page and some wholly off it (a table wider
    than the page), or at the edge when it is on the page within ``edge`` of an edge. A line
    wholly off the page is not seen (the trainer band above the cover's zero margin); leader
    dots do not count, as the engine lays them out past the edge and clips them."""
    on_page = [_on_page(b, width, height) for b in boxes]
    if any(on_page) and not all(on_page):
        return True
    return any(on_page) and any(
        b[0] < edge or b[1] < edge or b[2] > width - edge or b[3] > height - edge for b in boxes
    )


def read_page(
    page: pdfium.PdfPage,
    number: int,
    head_mm: float,
    foot_mm: float,
    min_segments: int,
    edge_mm: float = 0.0,
) -> PageReport:
    """One page's lines, running heads and footers (those wholly within `head_mm` of the top
    or `foot_mm` of the bottom edge), text over pictures, fills, and the lines with characters
    within `edge_mm` of an edge or beyond it."""
    width, height = page.get_size()
    head, foot = height - head_mm * MM, foot_mm * MM
    chars = _chars(page.get_textpage())
    # Text wholly off the page is not seen: it counts only where it cuts a line (below).
    lines = _lines([c for c in chars if _on_page(c[1], width, height)])
    running = tuple(line for line in lines if line.box[1] >= head or line.box[3] <= foot)
    body = tuple(line for line in lines if line not in running)
    overlaps = []
    for picture in _pictures(page, min_segments):
        over = "".join(c[0] for c in chars if not c[0].isspace() and _meets(c[1], picture))
        if over:
            overlaps.append(over)
    drawn = [_page_box(obj) for obj in page.get_objects(filter=DRAWN)]
    # A drawing that starts in the footer band (a ruled notes page's frame) still reaches the
    # foot of the text area; one wholly in the band or as wide as the page is furniture.
    drawn_low = min(
        (max(b[1], foot) for b in drawn if foot < b[3] <= head and b[2] - b[0] < width * 0.95),
        default=head,
    )
    text_low = min((line.box[1] for line in body), default=head)
    fill = [max(0.0, (head - low) / (head - foot)) for low in (text_low, drawn_low)]
    off_page = tuple(
        "".join(c[0] for c in line).strip()
        for line in _char_lines(chars)
        if _cut_or_at_edge([c[1] for c in line if c[0] not in " ."], width, height, edge_mm * MM)
    )
    return PageReport(number, body, running, tuple(overlaps), *fill, off_page=off_page)
