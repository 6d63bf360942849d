"""Property-based tests of composing: organisation strings never become markup, chapter
templates expand or name their line, and the sandbox blocks the known escapes."""

from __future__ import annotations

import datetime as dt
import html.parser
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from guide.compose.expand import expand_chapter
from guide.compose.gather import SharedContent, load_shared_content
from guide.compose.prepare import prepare_file
from guide.content.chapters import Chapter, ChapterMeta
from guide.errors import GuideError, InputError
from guide.options import BuildOptions
from tests.markdown.test_properties import markdownish

SHARED: SharedContent = load_shared_content(BuildOptions().folders)


class _TagCounter(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)


def tags(document: str) -> list[str]:
    counter = _TagCounter()
    counter.feed(document)
    return counter.tags


def html_for(tmp_path: Path, name: str, trainer: str) -> str:
    document = {
        "organisation": {"name": name},
        "training": {"trainer": trainer, "date": dt.date(2027, 1, 1)},
        "team": {"members": [{"name": name, "role": "m365-admin"}]},
    }
    org = tmp_path / "strings.yaml"
    org.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    return prepare_file(org, BuildOptions(), SHARED).html


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(name=st.text(min_size=1, max_size=40), trainer=st.text(min_size=1, max_size=40))
def test_organisation_strings_never_become_markup(tmp_path: Path, name: str, trainer: str) -> None:
    baseline = tags(html_for(tmp_path, "Plain", "Trainer"))
    try:
        document = html_for(tmp_path, name, trainer)
    except GuideError:
        return  # refused (control characters, empty after trimming): fine
    assert tags(document) == baseline


JINJA_SYNTAX = ("{{", "{%", "{#")


@settings(max_examples=300, deadline=None)
@given(body=markdownish)
def test_chapter_templates_expand_or_name_their_line(body: str) -> None:
    """Text without Jinja comes out as it went in; a template error is one line naming the
    chapter and a line of it."""
    meta = ChapterMeta(id="t", title="T", order=1, audience="all", reviewed=dt.date(2026, 1, 1))
    chapter = Chapter(Path("t.md"), meta, body, 8)
    try:
        text = expand_chapter(chapter, {"org": {"name": "x"}}, "en_GB")
    except GuideError as error:
        assert isinstance(error, InputError)
        (problem,) = error.problems
        assert problem.file == Path("t.md")
        assert problem.line is not None and 8 <= problem.line <= 8 + body.count("\n")
        assert "\n" not in error.format_message()
        assert any(syntax in body for syntax in JINJA_SYNTAX), "plain text refused"
        return
    if not any(syntax in body for syntax in JINJA_SYNTAX):
        assert text == body


UNSAFE = "is unsafe. (chapters may use only the values README 'Writing chapters' lists)"


ESCAPES = [
    ("{{ ''.__class__.__mro__ }}", f"access to attribute '__class__' of 'str' object {UNSAFE}"),
    ("{{ 'a'|attr('__class__') }}", "No filter named 'attr'."),
    ("{{ '{0.__class__}'.format(1) }}", "is not safely callable (chapters may use only"),
    ("{{ cycler.__init__.__globals__ }}", f"attribute '__init__' of 'object' object {UNSAFE}"),
    (
        "{% set x = [].append %}{{ x(1) }}",
        f"access to attribute 'append' of 'list' object {UNSAFE}",
    ),
]


@pytest.mark.parametrize("payload, refusal", ESCAPES, ids=[payload for payload, _ in ESCAPES])
def test_jinja_sandbox_blocks_known_escapes(payload: str, refusal: str) -> None:
    meta = ChapterMeta(id="t", title="T", order=1, audience="all", reviewed=dt.date(2026, 1, 1))
    with pytest.raises(InputError) as error:
        expand_chapter(Chapter(Path("t.md"), meta, payload, 8), {"cycler": object()}, "en_GB")
    assert str(error.value).startswith("t.md:8: template error: ")
    assert refusal in str(error.value)
