"""Hostile input files: deep YAML, include fan-out, FIFOs and devices, symlinks out of added
folders, one organisation reading another's files, and fonts that are not fonts. Each is one
line with its file, never a hang or a traceback, and the rest of a batch still builds."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from click.testing import CliRunner, Result
from pypdf import PdfReader

from guide.cli import main

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
