"""Copyfitting (guide/render/fit.py): where sections end is read from the engine's anchors, a
section ending short is tried tighter then looser, and a real render pulls a short tail back
onto the page before it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree as etree

import pypdf

from guide.render import fit
from guide.render.job import render_pdf


@dataclass
class FakePage:
    height: float = 1000.0
    anchors: dict[str, tuple[float, ...]] = field(default_factory=dict)


def box(top: float) -> tuple[float, float, float, float]:
    return (0.0, top, 100.0, top + 10.0)


def test_a_section_ending_high_on_a_page_of_its_own_is_a_short_tail() -> None:
    pages = [
        FakePage(anchors={"plan": box(50)}),
        FakePage(anchors={"plan__end": box(200), "exams": box(300)}),
        FakePage(anchors={"exams__end": box(900)}),
        FakePage(anchors={"glossary": box(50), "glossary__end": box(100)}),
    ]
    ends = {end.section: end for end in fit.section_ends(pages)}
    assert ends["plan"] == fit.SectionEnd("plan", 1, 2, 0.2)
    assert ends["plan"].short_tail
    assert not ends["exams"].short_tail  # it ends low on its page
    assert not ends["glossary"].short_tail  # one page: nothing to pull back
    assert fit.short_tails(pages) == {"plan"}


def test_an_end_marker_without_its_section_or_a_plain_anchor_is_no_section() -> None:
    pages = [FakePage(anchors={"stray__end": box(10), "heading": box(20)})]
    assert fit.section_ends(pages) == ()


def test_fitting_tightens_first_then_loosens_then_stops() -> None:
    first = fit.next_fitting({}, frozenset({"plan"}))
    assert first == {"plan": fit.TIGHT}
    second = fit.next_fitting(first, frozenset({"plan", "sources"}))
    assert second == {"plan": fit.LOOSE, "sources": fit.TIGHT}
    assert fit.next_fitting({"plan": fit.LOOSE}, frozenset({"plan"})) is None
    assert fit.next_fitting({"plan": fit.TIGHT}, frozenset()) is None


def test_apply_adds_the_class_to_the_named_sections_only() -> None:
    root = etree.fromstring(
        '<html><body><section id="plan" class="chapter"/><section id="exams"/></body></html>'
    )
    fit.apply(root, {"plan": fit.TIGHT, "exams": fit.LOOSE, "absent": fit.TIGHT})
    classes = {element.get("id"): element.get("class") for element in root.iter("section")}
    assert classes == {"plan": "chapter fit-tight", "exams": "fit-loose"}


PARAGRAPH = (
    "Enrol the device, assign the policy and check that the laptop reports as compliant before "
    "you hand it over; then deploy the apps the team needs and confirm the update ring. "
)


def document(paragraphs: int) -> str:
    """One section of ``paragraphs`` paragraphs on A5, with the fitting rules of a guide."""
    body = "".join(f"<p>{PARAGRAPH}</p>" for _ in range(paragraphs))
    return (
        "<html lang='en'><style>@page { size: A5; margin: 15mm }"
        " body { font: 10pt/1.5 sans-serif } p { margin: 0 0 4mm }"
        " .fit-tight { line-height: 1.38 } .fit-tight p { margin-bottom: 2mm }"
        " .fit-loose { line-height: 1.55 } .fit-loose p { margin-bottom: 5mm }</style>"
        f"<body><section id='plan'>{body}<div id='plan__end'></div></section></body></html>"
    )


def pages_and_text(data: bytes, tmp_path: Path) -> tuple[int, str]:
    pdf_file = tmp_path / "fitted.pdf"
    pdf_file.write_bytes(data)
    reader = pypdf.PdfReader(pdf_file)
    return len(reader.pages), reader.pages[-1].extract_text()


def short_tail_paragraphs(tmp_path: Path) -> int:
    """The smallest paragraph count whose unfitted layout ends with a short last page."""
    for paragraphs in range(8, 30):
        plain = render_pdf(document(paragraphs), tmp_path.as_uri() + "/", [tmp_path])
        if plain.pages == 2:
            return paragraphs
    raise AssertionError("no layout ran onto a second page")


def test_a_short_tail_is_pulled_back_onto_the_page_before(tmp_path: Path) -> None:
    paragraphs = short_tail_paragraphs(tmp_path)
    plain = render_pdf(document(paragraphs), tmp_path.as_uri() + "/", [tmp_path])
    fitted = render_pdf(document(paragraphs), tmp_path.as_uri() + "/", [tmp_path], fit=True)
    assert (plain.pages, plain.fitting, plain.layouts) == (2, (), 1)
    assert fitted.fitting == (("plan", fit.TIGHT),) and fitted.layouts == 2
    pages, text = pages_and_text(fitted.data, tmp_path)
    assert pages == 1 and text.count("update ring") == paragraphs


def test_a_section_that_fills_its_last_page_is_left_as_it_is(tmp_path: Path) -> None:
    paragraphs = short_tail_paragraphs(tmp_path) + 6  # well down the second page
    fitted = render_pdf(document(paragraphs), tmp_path.as_uri() + "/", [tmp_path], fit=True)
    plain = render_pdf(document(paragraphs), tmp_path.as_uri() + "/", [tmp_path])
    assert (fitted.fitting, fitted.layouts) == ((), 1)
    assert fitted.data == plain.data
