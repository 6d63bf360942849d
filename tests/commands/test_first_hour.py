"""A new user's first hour: a quiet first run, and notes where they belong."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from guide.cli import main


@pytest.mark.slow
def test_a_first_build_of_the_examples_says_only_what_it_made(tmp_path: Path) -> None:
    """Nothing on stderr: the plans' notes are in the guides and in ``guide check``; the
    build's line for each guide says how many there are."""
    result = CliRunner().invoke(main, ["build", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert len(lines) == 3, lines
    assert all(" pages " in line for line in lines)
    contoso = next(line for line in lines if "contoso" in line)
    assert contoso.endswith("(2 notes on the plan: guide check orgs/contoso.yaml)")


def test_check_lists_the_plans_notes_but_not_the_bundled_contents() -> None:
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 0, result.stderr
    assert "orgs/contoso.yaml: important: MS-102 retired on 30 November 2026" in result.stderr
    assert "has no address" not in result.stderr
    assert "warning" not in result.stderr
    assert result.stdout.strip() == "3 file(s) checked: no problems"


def test_check_with_max_age_adds_the_notes_for_the_contents_maintainers() -> None:
    result = CliRunner().invoke(main, ["check", "--max-age", "365", "orgs/contoso.yaml"])
    assert result.exit_code == 0, result.stderr
    assert "content/chapters/choosing.md: warning: source '" in result.stderr
    assert "has no address" in result.stderr
    assert result.stdout.strip().startswith("1 file(s) checked: no problems, ")
    assert result.stdout.strip().endswith(" warnings above")
