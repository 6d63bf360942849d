"""An organisation's time limit counts its own work: never time spent waiting for a worker,
for another organisation, or for a processor another build is using."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from guide.timelimit import TimedOut, time_limit, work_seconds
from tests.conftest import GOOD

REPO = Path(__file__).resolve().parents[2]


def busy(seconds: float) -> None:
    end = work_seconds() + seconds
    while work_seconds() < end:
        pass


def test_waiting_does_not_count_against_the_limit() -> None:
    started = time.monotonic()
    with time_limit(0.5):
        time.sleep(0.8)  # waiting, as for a worker or a processor: not this guide's work
        busy(0.3)
    assert time.monotonic() - started >= 1.1


def test_work_past_the_limit_times_out() -> None:
    with pytest.raises(TimedOut, match=r"timed out after 0\.3 s"), time_limit(0.3):
        busy(5)


def test_work_that_stalls_still_ends() -> None:
    """A stall is not work, but it may not hang the run: it ends at three times the limit."""
    started = time.monotonic()
    with pytest.raises(TimedOut), time_limit(0.2):
        time.sleep(30)
    assert time.monotonic() - started < 5


def guide(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "guide", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=900,
    )


HOG = "while True: pass"


@pytest.mark.slow
def test_a_quick_organisation_builds_beside_a_slow_one(tmp_path: Path) -> None:
    """One worker: the quick organisation waits while the slow one uses its whole limit,
    then builds within a limit it meets alone, though other programs keep every processor
    busy (on the clock it takes about twice as long as alone)."""
    quick = tmp_path / "quick" / "quick.yaml"
    quick.parent.mkdir()
    quick.write_text(GOOD)
    members = "".join(
        f"    - name: Person {n:03d}\n      role: endpoint-admin\n" for n in range(400)
    )
    slow = tmp_path / "slow" / "a-slow.yaml"  # first in the batch's order
    slow.parent.mkdir()
    slow.write_text(
        GOOD.replace("    endpoint-admin: 2\n", "    endpoint-admin: 400\n  members:\n" + members)
    )
    started = time.monotonic()
    alone = guide("build", str(quick), "--handouts", "-o", str(tmp_path / "alone"))
    assert alone.returncode == 0, alone.stderr
    limit = round(1.5 * (time.monotonic() - started) + 3)
    hogs = [subprocess.Popen([sys.executable, "-c", HOG]) for _ in range(os.cpu_count() or 1)]
    try:
        both = guide(
            "build", str(slow), str(quick), "--handouts", "-j", "1", "--time-limit", str(limit),
            "-o", str(tmp_path / "both"),
        )  # fmt: skip
    finally:
        for hog in hogs:
            hog.kill()
            hog.wait()
    assert f"{slow}: timed out after {limit} s" in both.stderr
    assert str(quick) not in both.stderr
    assert (tmp_path / "both" / "quick" / "handouts.pdf").is_file()
