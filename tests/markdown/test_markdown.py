"""Markdown rendering against fixture files (input and expected HTML), and chapter Jinja."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from markupsafe import Markup

from guide.compose.expand import expand_chapter
from guide.content.chapters import Chapter, ChapterMeta
from guide.errors import InputError
from guide.markdown.parse import render_markdown

FIXTURES = Path(__file__).parents[1] / "fixtures" / "markdown.txt"


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
    "title, source, expected", read_cases(FIXTURES), ids=[case[0] for case in read_cases(FIXTURES)]
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


def chapter(body: str) -> Chapter:
    meta = ChapterMeta(id="t", title="T", order=1, audience="all", reviewed=dt.date(2026, 1, 1))
    return Chapter(Path("content/chapters/t.md"), meta, body, body_first_line=8)


@pytest.mark.parametrize(
    "name",
    [
        "{{ 7*7 }}",
        "**bold** [x](javascript:alert(1))",
        "<script>x</script>",
        "A | B",
        "# Title",
    ],
)
def test_organisation_strings_are_data_never_markup_or_template(name: str) -> None:
    text = expand_chapter(chapter("Welcome, {{ org.name }}!\n"), {"org": {"name": name}}, "en_GB")
    html = render_markdown(text, "t").html
    assert html == f"<p>Welcome, {Markup.escape(name)}!</p>\n"


def test_misspelt_variable_names_chapter_and_line() -> None:
    with pytest.raises(InputError) as error:
        expand_chapter(chapter("one\ntwo {{ org.nmae }}\n"), {"org": {"name": "x"}}, "en_GB")
    assert str(error.value).startswith(
        "content/chapters/t.md:9: 'dict object' has no attribute 'nmae'"
    )


def test_template_syntax_error_names_line() -> None:
    with pytest.raises(InputError, match=r"t.md:10: template error"):
        expand_chapter(chapter("a\nb\n{% if %}\n"), {}, "en_GB")


def test_sandbox_blocks_unsafe_attribute_access() -> None:
    with pytest.raises(InputError, match="template error"):
        expand_chapter(chapter("{{ ''.__class__.__mro__ }}\n"), {}, "en_GB")


def test_date_filter_prints_long_dates() -> None:
    text = expand_chapter(chapter("{{ day|date }}\n"), {"day": dt.date(2026, 11, 30)}, "en_GB")
    assert text == "30 November 2026\n"


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
