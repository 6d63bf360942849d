"""The glossary's columns, balanced by the tool: even, level, in reading order, each term in
the column of its definition; a glossary longer than a page is balanced by the engine."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium

from guide import defaults
from guide.build import build_guide
from guide.content.catalogue import load_glossary
from guide.options import BuildOptions

ORG = """\
organisation: {{name: Acme}}
training: {{date: 2027-03-12}}
team: {{roles: {{endpoint-admin: 2, m365-admin: 1}}}}
content:
  glossary: {{{terms}}}
"""

#: Long enough to wrap over several lines, so that a column's last term could be parted
#: from its definition.
DEFINITION = "A word of the Acme service desk, written on every ticket it is used on, {}"

Placed = dict[str, tuple[int, str, float, str]]  # term -> page, column, top, definition's


def _build(folder: Path, added: dict[str, str]) -> pdfium.PdfDocument:
    terms = ", ".join(f'"{term}": "{definition}"' for term, definition in added.items())
    org = folder / "acme.yaml"
    org.write_text(ORG.format(terms=terms), encoding="utf-8")
    return pdfium.PdfDocument(build_guide(org, BuildOptions(output_dir=folder / "out")).pdf)


def _placed(document: pdfium.PdfDocument, terms: list[str]) -> Placed:
    """Where each term is printed on the glossary's pages: its page (0-based), its column,
    its top (points down the page) and the column of the first letter after it (its
    definition's, the engine drawing each term and then its definition)."""
    placed: Placed = {}
    for index in range(len(document)):
        page = document[index]
        text = page.get_textpage()
        if "Glossary" not in text.get_text_range() and not placed:
            continue
        width, height = page.get_size()

        def column(char: int, text: pdfium.PdfTextPage = text, width: float = width) -> str:
            return "left" if text.get_charbox(char)[0] < width / 2 else "right"

        def alone(found: tuple[int, int], text: pdfium.PdfTextPage = text) -> bool:
            """Whether an occurrence is a line of its own (a term, not in a definition)."""
            before = text.get_text_range(found[0] - 1, 1) if found[0] else "\n"
            return before in "\r\n" and text.get_text_range(found[0] + found[1], 1) in "\r\n"

        for term in terms:
            searcher = text.search(term, match_case=True, match_whole_word=True)
            found = searcher.get_next()
            while found is not None and not alone(found):
                found = searcher.get_next()
            if term in placed or found is None:
                continue
            after = found[0] + found[1]
            while text.get_text_range(after, 1).isspace():
                after += 1
            top = height - text.get_charbox(found[0])[3]
            placed[term] = (index, column(found[0]), top, column(after))
    return placed


def _columns(placed: Placed, page: int) -> dict[str, list[float]]:
    tops: dict[str, list[float]] = {"left": [], "right": []}
    for on, column, top, _ in placed.values():
        if on == page:
            tops[column].append(top)
    return tops


def _ink_bottoms(page: pdfium.PdfPage) -> tuple[float, float]:
    """How far down the page (points) each half's last printed row is, above the footer."""
    image = page.render(scale=1).to_pil().convert("L")
    width, height = image.size
    text_area = height - 70  # the folio's line below

    def bottom(left: int, right: int) -> float:
        box = image.crop((left, 0, right, text_area)).point(lambda v: 255 if v < 200 else 0)
        found = box.getbbox()
        assert found is not None
        return float(found[3])

    return bottom(0, width // 2), bottom(width // 2, width)


def test_the_bundled_glossary_is_balanced_by_the_tool(tmp_path: Path) -> None:
    terms = sorted(load_glossary(defaults.CONTENT_DIR), key=str.casefold)
    document = _build(tmp_path, {})
    placed = _placed(document, terms)
    assert sorted(placed) == sorted(terms)
    (page,) = {on for on, _, _, _ in placed.values()}  # one page
    tops = _columns(placed, page)
    assert abs(min(tops["left"]) - min(tops["right"])) < 0.5  # level at the top
    # even: the columns end less than the tallest entry apart
    tallest = max(b - a for side in tops.values() for a, b in itertools.pairwise(sorted(side)))
    left, right = _ink_bottoms(document[page])
    assert abs(left - right) < tallest
    reading = sorted(placed, key=lambda term: (placed[term][1], placed[term][2]))
    assert reading == terms  # down the first column, then the second
    assert all(column == beside for _, column, _, beside in placed.values())


def test_a_glossary_longer_than_a_page_is_left_to_the_engine(tmp_path: Path) -> None:
    added = {f"Desk term {number:02d}": DEFINITION.format(number) for number in range(1, 41)}
    terms = sorted({*load_glossary(defaults.CONTENT_DIR), *added}, key=str.casefold)
    placed = _placed(_build(tmp_path, added), terms)
    assert sorted(placed) == sorted(terms)
    pages = sorted({on for on, _, _, _ in placed.values()})
    assert len(pages) >= 2
    last = _columns(placed, pages[-1])
    assert last["left"] and last["right"]  # the last page balanced, not one column full
    assert all(column == beside for _, column, _, beside in placed.values())


def test_a_list_is_measured_again_only_when_it_or_its_section_changed() -> None:
    """Fitting lays a document out up to three times: the measurement of an unchanged list
    serves them all, and a section set tighter around the list is measured again."""
    import xml.etree.ElementTree as ElementTree

    from guide.render import columns

    def parsed(section_class: str, term: str = "Autopilot") -> ElementTree.Element:
        return ElementTree.fromstring(
            f'<html><head></head><body><section class="{section_class}" id="glossary">'
            f'<dl class="{columns.BALANCED}"><dt>{term}</dt><dd>Sets devices up.</dd>'
            "<dt>Intune</dt><dd>Manages them.</dd></dl></section></body></html>"
        )

    measured: list[int] = []

    @dataclass(frozen=True)
    class Laid:  # a layout with no page: nothing to split
        pages: tuple[object, ...] = ()

    def measure(edit: object) -> Laid:
        measured.append(1)
        return Laid()

    known: dict[bytes, tuple[int, ...]] = {}
    columns.balance(parsed("chapter"), measure, known)
    columns.balance(parsed("chapter"), measure, known)
    assert len(measured) == 1
    columns.balance(parsed("chapter fit-tight"), measure, known)
    assert len(measured) == 2
    columns.balance(parsed("chapter fit-tight", term="Windows Autopilot"), measure, known)
    assert len(measured) == 3
