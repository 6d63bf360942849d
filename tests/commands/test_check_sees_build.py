"""`guide check` sees what `guide build` sees: a chapter checked on its own is expanded and
rendered as the build does, lines are mapped through includes, and every chapter's problems
are reported at once."""

from __future__ import annotations

import textwrap
from pathlib import Path

from click.testing import CliRunner
from PIL import Image

from guide.check import check
from guide.cli import main
from guide.options import BuildOptions
from tests.conftest import GOOD

FRONT = """\
---
id: {id}
title: Extra
order: 70
audience: all
reviewed: 2026-11-27
---
"""
FIVE_LINES = "One.\n\nTwo.\n\nThree.\n"


def chapter(folder: Path, body: str, name: str = "extra") -> Path:
    """A chapter file whose body starts at line 8."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.md"
    path.write_text(FRONT.format(id=name) + textwrap.dedent(body), encoding="utf-8")
    return path


def run_check(*paths: Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["check", *map(str, paths)])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.exit_code, result.stderr


def test_a_missing_image_after_an_include_is_reported_at_the_chapters_own_line(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "chapters"
    (folder / "includes").mkdir(parents=True)
    (folder / "includes" / "five.md").write_text(FIVE_LINES)
    path = chapter(
        folder,
        """\
        ## Section

        [!INCLUDE [five](includes/five.md)]

        ![Missing](missing.png)
        """,
    )
    code, err = run_check(path)
    assert code == 1
    # line 12 of the file the reader edits, not line 16 of the text with the include spliced in
    assert f"{path}:12: image 'missing.png' not found" in err, err
    assert ":16:" not in err


def test_a_problem_inside_an_included_file_is_reported_in_that_file(tmp_path: Path) -> None:
    folder = tmp_path / "chapters"
    (folder / "includes").mkdir(parents=True)
    included = folder / "includes" / "part.md"
    included.write_text("---\nms.topic: include\n---\nText.\n\n![Gone](gone.png)\n")
    path = chapter(folder, "## Section\n\n[!INCLUDE [part](includes/part.md)]\n")
    code, err = run_check(path)
    assert code == 1
    # line 6 of the included file: its front matter counts, as the reader sees it
    assert f"{included}:6: image 'gone.png' not found" in err, err


def test_an_undefined_variable_fails_check_at_its_line(tmp_path: Path) -> None:
    path = chapter(tmp_path, "## Section\n\nWelcome to {{ org.nmae }}.\n")
    code, err = run_check(path)
    assert code == 1
    assert f"{path}:10: " in err and "nmae" in err, err


def test_a_missing_image_fails_check_and_every_problem_is_reported(tmp_path: Path) -> None:
    path = chapter(tmp_path, "## Section\n\n![Logo](logo.png)\n\n![Other](other.png)\n")
    report = check([path], BuildOptions())
    assert not report.ok
    assert [(p.file, p.line) for p in report.problems] == [(path, 10), (path, 12)]
    assert all(p.severity == "error" and "not found" in p.message for p in report.problems)


def test_a_good_chapter_with_data_and_an_image_passes(tmp_path: Path) -> None:
    Image.new("RGB", (40, 20), "navy").save(tmp_path / "logo.png")
    path = chapter(tmp_path, "## Section\n\nWelcome to {{ org.name }}.\n\n![Logo](logo.png)\n")
    code, err = run_check(path)
    assert code == 0, err


def test_an_organisation_beside_the_chapter_gives_its_data(tmp_path: Path) -> None:
    org = tmp_path / "acme.yaml"
    org.write_text(GOOD + "content:\n  add: [acme-content]\n")
    path = chapter(tmp_path / "acme-content", "## Section\n\nFor {{ org.name }}.\n")
    assert run_check(path)[0] == 0
    from guide.check import context_organisation
    from guide.compose.gather import load_shared_content

    shared = load_shared_content(BuildOptions().folders)
    assert context_organisation(path, shared, BuildOptions()).file == org


def test_checking_an_organisation_lists_every_chapters_problems(tmp_path: Path) -> None:
    org = tmp_path / "acme.yaml"
    org.write_text(GOOD + "content:\n  add: [acme-content]\n")
    folder = tmp_path / "acme-content"
    (folder / "includes").mkdir(parents=True)
    (folder / "includes" / "five.md").write_text(FIVE_LINES)
    first = chapter(
        folder, "## A\n\n[!INCLUDE [five](includes/five.md)]\n\n![Gone](gone.png)\n", "first"
    )
    second = chapter(folder, "## B\n\nHello {{ org.nmae }}.\n", "second")
    code, err = run_check(org)
    assert code == 1
    assert f"{first}:12: image 'gone.png' not found" in err, err
    assert f"{second}:10: " in err and "nmae" in err, err
