"""Faults: time limits, interrupted and concurrent builds, unwritable output, sweeping up."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from guide.cli import main
from tests.conftest import GOOD, WriteOrg

REPO = Path(__file__).resolve().parents[2]


def big_team(count: int) -> str:
    members = "".join(f"    - {{name: Person {i}, role: endpoint-admin}}\n" for i in range(count))
    return GOOD.replace("  roles:\n    endpoint-admin: 2\n", "  members:\n" + members)


@pytest.mark.slow
def test_a_slow_organisation_times_out_and_the_others_build(tmp_path: Path) -> None:
    # With --handouts, 1000 named members mean some 2000 pages: several minutes, many times
    # the limit; the small organisation needs about 4 s, and under 15 s on a loaded machine.
    # No wall-clock bound: the message shows that the limit, not the work's end, stopped it.
    (tmp_path / "small.yaml").write_text(GOOD)
    (tmp_path / "large.yaml").write_text(big_team(1000))
    result = CliRunner().invoke(
        main,
        ["build", str(tmp_path), "-o", str(tmp_path / "out"), "--handouts", "--time-limit", "60"],
    )
    assert result.exit_code == 1, result.output
    assert f"{tmp_path / 'large.yaml'}: timed out after 60 s" in result.stderr
    assert "--time-limit" in result.stderr
    assert (tmp_path / "out" / "small" / "guide.pdf").is_file()
    assert not (tmp_path / "out" / "large").exists()


def _spawn_build(org: Path, out: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "guide", "build", str(org), "-o", str(out)],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


@pytest.mark.slow
def test_a_terminated_build_leaves_the_earlier_pdf_and_no_temporary_file(
    write_org: WriteOrg, tmp_path: Path
) -> None:
    org = write_org(GOOD)
    out = tmp_path / "out"
    assert _spawn_build(org, out).wait(timeout=120) == 0
    pdf = out / "acme" / "guide.pdf"
    before = pdf.read_bytes()
    org.write_text(big_team(400))
    process = _spawn_build(org, out)
    time.sleep(2.5)  # well into the render of a long plan
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=60) != 0
    assert pdf.read_bytes() == before
    assert sorted(os.listdir(out / "acme")) == ["guide.pdf"]


@pytest.mark.slow
def test_two_builds_of_the_same_organisation_at_once_give_a_whole_pdf(
    write_org: WriteOrg, tmp_path: Path
) -> None:
    org = write_org(GOOD)
    out = tmp_path / "out"
    first, second = _spawn_build(org, out), _spawn_build(org, out)
    assert first.wait(timeout=120) == 0
    assert second.wait(timeout=120) == 0
    pdf = out / "acme" / "guide.pdf"
    assert pdf.read_bytes().rstrip().endswith(b"%%EOF")
    assert len(PdfReader(pdf).pages) > 5
    assert sorted(os.listdir(out / "acme")) == ["guide.pdf"]


def test_output_folder_that_is_a_file_is_one_clear_error(
    write_org: WriteOrg, tmp_path: Path
) -> None:
    org = write_org(GOOD)
    blocker = tmp_path / "out"
    blocker.write_text("not a folder")
    result = CliRunner().invoke(main, ["build", str(org), "-o", str(blocker)])
    assert result.exit_code == 2  # a usage error, found before anything is built
    assert f"'{blocker}' is a file, not a folder; choose another output folder" in result.stderr


def test_read_only_output_folder_is_one_clear_error(
    write_org: WriteOrg, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Tests run as root, for whom chmod cannot make a folder read-only: refuse the rename.
    def refuse(*args: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)
    org = write_org(GOOD)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(org), "-o", str(out)])
    assert result.exit_code == 1
    assert "cannot write guide.pdf under" in result.stderr and "Permission denied" in result.stderr
    assert sorted(out.iterdir()) == [out / ".parts", out / "acme"]  # the kept renders' folder
    assert list(out.rglob("*.tmp")) == [] and list((out / "acme").iterdir()) == []


def test_temporary_files_left_by_a_killed_build_are_swept(tmp_path: Path) -> None:
    from guide.atomic import write_atomically

    target = tmp_path / "guide.pdf"
    old = tmp_path / ".guide.pdf.abc123.tmp"
    recent = tmp_path / ".guide.pdf.def456.tmp"
    old.write_bytes(b"%PDF-partial")
    recent.write_bytes(b"%PDF-partial")
    os.utime(old, (time.time() - 7200, time.time() - 7200))
    write_atomically(target, b"%PDF-1.7 whole")
    assert sorted(p.name for p in tmp_path.iterdir()) == [".guide.pdf.def456.tmp", "guide.pdf"]


def test_output_folders_are_unique_whatever_the_case(tmp_path: Path) -> None:
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "acme.yaml").write_text(GOOD)
    result = CliRunner().invoke(
        main, ["build", str(tmp_path / "a"), str(tmp_path / "b"), "-o", str(tmp_path / "out")]
    )
    assert result.exit_code == 1
    assert (
        f"{tmp_path / 'b' / 'acme.yaml'}: output folder 'acme' is already used by "
        f"{tmp_path / 'a' / 'acme.yaml'}; rename one of the files"
    ) in result.stderr
    assert (tmp_path / "out" / "acme" / "guide.pdf").is_file()


def test_a_time_limit_outlives_code_that_swallows_it() -> None:
    """The engine has catch-alls: a time-out raised inside one must not be lost."""
    from contextlib import suppress

    from guide.timelimit import TimedOut, time_limit

    with pytest.raises(TimedOut), time_limit(0.2):
        with suppress(Exception):  # swallows the first, as a catch-all would
            time.sleep(1)
        time.sleep(3)
    # swallowed, and the work ends before the next alarm
    with pytest.raises(TimedOut), time_limit(0.2), suppress(Exception):
        time.sleep(1)
