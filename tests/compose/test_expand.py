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


@pytest.fixture
def fresh_code_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Compiled chapters kept under ``tmp_path`` (the user's temporary folder) from now on."""
    import tempfile

    from guide.compose.expand import _compiled
    from guide.compose.kept_code import kept_code

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    kept_code.cache_clear()
    _compiled.cache_clear()
    yield tmp_path
    kept_code.cache_clear()
    _compiled.cache_clear()


def test_a_compiled_chapter_is_kept_for_the_next_run_and_keeps_its_checks(
    fresh_code_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from guide.compose.expand import _compiled
    from guide.compose.sandbox import ChapterSandbox

    body = "Welcome, {{ org.name }}!\n"
    assert expand_chapter(chapter(body), {"org": {"name": "Contoso"}}, "en_GB") == (
        "Welcome, Contoso!\n"
    )
    assert len(list(fresh_code_folder.glob("_jinja2-cache-*/__guide_chapter_*.cache"))) == 1

    compiled: list[str] = []
    original = ChapterSandbox.compile

    def counted(self: ChapterSandbox, source: str, *args: object, **kwargs: object) -> object:
        compiled.append(source)
        return original(self, source, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(ChapterSandbox, "compile", counted)
    _compiled.cache_clear()  # as in a new process
    assert expand_chapter(chapter(body), {"org": {"name": "Fabrikam"}}, "en_GB") == (
        "Welcome, Fabrikam!\n"
    )
    assert compiled == []  # loaded, not compiled
    edited = "Hello, {{ org.name }}.\n"
    assert expand_chapter(chapter(edited), {"org": {"name": "A"}}, "en_GB") == "Hello, A.\n"
    assert compiled == [edited]  # the same file with another body is compiled again

    refused = chapter("{{ ''.__class__.__mro__ }}\n")
    for _ in range(2):  # compiled, then loaded: refused both times
        _compiled.cache_clear()
        with pytest.raises(InputError, match="template error"):
            expand_chapter(refused, {}, "en_GB")


def test_chapters_compile_each_run_where_no_cache_folder_can_be_made(
    fresh_code_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    from guide.compose.kept_code import kept_code

    not_a_folder = fresh_code_folder / "file"
    not_a_folder.write_text("")
    monkeypatch.setattr(tempfile, "tempdir", str(not_a_folder))
    assert kept_code("chapter") is None
    assert expand_chapter(chapter("{{ 6 * 7 }}\n"), {}, "en_GB") == "42\n"


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
