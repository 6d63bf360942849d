"""Chapter Jinja: organisation strings stay data, errors name the chapter's line, the sandbox
refuses what is unsafe, dates print long."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from markupsafe import Markup
from pypdf import PdfReader

from guide.build import build_guide
from guide.compose.expand import expand_chapter
from guide.content.chapters import Chapter, ChapterMeta
from guide.errors import InputError
from guide.markdown.parse import render_markdown
from guide.options import BuildOptions
from tests.conftest import GOOD, WriteOrg


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


@pytest.mark.parametrize(
    "body",
    [
        "Plain Markdown, no Jinja.\n",
        "Braces alone } and }} and %} and #} stay text.\n\n",
        "Windows lines\r\nand old Mac lines\rend here\r\n",
        "No newline at the end",
        "",
    ],
)
def test_a_chapter_without_jinja_expands_as_jinja_would_print_it(body: str) -> None:
    """Chapters without template syntax skip the compiler: the text must be what Jinja
    itself prints for them (its newline handling, no trailing newline dropped)."""
    from guide.compose.expand import _environment, _render

    by_jinja = _render(_environment("en_GB").from_string(body), {})
    assert expand_chapter(chapter(body), {}, "en_GB") == by_jinja


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


def test_template_syntax_in_an_organisation_name_prints_literally(
    write_org: WriteOrg, tmp_path: Path
) -> None:
    name = "{{ 7*7 }} <b>Ltd</b> [x](javascript:alert(1))"
    org = write_org(GOOD.replace("Acme Corp", f"'{name}'"))
    result = build_guide(org, BuildOptions(output_dir=tmp_path / "out"))
    reader = PdfReader(result.pdf)
    assert name in reader.pages[0].extract_text().replace("\n", " ")
    assert "49" not in reader.pages[0].extract_text()
    assert reader.metadata is not None and reader.metadata.author == name
