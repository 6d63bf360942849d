"""Outputs: never stale yet 'up to date', a manifest that remembers, links never followed,
an organisation's files replaced all or none (issue 13)."""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image
from pypdf import PdfReader

from guide.batch.run import run_batch
from guide.cli import main
from guide.options import BuildOptions
from guide.render.engine import import_weasyprint

ORG = """\
organisation:
  name: Acme Corp
  logo: logo.svg
training:
  date: 2027-03-01
team:
  roles:
    endpoint-admin: 2
content:
  add: [extra.md]
  vars: {pic: photo.png}
"""

CHAPTER = """\
---
id: extra
title: Our desk
audience: all
reviewed: 2027-01-10
---
# Our desk

![The desk]({{ vars.pic }})
"""

LOGO = """\
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
     width="60" height="20"><image xlink:href="mark.png" width="20" height="20"/></svg>
"""


def png(path: Path, colour: str) -> None:
    Image.new("RGB", (8, 8), colour).save(path)


@pytest.fixture
def org(tmp_path: Path) -> Path:
    """An organisation with an SVG logo that shows a PNG, and a chapter whose image path
    is made with Jinja."""
    import_weasyprint()  # so that `--jobs 1` renders in this process (monkeypatches apply)
    folder = tmp_path / "orgs"
    folder.mkdir()
    (folder / "logo.svg").write_text(LOGO)
    png(folder / "mark.png", "red")
    png(folder / "photo.png", "green")
    (folder / "extra.md").write_text(CHAPTER)
    file = folder / "acme.yaml"
    file.write_text(ORG)
    return file


def another(org: Path) -> Path:
    """A second organisation, Bob, in a folder of its own (organisations that share a folder
    may read only the files they name), built into the same output folder as Acme."""
    folder = org.parent.parent / "bob-org"
    shutil.copytree(org.parent, folder)
    (folder / org.name).unlink()
    file = folder / "bob.yaml"
    file.write_text(ORG.replace("Acme Corp", "Bob Ltd"))
    return file


def build(*args: str | Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["build", "--jobs", "1", *map(str, args)])
    return result.exit_code, result.stdout, result.stderr


