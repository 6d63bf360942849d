"""Property-based tests: whatever organisation file or Markdown comes in, only the tool's own
errors come out, and data never turns into markup."""

from __future__ import annotations

import contextlib
import datetime as dt
import html.parser
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from guide.build import build_guide
from guide.compose.expand import expand_chapter
from guide.compose.gather import SharedContent, load_shared_content
from guide.compose.prepare import prepare_file
from guide.content.chapters import Chapter, ChapterMeta
from guide.errors import GuideError
from guide.markdown.parse import render_markdown
from guide.options import BuildOptions, InputFolders

SOURCES: SharedContent = load_shared_content(InputFolders())

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 20),
    st.floats(allow_nan=False),
    st.text(max_size=30),
    st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31)),
    st.sampled_from(["endpoint-admin", "m365-admin", "MD-102", "MS-102", "#0F6CBD", "A4"]),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=12,
)
keys = st.sampled_from(
    [
        "organisation",
        "paper",
        "training",
        "team",
        "roles",
        "members",
        "name",
        "role",
        "certified",
        "path",
        "date",
        "logo",
        "colours",
        "primary",
        "endpoint-admin",
        "m365-admin",
        "title",
        "venue",
        "extra",
    ]
)
documents = st.recursive(
    st.dictionaries(keys, values, max_size=5),
    lambda inner: st.dictionaries(
        keys, st.one_of(inner, values, st.lists(inner, max_size=3)), max_size=5
    ),
    max_leaves=25,
)
SETTINGS = settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def write(tmp_path: Path, document: object, raw: bytes | None = None) -> Path:
    path = tmp_path / "fuzz.yaml"
    path.write_bytes(
        raw if raw is not None else yaml.safe_dump(document, allow_unicode=True).encode("utf-8")
    )
    return path


@SETTINGS
@given(document=documents)
def test_generated_organisation_files_give_only_our_errors(
    tmp_path: Path, document: object
) -> None:
    with contextlib.suppress(GuideError):
        prepare_file(write(tmp_path, document), BuildOptions(), SOURCES)


@SETTINGS
@given(raw=st.binary(max_size=300))
def test_arbitrary_bytes_give_only_our_errors(tmp_path: Path, raw: bytes) -> None:
    with contextlib.suppress(GuideError):
        prepare_file(write(tmp_path, None, raw), BuildOptions(), SOURCES)


@settings(
    max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(name=st.text(min_size=1, max_size=40))
def test_build_gives_a_pdf_or_our_error(tmp_path: Path, name: str) -> None:
    org = write(tmp_path, {"organisation": {"name": name}, "team": {"roles": {"m365-admin": 1}}})
    try:
        result = build_guide(org, BuildOptions(output_dir=tmp_path / "out"), SOURCES)
    except GuideError:
        return
    assert result.pdf.read_bytes().startswith(b"%PDF")


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
    org = write(
        tmp_path,
        {
            "organisation": {"name": name},
            "training": {"trainer": trainer, "date": dt.date(2027, 1, 1)},
            "team": {"members": [{"name": name, "role": "m365-admin"}]},
        },
    )
    return prepare_file(org, BuildOptions(), SOURCES).html


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


markdownish = st.text(
    alphabet=st.sampled_from(list("#*_`[]()!<>|:-+=>~\\\n \tabcXYZ1é东/\"'{}%")), max_size=400
)


@settings(max_examples=500, deadline=None)
@given(text=markdownish)
def test_markdown_stage_never_crashes(text: str) -> None:
    rendered = render_markdown(text, "fuzz")
    assert "<script" not in rendered.html.lower()


@settings(max_examples=300, deadline=None)
@given(body=markdownish)
def test_chapter_templates_give_only_our_errors(body: str) -> None:
    meta = ChapterMeta(id="t", title="T", order=1, audience="all", reviewed=dt.date(2026, 1, 1))
    chapter = Chapter(Path("t.md"), meta, body, 8)
    with contextlib.suppress(GuideError):
        expand_chapter(chapter, {"org": {"name": "x"}}, "en_GB")


@pytest.mark.parametrize(
    "payload",
    [
        "{{ ''.__class__.__mro__ }}",
        "{{ 'a'|attr('__class__') }}",
        "{{ '{0.__class__}'.format(1) }}",
        "{{ cycler.__init__.__globals__ }}",
        "{% set x = [].append %}{{ x(1) }}",
    ],
)
def test_jinja_sandbox_blocks_known_escapes(payload: str) -> None:
    meta = ChapterMeta(id="t", title="T", order=1, audience="all", reviewed=dt.date(2026, 1, 1))
    with pytest.raises(GuideError):
        expand_chapter(Chapter(Path("t.md"), meta, payload, 8), {"cycler": object()}, "en_GB")
