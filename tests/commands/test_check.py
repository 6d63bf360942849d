"""`guide check`: every problem in organisation files, chapters, catalogue and templates at once,
as file:line:col: message, without rendering."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from guide import defaults
from guide.check import check
from guide.cli import main
from guide.options import BuildOptions, InputFolders
from tests.conftest import WriteOrg

CHAPTER = """\
---
id: extra
title: Extra
order: 70
audience: all
reviewed: 2026-11-27
---
## Section

Text.
"""


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.exit_code, result.stdout, result.stderr


def test_bundled_examples_are_clean() -> None:
    code, out, err = run("check")
    assert code == 0, err
    assert out.strip() == "3 file(s) checked: no problems"


def test_check_does_not_import_weasyprint() -> None:
    import subprocess

    code = (
        "import sys\nfrom guide.cli import main\n"
        "try:\n    main(['check'])\nexcept SystemExit:\n    pass\n"
        "print('weasyprint' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
        check=True,
    )
    assert result.stdout.strip().endswith("False")


def test_every_problem_in_every_file_is_reported(write_org: WriteOrg, tmp_path: Path) -> None:
    one = write_org("organisation: {name: A}\nteam:\n  roles: {endpoint-admn: 2}\n", "one.yaml")
    two = write_org("organisation: {nme: B}\nteam:\n  roles: {endpoint-admin: 2}\n", "two.yaml")
    code, _, err = run("check", str(tmp_path))
    assert code == 1
    assert f"{one}:3:11: team.roles.endpoint-admn: unknown role 'endpoint-admn'" in err
    assert f"{two}:1:16: organisation.nme: unknown key 'nme' (did you mean name?)" in err
    assert f"{two}:1:1: organisation: missing required key 'name'" in err
    assert "3 problem(s) in 2 file(s) checked" in err


def write_chapter(tmp_path: Path, text: str, name: str = "extra.md") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            CHAPTER.replace("audience: all", "audience: [endpoint-admn]"),
            ":5:12: audience[0]: unknown role 'endpoint-admn' (did you mean endpoint-admin?)",
        ),
        (
            CHAPTER.replace("order: 70", "order: seventy"),
            ":4:1: order: expected a whole number, found 'seventy'",
        ),
        (
            CHAPTER.replace("Text.", "{% if org.name %}unclosed"),
            ":10: template error: Unexpected end of template",
        ),
        (
            CHAPTER
            + "\n|"
            + "|".join(f"c{i}" for i in range(3000))
            + "|\n|"
            + "---|" * 3000
            + "\n",
            ":12: table with 3000 columns and 1 rows; the limits are 40 columns",
        ),
        ("no front matter\n", ":1: a chapter must start with front matter"),
        (CHAPTER + "x" * 2_100_000, ": file is 2100"),
        (
            CHAPTER.replace("id: extra", "id: Extra Chapter"),
            ":2:1: id: found 'Extra Chapter'; write lowercase letters and digits",
        ),
        (
            CHAPTER + "[!INCLUDE [secret](../secret.md)]\n",
            ":11: include '../secret.md' is outside the content folders",
        ),
        (
            CHAPTER + "[!INCLUDE [gone](includes/gone.md)]\n",
            ":11: included file 'includes/gone.md' not found",
        ),
    ],
)
def test_bad_chapter(tmp_path: Path, text: str, expected: str) -> None:
    chapter = write_chapter(tmp_path, text)
    code, _, err = run("check", str(chapter))
    assert code == 1
    assert f"{chapter}{expected}" in err, err


def test_problems_in_the_shared_content_are_reported(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(defaults.CONTENT_DIR, content)
    templates = tmp_path / "templates"
    shutil.copytree(defaults.TEMPLATES_DIR, templates)
    (templates / "cover.html.j2").write_text("{% if %}\n")
    (content / "chapters" / "welcome.md").write_text(
        (content / "chapters" / "welcome.md")
        .read_text()
        .replace("audience: all", "audience: [chef]")
    )
    report = check(
        [defaults.ORGS_DIR / "contoso.yaml"],
        BuildOptions(folders=InputFolders(content_dir=content, templates_dir=templates)),
    )
    messages = [str(problem) for problem in report.problems]
    assert any(m.startswith(f"{templates / 'cover.html.j2'}:1: template error") for m in messages)
    assert any("welcome.md:" in m and "unknown role 'chef'" in m for m in messages)
    assert not report.ok


def test_includes_are_resolved_and_cycles_refused(tmp_path: Path) -> None:
    folder = tmp_path / "chapters"
    (folder / "includes").mkdir(parents=True)
    (folder / "includes" / "note.md").write_text(
        "---\nms.topic: include\n---\nIncluded **text**.\n"
    )
    chapter = write_chapter(folder, CHAPTER + "[!INCLUDE [note](includes/note.md)]\n")
    assert run("check", str(chapter))[0] == 0
    from guide.content.chapters import read_chapter

    assert "Included **text**." in read_chapter(chapter).body
    assert "ms.topic" not in read_chapter(chapter).body
    (folder / "includes" / "a.md").write_text("[!INCLUDE [b](b.md)]\n")
    (folder / "includes" / "b.md").write_text("[!INCLUDE [a](a.md)]\n")
    looped = write_chapter(folder, CHAPTER + "[!INCLUDE [a](includes/a.md)]\n", "loop.md")
    code, _, err = run("check", str(looped))
    assert code == 1
    assert "b.md:1: include cycle: loop.md -> a.md -> b.md -> a.md" in err
