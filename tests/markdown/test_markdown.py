"""Markdown rendering against fixture files (input and expected HTML): headings, directives,
the trainer edition's notes, images."""

from __future__ import annotations

from pathlib import Path

import pytest
from markupsafe import Markup

from guide.markdown.parse import render_markdown
from tests.conftest import FIXTURES

CASES = FIXTURES / "markdown.txt"


def read_cases(path: Path) -> list[tuple[str, str, str]]:
    """Cases in markdown-it's fixture format: title, '.', input, '.', expected, '.'."""
    cases = []
    lines = path.read_text(encoding="utf-8").split("\n")
    index = 0
    while index < len(lines):
        if not lines[index].strip():
            index += 1
            continue
        title = lines[index]
        assert lines[index + 1] == ".", f"{path}:{index + 2}: expected '.'"
        end_input = lines.index(".", index + 2)
        end_output = lines.index(".", end_input + 1)
        source = "\n".join(lines[index + 2 : end_input]) + "\n"
        expected = "\n".join(lines[end_input + 1 : end_output]) + "\n"
        cases.append((title, source, expected))
        index = end_output + 1
    return cases


@pytest.mark.parametrize(
    "title, source, expected", read_cases(CASES), ids=[case[0] for case in read_cases(CASES)]
)
def test_markdown_fixture(title: str, source: str, expected: str) -> None:
    figures = {"plan-at-a-glance": Markup("<svg>chart</svg>")}
    assert render_markdown(source, "doc", figures).html == expected


def test_headings_are_collected_for_the_contents() -> None:
    rendered = render_markdown("## One\n\ntext\n\n### Two\n", "ch")
    assert [(h.level, h.id, h.text) for h in rendered.headings] == [
        (2, "ch--one", "One"),
        (3, "ch--two", "Two"),
    ]


def test_unknown_directive_is_reported() -> None:
    assert render_markdown(':::chart name="nope":::\n', "ch").unknown_directives == ("chart nope",)


def test_trainer_edition_keeps_facilitator_notes_and_names_learner_pages() -> None:
    source = "## Plan\n\n::: facilitator\nAsk who has used **Autopilot**.\n:::\n"
    rendered = render_markdown(source, "c", edition="trainer", learner_pages={"c--plan": 12})
    assert rendered.html == (
        '<h2 id="c--plan">Plan</h2>\n<p class="learner-ref">Learners: p. 12</p>\n'
        '<div class="facilitator">\n<p>Ask who has used <strong>Autopilot</strong>.</p>\n'
        "</div>\n"
    )


def test_missing_markdown_image_names_its_line(tmp_path: Path) -> None:
    rendered = render_markdown(
        "Intro\n\nSee ![diagram](media/none.png) here.\n",
        "c",
        source_file=tmp_path / "c.md",
        roots=[tmp_path],
    )
    assert rendered.problems == (
        (
            3,
            "image 'media/none.png' not found; add the file, or set "
            "missing_images: placeholder in the organisation file",
        ),
    )
