"""Hostile input never hangs a run: time limits on every step, a clean stderr, exit codes.

Every workload that must time out exceeds its limit by a large factor (an hour of includes,
or a template that loops for ever), and every limit is several times what the good
organisation needs on a loaded machine: no test here races the wall clock.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from pypdf import PdfReader

from tests.conftest import GOOD

REPO = Path(__file__).resolve().parent.parent
LIMIT = 30  # seconds: the good organisation needs a few, even on a busy machine

# Jinja's sandbox caps one range at 100000 items; nested, they never end.
FOR_EVER = "{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}"


def chapter(body: str, chapter_id: str = "ours") -> str:
    return (
        f"---\nid: {chapter_id}\ntitle: Our notes\naudience: all\nreviewed: 2027-01-01\n"
        f"---\n## Notes\n\n{body}\n"
    )


def org_with_chapter(folder: Path, name: str, body: str) -> Path:
    """An organisation in a folder of its own, adding one chapter with ``body``."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "ours.md").write_text(chapter(body))
    org = folder / f"{name}.yaml"
    org.write_text(GOOD + "content:\n  add: [ours.md]\n")
    return org


def fan_out(folder: Path) -> Path:
    """A few hundred bytes whose includes fan out 8 ways, 8 levels deep: some 19 million
    reads of empty files, about an hour of work, all of it before the guide is prepared."""

    def eight(level: int) -> str:
        return f"[!INCLUDE [part](part{level}.md)]\n" * 8

    org = org_with_chapter(folder, "fanout", eight(1))
    for level in range(1, 8):
        (folder / f"part{level}.md").write_text(eight(level + 1))
    (folder / "part8.md").write_text("")
    return org


def run_guide(*args: str, timeout: float = 240) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "guide", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def assert_clean(stderr: str) -> None:
    """Nothing but one-line problems and warnings on stderr."""
    assert "Exception ignored" not in stderr
    assert "Traceback" not in stderr


# 1 and 4: every step of an organisation runs under its limit; stderr stays clean


def test_includes_that_fan_out_time_out_and_the_rest_of_the_batch_builds(tmp_path: Path) -> None:
    good = tmp_path / "good" / "good.yaml"
    good.parent.mkdir()
    good.write_text(GOOD)
    bad = fan_out(tmp_path / "bad")
    out = tmp_path / "out"
    result = run_guide(
        "build", str(good), str(bad), "-o", str(out), "--time-limit", str(LIMIT), "-j", "2"
    )
    assert result.returncode == 1, result.stderr
    problems = [line for line in result.stderr.splitlines() if "warning:" not in line]
    assert problems == [
        f"{bad}: timed out after {LIMIT} s; simplify the content or raise the limit with "
        "--time-limit",
        "1 of 2 organisation(s) failed",
    ]
    assert_clean(result.stderr)
    assert len(PdfReader(out / "good" / "guide.pdf").pages) > 5
    assert not (out / "fanout").exists()
    manifest = json.loads((out / "manifest.json").read_text())
    assert [entry["organisation"] for entry in manifest["outputs"]] == [str(good)]
    assert [failure["organisation"] for failure in manifest["failures"]] == [str(bad)]


def test_a_template_that_loops_for_ever_times_out_with_a_clean_stderr(tmp_path: Path) -> None:
    good = tmp_path / "good" / "good.yaml"
    good.parent.mkdir()
    good.write_text(GOOD)
    bad = org_with_chapter(tmp_path / "bad", "looping", FOR_EVER)
    out = tmp_path / "out"
    result = run_guide("build", str(bad), str(good), "-o", str(out), "--time-limit", str(LIMIT))
    assert result.returncode == 1, result.stderr
    assert f"{bad}: timed out after {LIMIT} s;" in result.stderr
    assert_clean(result.stderr)
    assert (out / "good" / "guide.pdf").is_file()
    assert json.loads((out / "manifest.json").read_text())["failures"]


FINALISER = """
import threading, time
from guide.deadline import TimedOut, time_limit

class Slow:
    def __del__(self):  # the limit expires in here, where no exception can propagate
        end = time.monotonic() + 1.5
        while time.monotonic() < end:
            pass

def work(where):
    try:
        with time_limit(0.3):
            Slow()
            time.sleep(0.01)
    except TimedOut as error:
        print(where, error.format_message())

work("main")
worker = threading.Thread(target=work, args=("thread",))
worker.start()
worker.join()
"""


def test_a_time_out_inside_a_finaliser_is_not_printed_and_still_stops_the_work() -> None:
    result = subprocess.run(
        [sys.executable, "-c", FINALISER], cwd=REPO, capture_output=True, text=True, timeout=60
    )
    assert result.stderr == ""
    assert result.stdout.splitlines() == [
        f"{where} timed out after 0.3 s; simplify the content or raise the limit with --time-limit"
        for where in ("main", "thread")
    ]
