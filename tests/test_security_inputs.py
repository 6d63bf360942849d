"""Hostile input files: deep YAML, include fan-out, FIFOs and devices, symlinks out of added
folders, one organisation reading another's files, and fonts that are not fonts. Each is one
line with its file, never a hang or a traceback, and the rest of a batch still builds."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from pypdf import PdfReader

from guide.cli import main

REPO = Path(__file__).resolve().parent.parent

ORG = """\
organisation: {{name: {name}}}
training: {{date: 2027-03-01}}
team: {{roles: {{endpoint-admin: 2}}}}
"""

CHAPTER = """\
---
id: {id}
title: Local notes
audience: all
reviewed: 2026-11-27
---
## Notes

{body}
"""


def org(folder: Path, slug: str, extra: str = "") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{slug}.yaml"
    path.write_text(ORG.format(name=slug.title()) + extra, encoding="utf-8")
    return path


def chapter(path: Path, body: str = "Text.", chapter_id: str = "local-notes") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(CHAPTER.format(id=chapter_id, body=body), encoding="utf-8")
    return path


def invoke(*args: str) -> Result:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def problem_lines(result: Result, file: Path) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith(str(file))]


def assert_fails_fast(args: list[str], needle: str, seconds: float = 30) -> Result:
    """The command exits 1 within ``seconds`` with ``needle`` in one line of stderr."""
    started = time.monotonic()
    result = invoke(*args)
    assert time.monotonic() - started < seconds
    assert result.exit_code == 1, result.output
    assert any(needle in line for line in result.stderr.splitlines()), result.stderr
    assert "Traceback" not in result.output
    return result


# 1. YAML nesting depth


def test_deep_yaml_fails_one_organisation_and_the_batch_goes_on(tmp_path: Path) -> None:
    clients = tmp_path / "clients"
    good = org(clients, "good")
    deep = org(clients, "deep", "extra: " + "[" * 1000 + "]" * 1000 + "\n")
    nested = org(clients, "nested", "content: {add: [nested-content]}\n")
    notes = chapter(clients / "nested-content" / "notes.md")
    notes.write_text(notes.read_text().replace("reviewed:", "x:\n" + "- " * 1000 + "1\nreviewed:"))
    out = tmp_path / "out"
    result = invoke("build", str(clients), "-o", str(out), "--jobs", "1")
    assert result.exit_code == 1
    assert problem_lines(result, deep) == [
        f"{deep}:4:57: YAML nested more than 50 levels deep; flatten the data"
    ]
    assert problem_lines(result, notes) == [
        f"{notes}:6:99: YAML nested more than 50 levels deep; flatten the data"
    ]
    assert "Traceback" not in result.output
    assert len(PdfReader(out / "good" / "guide.pdf").pages) > 3
    manifest = json.loads((out / "manifest.json").read_text())
    assert [f["organisation"] for f in manifest["failures"]] == [str(deep), str(nested)]
    assert [o["organisation"] for o in manifest["outputs"]] == [str(good)]


# 2. Include fan-out


def test_includes_that_fan_out_stop_at_the_chapter_limit(tmp_path: Path) -> None:
    acme = org(tmp_path, "acme", "content: {add: [acme-content]}\n")
    content = tmp_path / "acme-content"
    (content / "includes").mkdir(parents=True)
    (content / "includes" / "level7.md").write_text("x" * 100 + "\n")
    for level in range(6, -1, -1):
        line = f"[!INCLUDE [more](level{level + 1}.md)]\n"
        (content / "includes" / f"level{level}.md").write_text(line * 8)
    notes = chapter(content / "notes.md", "Intro.\n\n[!INCLUDE [all](includes/level0.md)]")
    result = assert_fails_fast(["check", str(acme)], "the chapter is over 2000000 bytes", 20)
    assert problem_lines(result, notes) == [
        f"{notes}:11: with its includes expanded the chapter is over 2000000 bytes, the "
        "limit; include fewer or smaller files"
    ]


# 3. Non-regular files: FIFOs and devices are refused, never read


NOT_REGULAR = "not a regular file (a pipe, device or socket); only files are read"


def special_chapter(folder: Path) -> tuple[Path, Path, str, str]:
    acme = org(folder, "acme", "content: {add: [notes.md]}\n")
    return acme, folder / "notes.md", f"{acme}:4:17", "content.add[0]: chapter 'notes.md'"


def special_in_added_folder(folder: Path) -> tuple[Path, Path, str, str]:
    acme = org(folder, "acme", "content: {add: [acme-content]}\n")
    (folder / "acme-content").mkdir()
    notes = folder / "acme-content" / "notes.md"
    return acme, notes, str(notes), ""


def special_include(folder: Path) -> tuple[Path, Path, str, str]:
    acme = org(folder, "acme", "content: {add: [notes.md]}\n")
    notes = chapter(folder / "notes.md", "[!INCLUDE [more](more.md)]")
    return acme, folder / "more.md", f"{notes}:9", "included file 'more.md'"


def special_organisation(folder: Path) -> tuple[Path, Path, str, str]:
    folder.mkdir()
    return folder / "acme.yaml", folder / "acme.yaml", str(folder / "acme.yaml"), ""


def special_logo(folder: Path) -> tuple[Path, Path, str, str]:
    acme = org(folder, "acme", "organisation: {name: Acme, logo: logo.svg}\n")
    acme.write_text(acme.read_text().replace("organisation: {name: Acme}\n", ""))
    return acme, folder / "logo.svg", f"{acme}:3:28", "organisation.logo: logo 'logo.svg'"


def special_font(folder: Path) -> tuple[Path, Path, str, str]:
    acme = org(folder, "acme", "organisation: {name: Acme, fonts: {regular: corp.ttf}}\n")
    acme.write_text(acme.read_text().replace("organisation: {name: Acme}\n", ""))
    font = "organisation.fonts.regular: font 'corp.ttf'"
    return acme, folder / "corp.ttf", f"{acme}:3:36", font


@pytest.mark.parametrize(
    "setup",
    [
        special_chapter,
        special_in_added_folder,
        special_include,
        special_organisation,
        special_logo,
        special_font,
    ],
)
@pytest.mark.parametrize("kind", ["fifo", "link to /dev/zero"])
def test_fifos_and_devices_are_refused_at_once(
    tmp_path: Path, setup: Callable[[Path], tuple[Path, Path, str, str]], kind: str
) -> None:
    org_file, special, location, what = setup(tmp_path / "acme")
    if kind == "fifo":
        os.mkfifo(special)
        expected = f"{location}: {what}: {NOT_REGULAR}" if what else f"{location}: {NOT_REGULAR}"
    elif special == org_file:  # the organisation file is not confined: the device is refused
        special.symlink_to("/dev/zero")
        expected = f"{location}: {NOT_REGULAR}"
    else:  # a link out of the organisation's folder is refused before anything is read
        special.symlink_to("/dev/zero")
        expected = "is outside the"
    # a process of its own, so that a hang fails the test instead of stopping the run
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "guide", "check", str(org_file)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert time.monotonic() - started < 30
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 2 and lines[1].startswith("1 problem(s)"), lines
    assert lines[0].startswith(f"{location}: ") and expected in lines[0], lines


# 6. A font that is not a font


def test_a_font_that_is_not_a_font_is_an_error(tmp_path: Path) -> None:
    acme = org(tmp_path, "acme", "organisation: {name: Acme, fonts: {regular: corp.ttf}}\n")
    acme.write_text(acme.read_text().replace("organisation: {name: Acme}\n", ""))
    (tmp_path / "corp.ttf").write_text("Not a font at all, just text renamed.\n")
    out = tmp_path / "out"
    result = invoke("build", str(acme), "-o", str(out))
    assert result.exit_code == 1
    assert problem_lines(result, acme) == [
        f"{acme}:3:36: organisation.fonts.regular: font 'corp.ttf' is not a TrueType, "
        "OpenType, WOFF or WOFF2 font (by its first bytes); name the font file itself"
    ]
    assert not (out / "acme" / "guide.pdf").exists()
