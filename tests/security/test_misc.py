"""Odd input that once slipped between `guide check` and `guide build`, or printed badly."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from guide.cli import main
from guide.compose import edition
from guide.errors import Problem

ORG = (
    "organisation:\n  name: Acme\ntraining:\n  date: 2027-03-01\n"
    "team:\n  roles:\n    endpoint-admin: 2\ncontent:\n  add: [ours.md]\n"
)


def organisation_with_chapter(folder: Path, body: str) -> Path:
    (folder / "acme.yaml").write_text(ORG, encoding="utf-8")
    (folder / "ours.md").write_text(
        f"---\nid: ours\ntitle: Ours\nreviewed: 2026-11-01\n---\n## Ours\n\n{body}\n",
        encoding="utf-8",
    )
    return folder / "acme.yaml"


def test_an_address_too_long_for_a_file_name_is_the_same_problem_in_check_and_build(
    tmp_path: Path,
) -> None:
    """A 300-character image name made `check` crash and `build` fail with ENAMETOOLONG."""
    name = "a" * 300
    org = organisation_with_chapter(tmp_path, f"See [the notes]({name}.md).\n\n![Map]({name}.png)")
    runner = CliRunner()
    checked = runner.invoke(main, ["check", str(org)])
    built = runner.invoke(main, ["build", str(org), "-o", str(tmp_path / "out")])
    lines = []
    for result in (checked, built):
        assert result.exit_code == 1, result.output
        assert "Traceback" not in result.output
        assert "too long" not in result.output.lower()
        found = [line for line in result.output.splitlines() if "ours.md" in line]
        assert len(found) == 1, result.output
        lines.append(found[0])
    assert lines[0] == lines[1]
    assert lines[0].startswith(f"{tmp_path / 'ours.md'}:10: image '{name}.png' not found")


def test_every_problem_prints_on_one_line() -> None:
    problem = Problem(Path("acme.yaml"), "1 validation error for X\n  Input should be\n  more")
    assert str(problem) == "acme.yaml: 1 validation error for X; Input should be; more"


def test_an_unexpected_multi_line_error_is_one_line_and_the_batch_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    org = organisation_with_chapter(tmp_path, "Hello.")

    def broken(*args: object, **kwargs: object) -> None:
        raise ValueError("first line\nsecond line\n\nthird line")

    monkeypatch.setattr(edition, "render_chapters", broken)
    result = CliRunner().invoke(main, ["build", str(org), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    problems = [line for line in result.output.splitlines() if "internal error" in line]
    assert problems == [
        f"{org}: internal error: ValueError: first line; second line; third line"
    ], result.output
