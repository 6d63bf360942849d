"""Property-based tests of organisation files: whatever comes in, a guide or the tool's own
errors come out, each naming the file and the line or key at fault."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from markupsafe import Markup

from guide.build import build_guide
from guide.compose.gather import SharedContent, load_shared_content
from guide.compose.prepare import prepare_file
from guide.errors import GuideError, InputError, Problem
from guide.options import BuildOptions
from tests.conftest import GOOD

SHARED: SharedContent = load_shared_content(BuildOptions().folders)

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


def assert_located_in(org: Path, error: GuideError) -> list[Problem]:
    """The error is our one-line-per-problem report, every problem in the organisation file."""
    assert isinstance(error, InputError), error
    assert error.problems
    for problem in error.problems:
        assert problem.file == org
        assert str(problem).startswith(f"{org}:")
    assert error.format_message().split("\n") == [str(p) for p in error.problems]
    return list(error.problems)


@SETTINGS
@given(noise=documents)
def test_generated_organisation_files_build_or_name_the_key_at_fault(
    tmp_path: Path, noise: dict[str, object]
) -> None:
    """A valid file with generated keys laid over it either still prepares, printing the
    organisation's name, or every problem names a line or a key, and one names a key we laid."""
    document = {**yaml.safe_load(GOOD), **noise}
    org = write(tmp_path, document)
    try:
        prepared = prepare_file(org, BuildOptions(), SHARED)
    except GuideError as error:
        problems = assert_located_in(org, error)
        assert all(p.line is not None or p.key is not None for p in problems), problems
        keyed = {(p.key or "").split(".")[0].split("[")[0] for p in problems if p.key is not None}
        assert keyed & set(noise), (noise, problems)
        event("refused")
        return
    event("prepared")
    name = document["organisation"]["name"]  # type: ignore[index]
    assert str(Markup.escape(" ".join(name.split()))) in prepared.html


@SETTINGS
@given(raw=st.binary(max_size=300), after_a_good_file=st.booleans())
def test_arbitrary_bytes_give_our_errors_in_that_file(
    tmp_path: Path, raw: bytes, after_a_good_file: bool
) -> None:
    """Bytes alone, or after a good file: our own errors, each naming the file; a good file
    followed by nothing (or blank lines) still prepares. Blank to YAML is spaces, tabs and
    line ends only: a vertical tab or form feed is a character it refuses (found here)."""
    prefix = GOOD.encode() if after_a_good_file else b""
    org = write(tmp_path, None, prefix + raw)
    try:
        prepared = prepare_file(org, BuildOptions(), SHARED)
    except GuideError as error:
        assert_located_in(org, error)
        assert raw.strip(b" \t\r\n") or not after_a_good_file, "a good file failed"
        event("refused")
        return
    event("prepared")
    assert after_a_good_file, "bytes alone made an organisation"
    assert "Acme Corp" in prepared.html


@settings(
    max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(name=st.text(min_size=1, max_size=40))
def test_build_gives_a_pdf_or_our_error(tmp_path: Path, name: str) -> None:
    org = write(tmp_path, {"organisation": {"name": name}, "team": {"roles": {"m365-admin": 1}}})
    try:
        result = build_guide(org, BuildOptions(output_dir=tmp_path / "out"), SHARED)
    except GuideError:
        return
    assert result.pdf.read_bytes().startswith(b"%PDF")