def files_under(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


# 1. Stale outputs are never reported as up to date


def test_an_image_inside_the_svg_logo_changes_and_the_guide_is_rebuilt(
    org: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    assert build(org, "-o", out)[0] == 0
    before = (out / "acme" / "guide.pdf").read_bytes()
    assert "up to date" in build(org, "-o", out)[1]
    png(org.parent / "mark.png", "blue")
    code, stdout, _ = build(org, "-o", out)
    assert code == 0 and "up to date" not in stdout
    assert (out / "acme" / "guide.pdf").read_bytes() != before
    assert "up to date" in build(org, "-o", out)[1]


def test_an_image_whose_path_is_made_with_jinja_changes_and_the_guide_is_rebuilt(
    org: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    assert build(org, "-o", out, "-f", "pdf,html")[0] == 0
    assert "up to date" in build(org, "-o", out, "-f", "pdf,html")[1]
    png(org.parent / "photo.png", "yellow")
    code, stdout, _ = build(org, "-o", out, "-f", "pdf,html")
    assert code == 0 and "up to date" not in stdout
    copied = out / "acme" / "assets" / "org" / "photo.png"
    assert copied.read_bytes() == (org.parent / "photo.png").read_bytes()


def test_review_notes_are_as_of_the_training_date_whatever_the_build_day(
    org: Path, tmp_path: Path
) -> None:
    """The organisation trains on 2027-03-01; its own chapter was reviewed 2027-01-10, so on
    the training date it is recent. Built later (its review then older than 180 days), the
    guide says the same thing and stays up to date; the learner guide never prints it."""
    out = tmp_path / "out"

    def run(today: dt.date) -> tuple[str, tuple[str, ...]]:
        options = BuildOptions(output_dir=out, today=today)
        [outcome] = run_batch([org], options)
        warnings = outcome.result.warnings if outcome.result else ()
        return outcome.status, tuple(warning.message for warning in warnings)

    def text() -> str:
        reader = PdfReader(out / "acme" / "guide.pdf")
        return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)

    status, warnings = run(dt.date(2027, 7, 9))
    assert status == "built" and not [w for w in warnings if "last reviewed" in w]
    assert run(dt.date(2027, 7, 10))[0] == "up to date"
    assert run(dt.date(2028, 1, 1))[0] == "up to date"
    assert "last reviewed" not in text()


def test_an_organisations_stale_chapter_is_a_warning_at_build(org: Path, tmp_path: Path) -> None:
    """Its own content is what the user can fix: a chapter reviewed more than 180 days
    before the training is reported at build (bundled content stays quiet)."""
    org.write_text(org.read_text().replace("date: 2027-03-01", "date: 2027-09-01"))
    [outcome] = run_batch([org], BuildOptions(output_dir=tmp_path / "out"))
    assert outcome.result is not None
    [warning] = [w for w in outcome.result.warnings if "last reviewed" in w.message]
    assert warning.file.name == "extra.md" and warning.severity == "warning"
    assert not [w for w in outcome.result.warnings if "content/chapters" in str(w.file)]


def test_a_changed_source_date_epoch_rebuilds_the_guide(
    org: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    assert build(org, "-o", out)[0] == 0
    assert "up to date" in build(org, "-o", out)[1]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1900000000")
    code, stdout, _ = build(org, "-o", out)
    assert code == 0 and "up to date" not in stdout
    metadata = PdfReader(out / "acme" / "guide.pdf").metadata
    assert metadata is not None and "2030" in str(metadata.get("/CreationDate"))


# 2. The manifest remembers organisations built earlier into the same folder


def test_the_manifest_keeps_other_organisations_while_their_files_are_on_disk(
    org: Path, tmp_path: Path
) -> None:
    other = another(org)
    out = tmp_path / "out"

    def listed() -> set[str]:
        entries = json.loads((out / "manifest.json").read_text())["outputs"]
        return {Path(entry["organisation"]).name for entry in entries}

    assert build(org, "-o", out)[0] == 0
    assert build(other, "-o", out)[0] == 0
    assert listed() == {"acme.yaml", "bob.yaml"}
    assert "up to date" in build(org, "-o", out)[1]  # its entry still serves
    assert listed() == {"acme.yaml", "bob.yaml"}
    (out / "acme" / "guide.pdf").unlink()
    assert build(other, "-o", out, "--force")[0] == 0
    assert listed() == {"bob.yaml"}


# 3. Links in the output folder are replaced, never followed


@pytest.mark.parametrize("target", ["another organisation's guide", "a file outside"])
def test_an_output_file_that_is_a_link_is_replaced_not_written_through(
    org: Path, tmp_path: Path, target: str
) -> None:
    other = another(org)
    out = tmp_path / "out"
    assert build(org, other, "-o", out)[0] == 0
    victim = out / "bob" / "guide.pdf"
    if target == "a file outside":
        victim = tmp_path / "precious.pdf"
        victim.write_bytes(b"%PDF-1.7 precious")
    before = victim.read_bytes()
    link = out / "acme" / "guide.pdf"
    link.unlink()
    link.symlink_to(victim)
    org.write_text(ORG.replace("Acme Corp", "Acme Group"))
    assert build(org, "-o", out)[0] == 0
    assert victim.read_bytes() == before
    assert not link.is_symlink()
    assert "Acme Group" in (PdfReader(link).metadata or {}).get("/Author", "")


@pytest.mark.parametrize("target", ["another organisation's folder", "a folder outside"])
def test_an_organisation_folder_that_is_a_link_is_refused(
    org: Path, tmp_path: Path, target: str
) -> None:
    out = tmp_path / "out"
    other = another(org)
    if target == "a folder outside":
        elsewhere = tmp_path / "elsewhere"
        elsewhere.mkdir()
        out.mkdir()
        names: tuple[Path, ...] = (org, other)  # the rest of the batch builds
    else:
        assert build(other, "-o", out)[0] == 0
        elsewhere, names = out / "bob", (org,)
    before = files_under(elsewhere)
    (out / "acme").symlink_to(elsewhere)
    code, _, stderr = build(*names, "-o", out)
    assert code == 1
    assert files_under(elsewhere) == before
    [line] = [line for line in stderr.splitlines() if "cannot write" in line]
    assert line.startswith(f"{org}: cannot write guide.pdf under {out}: ")
    assert line.endswith(
        f"{out / 'acme'} is a link or a file, not a folder; choose another output folder with -o"
    )
    assert "Traceback" not in stderr
    assert (out / "bob" / "guide.pdf").is_file()


# 4. An organisation's outputs are replaced all or none


@pytest.mark.slow
def test_a_full_disk_while_copying_assets_leaves_every_previous_output_as_it_was(
    org: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    assert build(org, "-o", out, "-f", "pdf,html", "--handouts", "--booklet")[0] == 0
    before = files_under(out / "acme")
    assert {"guide.pdf", "guide.html", "trainer.pdf", "handouts.pdf", "guide-booklet.pdf"} <= set(
        before
    )
    real_fsync = os.fsync

    def full_disk(fd: int) -> None:
        if "/assets/" in os.readlink(f"/proc/self/fd/{fd}"):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", full_disk)
    org.write_text(ORG.replace("Acme Corp", "Acme Group"))
    code, _, stderr = build(org, "-o", out, "-f", "pdf,html", "--handouts", "--booklet")
    assert code == 1
    assert f"{org}: cannot write assets/" in stderr
    assert "No space left on device" in stderr and "Traceback" not in stderr
    assert files_under(out / "acme") == before  # no new PDF beside an old HTML; no temp file
