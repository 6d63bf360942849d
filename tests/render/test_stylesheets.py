"""Stylesheets read once for a process (``guide.render.stylesheets``): the second document
with the guide's stylesheet validates none of its rules again, yet every document, of
whichever organisation and in whichever order, is the same PDF as when parsed afresh; and
the engine is as it was once the render ends."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pytest
from pypdf import PdfReader

from guide import defaults
from guide.render import stylesheets
from guide.render.job import render_pdf
from guide.render.stylesheets import stylesheets_kept

GUIDE_CSS = (defaults.STYLES_DIR / "guide.css").as_uri()
PAGE = """<!DOCTYPE html><html lang="en"><head><title>t</title>
<link rel="stylesheet" href="{css}">
<style>:root {{ --primary: {colour}; --accent: {colour}; }}
p.odd {{ color: var(--primary); }} ::: broken {{ color: red; }}</style></head>
<body class="edition-learner"><section class="chapter" id="c"><h1>Endpoint administration</h1>
<p class="odd">Intune enrols the fleet; Autopilot ships it.</p>
<table><tr><th>Exam</th><td>MD-102</td></tr></table></section></body></html>"""


@pytest.fixture(autouse=True)
def fresh() -> Iterator[None]:
    stylesheets.forget()
    yield
    stylesheets.forget()


def render(colour: str) -> bytes:
    page = PAGE.format(css=GUIDE_CSS, colour=colour)
    return render_pdf(page, defaults.STYLES_DIR.as_uri() + "/", (defaults.STYLES_DIR,)).data


def test_documents_are_the_same_pdf_as_when_parsed_afresh() -> None:
    alone = {}
    for colour in ("#0b5cad", "#a4262c"):
        stylesheets.forget()
        alone[colour] = render(colour)
    stylesheets.forget()
    # one after the other in one process, each organisation's colours twice over
    in_turn = [(colour, render(colour)) for colour in ("#0b5cad", "#a4262c", "#0b5cad", "#a4262c")]
    for colour, data in in_turn:
        assert data == alone[colour]
    assert alone["#0b5cad"] != alone["#a4262c"]
    text = PdfReader(io.BytesIO(in_turn[-1][1])).pages[0].extract_text()
    assert "Autopilot ships it" in text and "MD-102" in text


def test_the_second_document_validates_none_of_the_stylesheets_rules(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from weasyprint.css import validation

    validated: list[Any] = []
    original = validation.preprocess_declarations

    def counting(base_url: Any, declarations: Any, prelude: Any = None) -> Any:
        validated.append(prelude)
        return original(base_url, declarations, prelude)

    # what a render finds in the engine is what it keeps: count what it validates itself
    monkeypatch.setattr("weasyprint.css.preprocess_declarations", counting)
    render("#0b5cad")
    first = len(validated)
    validated.clear()
    render("#0b5cad")
    assert first > 300  # guide.css's rules, and the page's own
    assert len(validated) < first / 20  # style attributes only, if any


def test_the_engine_is_as_it_was_after_a_render() -> None:
    import tinycss2
    from weasyprint import css

    before = (tinycss2.parse_stylesheet, tinycss2.parse_blocks_contents)
    before_validation = css.preprocess_declarations
    with stylesheets_kept():
        assert tinycss2.parse_stylesheet is not before[0]
        with stylesheets_kept():  # a render in another thread: one install
            pass
        assert css.preprocess_declarations is not before_validation
    assert (tinycss2.parse_stylesheet, tinycss2.parse_blocks_contents) == before
    assert css.preprocess_declarations is before_validation


def test_past_the_bound_everything_kept_is_let_go(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(stylesheets, "KEPT_CHARS", 40)  # two of these texts
    import weasyprint

    with stylesheets_kept():
        kept = []
        for number in range(3):
            weasyprint.CSS(string=f"p {{ margin: {number}px; }}")  # 18 characters
            kept.append(len(stylesheets._rules))
    assert kept == [1, 2, 1]
