"""The engine pool with cheap jobs: a worker that dies is replaced and only its job fails;
a worker's answer says why a render failed. (tests/test_batch.py covers the same through
whole guides.)"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from concurrent.futures import as_completed
from pathlib import Path
from typing import Any

import pytest

from guide.errors import GuideError
from guide.render.job import RenderedPdf, RenderJob
from guide.render.pool import EnginePool, render_in_worker


def square(number: int) -> int:
    return number * number


def die(_: int) -> int:
    os._exit(137)  # as the kernel's out-of-memory killer would end the worker


def fail(number: int) -> int:
    raise ValueError(f"no square for {number}")


@pytest.fixture
def quick_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    """Workers (forked: they see the patch) that skip loading WeasyPrint: these jobs do
    not render, and each lost job is retried in a pool of its own."""
    monkeypatch.setattr("guide.render.pool.import_weasyprint", lambda: None)


def collect_all(pool: EnginePool[str]) -> dict[str, Any]:
    """Every submitted job's result by record, lost ones retried alone at the end."""
    results = dict(pool.collect(future) for future in as_completed(list(pool.jobs)))
    pool.shutdown()
    results.update(pool.retry_lost())
    return results


@pytest.mark.usefixtures("quick_workers")
def test_results_and_errors_come_back_with_their_records() -> None:
    pool: EnginePool[str] = EnginePool(2)
    pool.submit("three", square, 3)
    pool.submit("four", fail, 4)
    results = collect_all(pool)
    assert results["three"] == 9
    assert isinstance(results["four"], ValueError) and str(results["four"]) == "no square for 4"
    assert pool.used and pool.lost == [] and pool.jobs == {}


@pytest.mark.usefixtures("quick_workers")
def test_a_worker_that_dies_fails_only_its_own_job() -> None:
    pool: EnginePool[str] = EnginePool(2)
    for record, work, number in [("two", square, 2), ("dies", die, 0), ("five", square, 5)]:
        pool.submit(record, work, number)
    results: dict[str, Any] = {}
    for future in as_completed(list(pool.jobs)):
        record, result = pool.collect(future)
        results[record] = result
    lost = [record for _, _, record in pool.lost]
    assert "dies" in lost  # the jobs the broken pool took down wait to be tried again
    assert all(results[record] is None for record in lost)
    pool.submit("after", square, 7)  # the broken pool is replaced
    results.update(collect_all(pool))
    assert results == {"two": 4, "dies": None, "five": 25, "after": 49}
    assert pool.lost == []


def niceness(_: int) -> tuple[int, int]:
    time.sleep(0.3)  # long enough for each worker to take one
    return os.getpid(), os.nice(0)


@pytest.mark.usefixtures("quick_workers")
@pytest.mark.parametrize("staggered", [False, True])
def test_a_staggered_pool_runs_its_first_worker_ahead_of_the_others(staggered: bool) -> None:
    from guide.render.pool import BEHIND_FIRST

    pool: EnginePool[int] = EnginePool(2, staggered=staggered)
    for number in range(2):
        pool.submit(number, niceness, number)
    results = collect_all(pool)  # type: ignore[arg-type]
    mine = os.nice(0)
    by_worker = dict(results.values())
    assert len(by_worker) == 2
    expected = [mine, min(mine + BEHIND_FIRST, 19)] if staggered else [mine, mine]
    assert sorted(by_worker.values()) == expected


def test_a_build_with_parts_kept_is_the_one_that_staggers(tmp_path: Path) -> None:
    from guide import kept

    folder = tmp_path / kept.FOLDER
    assert not kept.holds(folder, kept.PART)  # no folder yet
    folder.mkdir()
    (folder / "k.chapter").write_bytes(b"")
    assert not kept.holds(folder, kept.PART)  # chapters alone: the parts are laid out
    (folder / "k.part").write_bytes(b"")
    assert kept.holds(folder, kept.PART)


@pytest.mark.usefixtures("quick_workers")
def test_a_pool_that_is_never_used_says_so() -> None:
    pool: EnginePool[str] = EnginePool(1)
    pool.shutdown()
    assert not pool.used


HTML = "<p>Hello</p>"


def job(tmp_path: Path) -> RenderJob:
    return RenderJob(HTML, tmp_path.as_uri() + "/", (tmp_path,))


def test_a_worker_answers_with_the_pdf_and_its_time(tmp_path: Path) -> None:
    rendered = render_in_worker(job(tmp_path), None, None)
    assert rendered.problem == ""
    assert rendered.pdf is not None and rendered.pdf.data.startswith(b"%PDF-")
    assert rendered.pdf.pages == 1 and rendered.seconds > 0


def raise_input_problem(self: RenderJob) -> RenderedPdf:
    raise GuideError("image 'a.png' not found")


def raise_bug(self: RenderJob) -> RenderedPdf:
    raise KeyError("anchors")


def sleep(self: RenderJob) -> RenderedPdf:
    time.sleep(5)
    raise AssertionError("not stopped by the time limit")


@pytest.mark.parametrize(
    "render, seconds_left, limit, problem",
    [
        (raise_input_problem, None, None, "image 'a.png' not found"),
        (raise_bug, None, None, "internal error: KeyError: 'anchors'"),
        (
            sleep,
            0.2,
            30.0,
            "timed out after 30 s; simplify the content or raise the limit with --time-limit",
        ),
    ],
)
def test_a_worker_answers_why_a_render_failed(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    render: Any,
    seconds_left: float | None,
    limit: float | None,
    problem: str,
) -> None:
    monkeypatch.setattr(RenderJob, "render", render)
    started = time.perf_counter()
    rendered = render_in_worker(job(tmp_path), seconds_left, limit)
    assert (rendered.pdf, rendered.problem) == (None, problem)
    assert time.perf_counter() - started < 3


def pool_threads() -> list[threading.Thread]:
    return [
        thread
        for thread in threading.enumerate()
        if type(thread).__name__.endswith("ManagerThread")
    ]


@pytest.mark.usefixtures("quick_workers")
def test_stopping_finishes_the_pool_before_the_process_may_exit() -> None:
    """Python's exit hook writes to a pool's wake-up pipe, which the pool's own thread closes
    on its way out: a stop that leaves that thread running lets the two race, and the exit
    prints "Exception ignored ... Bad file descriptor"."""
    before = set(multiprocessing.active_children())
    pool: EnginePool[str] = EnginePool(2)
    pool.submit("three", square, 3)
    assert pool.collect(next(iter(pool.jobs))) == ("three", 9)
    assert pool_threads()
    pool.stop()
    assert pool_threads() == []
    assert set(multiprocessing.active_children()) <= before
