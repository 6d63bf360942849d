"""Page-quality checker: opens a PDF and reports, page by page, what a trainer rejects at a glance.

Owns the checks of issue 16, for any PDF (it imports nothing from `guide`):
- text over a picture: a character box that meets a raster image or a QR code (a dense vector
  path, hundreds of segments; chart bars, rules and boxes are plain paths and do not count);
- text off the page: a line that runs past an edge (a table wider than the page is clipped
  there) or into the last `edge_mm`, which printers leave white;
- near-empty pages: text on fewer than `min_lines` lines outside the running heads and footers,
  or text that ends in the top `min_fill` of the text area, and nothing drawn lower down (a
  chart or a ruled notes page is not near-empty);
- blank pages: no text but the running head or footer, or none at all. A verso with no body
  text (WeasyPrint's `@page :blank`, made by `break-before: right`) is an intentional blank, as
  is a page saying it is left blank; they are findings only above `max_blank_ratio` of pages;
- characters per line of running text (lines within 7% of the document's commonest font size,
  so headings, footnotes, captions, running heads and the 9 pt of tables and boxes, which may
  span the whole type area, do not count), max and median, leader dots left out;
- page numbers ("Page N of M", "Page N sur M"), for handouts.

Reading a page (characters, lines, pictures) is bench/page_reading.py; this module judges. Tests
use it (tests/editions/test_page_quality.py, test_page_checker.py); so can a person, who gets a
table of the pages with findings (all pages with --all) and totals per kind, exit 1 on any:
    python bench/page_quality.py build/contoso/guide.pdf [--numbered] [--all] [--min-lines 8]
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

import pypdfium2 as pdfium

try:  # imported from the tests as bench.page_quality, or run as a script from bench/
    from bench.page_reading import PageReport, read_page
except ModuleNotFoundError:  # pragma: no cover
    from page_reading import PageReport, read_page  # type: ignore[no-redef]

OVERLAP, OFF_PAGE, NEAR_EMPTY, BLANK, LONG_LINES, NO_PAGE_NUMBER = (
    "text-over-image",
    "off-page",
    "near-empty",
    "blank",
    "long-lines",
    "no-page-number",
)
KINDS = (OVERLAP, OFF_PAGE, NEAR_EMPTY, BLANK, LONG_LINES, NO_PAGE_NUMBER)
PAGE_NUMBER = re.compile(r"Page\s*(\d+)\s*(?:of|sur)\s*(\d+)", re.IGNORECASE)
BLANK_MARK = re.compile(r"intentionally (left )?blank|laissée? (intentionnellement )?(en )?blanc")
LEADERS = re.compile(r"(?:\.\s?){4,}")


@dataclass(frozen=True)
class Limits:
    """What counts as a fault; every number may be changed per call or on the command line."""

    min_lines: int = 6  # near-empty below this many lines outside running heads and footers,
    min_fill: float = 0.25  # or when the text ends this high in the text area (a share of it;
    # a chapter that ends a third of the way down its last page is ordinary book-making),
    drawn_fill: float = 0.5  # unless something is drawn this far down (a chart, ruled notes)
    max_chars: int = 85  # longest body line
    median_chars: int = 75  # median body line
    max_blank_ratio: float = 0.1  # intentional blank versos allowed, as a share of pages
    head_mm: float = 20.0  # a line wholly this close to the top edge is a running head
    foot_mm: float = 21.5  # ...or to the bottom edge, a running footer
    numbered: bool = False  # every page that is not an intentional blank shows "Page N of M"
    min_segments: int = 100  # a vector path with this many segments is a picture (a QR code)
    edge_mm: float = 6.0  # text this close to an edge is off the page or lost in printing


@dataclass(frozen=True)
class Finding:
    page: int  # 1-based
    kind: str
    detail: str


def check_pdf(
    path: Path | str, limits: Limits | None = None
) -> tuple[list[PageReport], list[Finding]]:
    """Every page's report and every finding, in page order."""
    limits = limits or Limits()
    pdf = pdfium.PdfDocument(str(path))
    try:
        numbers = (limits.head_mm, limits.foot_mm, limits.min_segments, limits.edge_mm)
        pages = [read_page(pdf[i], i + 1, *numbers) for i in range(len(pdf))]
    finally:
        pdf.close()
    sizes = Counter(line.size for page in pages for line in page.lines for _ in line.text)
    body = sizes.most_common(1)[0][0] if sizes else 0.0
    pages = [
        replace(
            page,
            body_chars=tuple(
                len(LEADERS.sub("", line.text))
                for line in page.lines
                if abs(line.size - body) <= 0.07 * body
            ),
        )
        for page in pages
    ]
    return pages, findings(pages, limits)


