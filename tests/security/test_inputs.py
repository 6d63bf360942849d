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

REPO = Path(__file__).resolve().parents[2]

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
    # a link out of an added folder is refused at the organisation file's content.add
    assert lines[0].startswith((f"{location}: ", f"{org_file}:4:17: ")), lines
    assert expected in lines[0], lines


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


# 4. Symlinks in added folders


def test_a_link_in_an_added_folder_to_a_file_elsewhere_is_refused(tmp_path: Path) -> None:
    secret = chapter(tmp_path / "elsewhere" / "secret.md", "The secret is 42.", "secret")
    acme = org(tmp_path / "acme", "acme", "content: {add: [acme-content]}\n")
    chapter(tmp_path / "acme" / "acme-content" / "notes.md")
    (tmp_path / "acme" / "acme-content" / "secret.md").symlink_to(secret)
    result = invoke("check", str(acme))
    assert result.exit_code == 1
    assert problem_lines(result, acme) == [
        f"{acme}:4:17: content.add[0]: chapter 'acme-content/secret.md' is outside the "
        "content folders"
    ]
    out = tmp_path / "out"
    built = invoke("build", str(acme), "-o", str(out), "-f", "html")
    assert built.exit_code == 1
    assert not (out / "acme").exists()
    assert "42" not in built.output


# 5. Each organisation has a root of its own


def two_clients(tmp_path: Path, acme_body: str) -> tuple[Path, Path, Path]:
    """``clients/acme.yaml`` and ``clients/bob.yaml`` side by side, as ``guide new`` lays
    them out; bob has a private chapter and image, acme's chapter has ``acme_body``."""
    from PIL import Image

    clients = tmp_path / "clients"
    acme = org(clients, "acme", "content: {add: [acme-content]}\n")
    bob = org(clients, "bob", "content: {add: [bob-content]}\n")
    chapter(clients / "bob-content" / "private.md", "Bob's secret plan.", "bob-private")
    Image.new("RGB", (8, 8), "red").save(clients / "bob-content" / "photo.png")
    chapter(clients / "acme-content" / "includes" / "own.md", "Acme's own include.", "own")
    notes = chapter(clients / "acme-content" / "notes.md", acme_body)
    return acme, bob, notes


def test_a_client_cannot_include_another_clients_file(tmp_path: Path) -> None:
    acme, bob, notes = two_clients(tmp_path, "[!INCLUDE [bob](../bob-content/private.md)]")
    result = invoke("check", str(acme), str(bob))
    assert result.exit_code == 1
    lines = problem_lines(result, notes)
    assert len(lines) == 1
    assert lines[0].startswith(
        f"{notes}:9: include '../bob-content/private.md' is outside the content folders; an "
        "organisation whose folder holds other organisation files reads only its file and the "
        "files and folders it names: put its chapters and images in a folder named in "
        "content.add"
    )
    assert [line for line in problem_lines(result, bob) if ": warning:" not in line] == []
    # acme's own include, in the folder it names, is fine
    notes.write_text(notes.read_text().replace("../bob-content/private.md", "includes/own.md"))
    assert invoke("check", str(acme)).exit_code == 0


def test_a_client_cannot_show_another_clients_image(tmp_path: Path) -> None:
    acme, bob, notes = two_clients(tmp_path, "![Bob's photo](../bob-content/photo.png)")
    out = tmp_path / "out"
    result = invoke("build", str(acme), str(bob), "-o", str(out), "--jobs", "1")
    assert result.exit_code == 1
    lines = problem_lines(result, notes)
    assert len(lines) == 1
    assert lines[0].startswith(
        f"{notes}:9: image '../bob-content/photo.png' is outside the content folders; an "
        "organisation whose folder holds other organisation files reads only"
    )
    assert not (out / "acme" / "guide.pdf").exists()
    assert len(PdfReader(out / "bob" / "guide.pdf").pages) > 3  # bob's own files still build


def test_a_client_logo_cannot_fetch_another_clients_image(tmp_path: Path) -> None:
    acme, _, _ = two_clients(tmp_path, "Text.")
    logo = acme.parent / "acme-logo.svg"
    logo.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
        '<image href="bob-content/photo.png" width="10" height="10"/></svg>'
    )
    acme.write_text(acme.read_text().replace("Acme}", "Acme, logo: acme-logo.svg}"))
    out = tmp_path / "out"
    result = invoke("build", str(acme), "-o", str(out))
    assert result.exit_code == 1
    assert "bob-content/photo.png: outside the allowed folders" in result.stderr
    assert not (out / "acme" / "guide.pdf").exists()


def test_a_shared_folder_cannot_be_added_whole(tmp_path: Path) -> None:
    acme, _, _ = two_clients(tmp_path, "Text.")
    acme.write_text(acme.read_text().replace("[acme-content]", "[acme-content, .]"))
    result = invoke("check", str(acme))
    assert result.exit_code == 1
    assert problem_lines(result, acme) == [
        f"{acme}:4:31: content.add[1]: chapter folder '.' also holds other organisation files "
        "(bob.yaml); put this organisation's chapters in a folder of their own and name that "
        "folder"
    ]


def test_an_organisation_alone_in_its_folder_reads_the_whole_folder(tmp_path: Path) -> None:
    acme = org(tmp_path / "acme", "acme", "content: {add: [acme-content]}\n")
    chapter(tmp_path / "acme" / "shared" / "part.md", "A shared part.", "part")
    chapter(tmp_path / "acme" / "acme-content" / "notes.md", "[!INCLUDE [p](../shared/part.md)]")
    assert invoke("check", str(acme)).exit_code == 0


def test_a_second_organisation_in_the_folder_makes_the_first_ones_guide_stale(
    tmp_path: Path,
) -> None:
    """Alone, acme may read its whole folder; once bob.yaml joins it, only what it names. A
    guide built while alone must not be reported as up to date after that."""
    acme = org(tmp_path / "clients", "acme", "content: {add: [acme-content]}\n")
    chapter(tmp_path / "clients" / "shared" / "part.md", "A shared part.", "part")
    chapter(tmp_path / "clients" / "acme-content" / "notes.md", "[!INCLUDE [p](../shared/part.md)]")
    out = tmp_path / "out"
    assert invoke("build", str(acme), "-o", str(out)).exit_code == 0
    assert "up to date" in invoke("build", str(acme), "-o", str(out)).output
    org(tmp_path / "clients", "bob")
    again = invoke("build", str(acme), "-o", str(out))
    assert again.exit_code == 1, again.output
    assert "up to date" not in again.output
    [line] = problem_lines(again, tmp_path / "clients" / "acme-content" / "notes.md")
    assert "is outside the content folders" in line
