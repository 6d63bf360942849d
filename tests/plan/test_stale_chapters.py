"""Stale content: a chapter last reviewed too long before the training date is reported."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from guide.cli import main
from tests.conftest import FIXTURES

LEARN = FIXTURES / "learn"


def test_stale_chapter_is_reported(tmp_path: Path) -> None:
    shutil.copytree(LEARN, tmp_path / "org")
    welcome = tmp_path / "org" / "our-welcome.md"
    welcome.write_text(welcome.read_text().replace("2026-11-20", "2025-01-10"))
    result = CliRunner().invoke(main, ["check", str(tmp_path / "org" / "acme-learn.yaml")])
    assert result.exit_code == 0
    assert (
        "our-welcome.md: warning: chapter 'welcome' was last reviewed on 2025-01-10, more than "
        "180 days ago"
    ) in result.stderr
    relaxed = CliRunner().invoke(
        main, ["check", "--max-age", "1000", str(tmp_path / "org" / "acme-learn.yaml")]
    )
    assert "last reviewed on 2025-01-10" not in relaxed.stderr
