"""Hostile input never hangs a run: time limits on every step, a clean stderr, exit codes.

Every workload that must time out exceeds its limit by a large factor (an hour of includes,
or a template that loops for ever), and every limit is several times what the good
organisation needs on a loaded machine: no test here races the wall clock.
"""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from guide.cli import main
from guide.options import BuildOptions
from guide.serve.preview import Preview, Snapshot
from guide.serve.server import page
from tests.conftest import GOOD

REPO = Path(__file__).resolve().parents[2]
LIMIT = 30  # seconds: the good organisation needs a few, even on a busy machine

# Jinja's sandbox caps one range at 100000 items; nested, they never end. They print
# nothing, so only the time limit stops them (a chapter's output is capped at 2 MB).
FOR_EVER = "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"


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
    reads of empty files, once about an hour of work before the guide was prepared; now
    refused as the expansion passes the chapter limit."""

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


def test_includes_that_fan_out_fail_and_the_rest_of_the_batch_builds(tmp_path: Path) -> None:
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
    assert problems[1:] == ["1 of 2 organisation(s) failed"]
    assert problems[0].startswith(f"{bad.parent / 'ours.md'}:")
    assert problems[0].endswith("the limit; include fewer or smaller files")
    assert_clean(result.stderr)
    assert len(PdfReader(out / "good" / "guide.pdf").pages) > 5
    assert not (out / "fanout").exists()
    manifest = json.loads((out / "manifest.json").read_text())
    assert [entry["organisation"] for entry in manifest["outputs"]] == [str(good)]
    assert [failure["organisation"] for failure in manifest["failures"]] == [str(bad)]


@pytest.mark.slow
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
from guide.timelimit import TimedOut, time_limit

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


# 2: guide check runs each file under the same limit


@pytest.mark.slow
def test_check_times_out_per_file_and_checks_the_others(tmp_path: Path) -> None:
    good = tmp_path / "good" / "good.yaml"
    good.parent.mkdir()
    good.write_text(GOOD)
    looping = org_with_chapter(tmp_path / "loop", "looping", FOR_EVER)
    fanning = fan_out(tmp_path / "fan").parent / "ours.md"
    limit = 15  # checking the good file takes about a second
    result = run_guide("check", str(fanning), str(looping), str(good), "--time-limit", str(limit))
    assert result.returncode == 1, result.stderr
    problems = [line for line in result.stderr.splitlines() if ": warning:" not in line]
    timed_out = (
        f"timed out after {limit} s; simplify the content or raise the limit with --time-limit"
    )
    assert problems[1:] == [f"{looping}: {timed_out}", "2 problem(s) in 3 file(s) checked"]
    assert problems[0].startswith(f"{fanning}:")
    assert problems[0].endswith("the limit; include fewer or smaller files")
    assert_clean(result.stderr)


# 3: the live preview rebuilds under the limit, off the main thread too, and recovers


def rebuild_in_thread(preview: Preview, changed: list[Path]) -> Snapshot:
    """A rebuild on another thread, as the file watcher runs it."""
    done: list[Snapshot] = []
    worker = threading.Thread(target=lambda: done.append(preview.rebuild(changed)), daemon=True)
    worker.start()
    worker.join(timeout=180)
    assert done, "the rebuild never ended"
    return done[0]


@pytest.mark.slow
def test_a_preview_rebuild_that_loops_times_out_and_the_next_save_recovers(
    tmp_path: Path,
) -> None:
    org = org_with_chapter(tmp_path / "acme", "acme", "First draft.")
    chapter_file = org.parent / "ours.md"
    preview = Preview(org, BuildOptions(output_dir=tmp_path / "out", time_limit=10), pdf=False)
    assert not preview.rebuild().problems
    chapter_file.write_text(chapter(FOR_EVER))
    stuck = rebuild_in_thread(preview, [chapter_file])
    assert [str(problem) for problem in stuck.problems] == [
        f"{org}: timed out after 10 s; simplify the content or raise the limit with --time-limit",
    ]
    assert stuck.page is not None and "First draft." in stuck.page  # the last good page
    assert "timed out" in page(stuck)
    chapter_file.write_text(chapter("Second draft."))
    fixed = rebuild_in_thread(preview, [chapter_file])
    assert not fixed.problems
    assert fixed.page is not None and "Second draft." in fixed.page


class Serving:
    """``guide serve`` in a process of its own, its stderr read as it comes."""

    def __init__(self, *args: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "guide", "serve", *args],
            cwd=REPO,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.lines: list[str] = []
        self.started = threading.Event()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        assert self.started.wait(120), "the server did not start: " + "".join(self.lines)
        self.url = self.lines[-1].split(" at ", 1)[1].split()[0]

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.lines.append(line)
            if line.startswith("Serving "):
                self.started.set()

    def status(self) -> dict[str, object]:
        with urllib.request.urlopen(self.url + "_guide/status", timeout=30) as response:
            answer: dict[str, object] = json.load(response)
            return answer

    def wait_for(self, ok: bool, after: int, seconds: float = 180) -> dict[str, object]:
        deadline = time.monotonic() + seconds
        last: object = None
        while time.monotonic() < deadline:
            try:
                state = self.status()
            except OSError as error:  # too busy to answer in time: ask again
                last = error
            else:
                if state["ok"] is ok and int(str(state["version"])) > after:
                    return state
                last = state
            time.sleep(0.5)
        raise AssertionError(f"no such state after {seconds} s: {last}")

    def stop(self) -> str:
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.reader.join(timeout=20)  # the pipe has reached its end: the reader is done with it
        assert self.process.stderr is not None
        self.process.stderr.close()
        return "".join(self.lines)


@pytest.fixture
def serving(tmp_path: Path) -> Iterator[tuple[Serving, Path]]:
    org = org_with_chapter(tmp_path / "acme", "acme", "First draft.")
    server = Serving(str(org), "--port", "0", "--time-limit", "10")
    yield server, org
    server.stop()


@pytest.mark.slow
def test_serve_shows_a_time_out_and_picks_up_the_fix(serving: tuple[Serving, Path]) -> None:
    server, org = serving
    first = server.wait_for(ok=True, after=0)
    (org.parent / "ours.md").write_text(chapter(FOR_EVER))
    stuck = server.wait_for(ok=False, after=int(str(first["version"])))
    assert stuck["problems"] == [
        f"{org}: timed out after 10 s; simplify the content or raise the limit with --time-limit"
    ]
    with urllib.request.urlopen(server.url, timeout=30) as response:
        shown = response.read().decode()
    assert "guide-preview-error" in shown and "timed out after 10 s" in shown
    (org.parent / "ours.md").write_text(chapter("Second draft."))
    server.wait_for(ok=True, after=int(str(stuck["version"])))
    with urllib.request.urlopen(server.url, timeout=30) as response:
        assert "Second draft." in response.read().decode()
    assert_clean(server.stop())


# 5: an output folder that is a file, a busy port: usage errors


@pytest.mark.parametrize("below", ["", "sub/folder"])
def test_an_output_folder_that_is_a_file_is_a_usage_error(tmp_path: Path, below: str) -> None:
    org = tmp_path / "acme.yaml"
    org.write_text(GOOD)
    taken = tmp_path / "taken"
    taken.write_text("not a folder")
    output = taken / below if below else taken
    result = CliRunner().invoke(main, ["build", str(org), "-o", str(output), "-f", "html"])
    assert result.exit_code == 2, result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    made = f", so '{output}' cannot be made" if below else ""
    assert errors == [
        f"Error: Invalid value for -o: '{taken}' is a file, not a folder{made}; choose another "
        "output folder"
    ]
    assert isinstance(result.exception, SystemExit)  # and no other exception escaped
    assert taken.read_text() == "not a folder"


def test_a_busy_port_is_a_usage_error(tmp_path: Path) -> None:
    org = tmp_path / "acme.yaml"
    org.write_text(GOOD)
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = run_guide("serve", str(org), "--port", str(port), timeout=120)
    assert result.returncode == 2
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert errors == [
        f"Error: Invalid value for --port: cannot listen on 127.0.0.1:{port}: Address already "
        "in use; choose another port"
    ]
    assert_clean(result.stderr)