def _intentional_blank(page: PageReport) -> bool:
    """A verso with no body text (a running head or band may mark it: the trainer edition's
    is on every page), or a page that says it is left blank."""
    if page.lines:
        return len(page.lines) == 1 and bool(BLANK_MARK.search(page.lines[0].text.lower()))
    return page.page % 2 == 0


def findings(pages: list[PageReport], limits: Limits) -> list[Finding]:
    found = []
    intentional = [p.page for p in pages if _intentional_blank(p)]
    too_many = len(intentional) > limits.max_blank_ratio * len(pages)
    for page in pages:
        n, where = page.page, f"{len(page.lines)} lines"
        found += [Finding(n, OVERLAP, f"text over a picture: {text!r}") for text in page.overlaps]
        found += [
            Finding(n, OFF_PAGE, f"text at the edge: {text[:60]!r}") for text in page.off_page
        ]
        if n in intentional:
            if too_many:
                found.append(Finding(n, BLANK, f"one of {len(intentional)} blank versos"))
            continue
        if not page.lines and page.drawn_fill == 0:
            found.append(Finding(n, BLANK, "no text but the running head or footer"))
        elif (
            page.lines
            and page.drawn_fill < limits.drawn_fill
            and (len(page.lines) < limits.min_lines or page.text_fill < limits.min_fill)
        ):
            text = " / ".join(line.text for line in page.lines)
            found.append(Finding(n, NEAR_EMPTY, f"{where}, {page.text_fill:.0%}: {text[:60]!r}"))
        if page.body_chars:
            longest, median = max(page.body_chars), statistics.median(page.body_chars)
            if longest > limits.max_chars or median > limits.median_chars:
                found.append(Finding(n, LONG_LINES, f"max {longest}, median {median:g}"))
        text = " ".join(line.text for line in page.lines + page.running)
        if limits.numbered and not any(
            1 <= int(m[1]) <= int(m[2]) for m in PAGE_NUMBER.finditer(text)
        ):
            found.append(Finding(n, NO_PAGE_NUMBER, "no 'Page N of M'"))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdf", nargs="+", type=Path)
    parser.add_argument("--all", action="store_true", help="a row for every page")
    for name, value in Limits().__dict__.items():
        flag = "--" + name.replace("_", "-")
        if isinstance(value, bool):
            parser.add_argument(flag, action="store_true")
        else:
            parser.add_argument(flag, type=type(value), default=value)
    args = parser.parse_args(argv)
    limits = Limits(**{name: getattr(args, name) for name in Limits().__dict__})
    total: Counter[str] = Counter()
    for path in args.pdf:
        pages, found = check_pdf(path, limits)
        by_page: dict[int, list[Finding]] = {}
        for finding in found:
            by_page.setdefault(finding.page, []).append(finding)
        print(f"{path}: {len(pages)} pages, {len(found)} findings")
        print(f"{'page':>5} {'lines':>5} {'max':>4} {'med':>4}  findings")
        for page in pages:
            if args.all or page.page in by_page:
                chars = page.body_chars or (0,)
                notes = "; ".join(f"{f.kind}: {f.detail}" for f in by_page.get(page.page, []))
                med = statistics.median(chars)
                print(f"{page.page:>5} {len(page.lines):>5} {max(chars):>4} {med:>4g}  {notes}")
        total.update(f.kind for f in found)
    print("totals: " + (", ".join(f"{k} {total[k]}" for k in KINDS if total[k]) or "no finding"))
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main())
