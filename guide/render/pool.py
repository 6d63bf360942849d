"""Worker processes that render with WeasyPrint: started early, replaced when one dies.

A worker costs about 0.3 s to start (importing WeasyPrint), so a run starts its pool as soon
as it knows something must be rendered, and the start-up overlaps the parent's own work.
Workers load only the engine: a plain guide reaches them as a ``RenderJob`` (HTML and the
folders it may read), and only runs that make handouts or a booklet load the build there.
A worker that dies (out of memory, say) breaks the whole pool: the pool is replaced and the
jobs it took down are kept in ``lost``, for the caller to retry one at a time.
"""

from __future__ import annotations

import contextlib
import importlib
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from multiprocessing.process import BaseProcess
from typing import Any, Generic, Protocol, TypeVar

from guide.errors import GuideError, internal_error
from guide.options import BuildOptions
from guide.render.engine import import_weasyprint
from guide.render.job import RenderJob, freeze_for_good
from guide.timelimit import time_limit, work_seconds

WORKER_LOST = GuideError(
    "the render worker stopped unexpectedly (out of memory?); try again with fewer --jobs"
)


def whole_builds(options: BuildOptions) -> bool:
    """Whether workers finish whole guides: handouts and booklets need the engine again."""
    return options.handouts or options.booklet


Record = TypeVar("Record")  # what the caller keeps about a job (never sent to the worker)


#: How much less the workers after the first run while others are busy (``os.nice``).
BEHIND_FIRST = 10


def start_worker(preload: Sequence[str] = (), started: Any = None) -> None:
    # Ctrl-C reaches the whole process group: the parent decides, and stops the workers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), daemon=True).start()
    if started is not None:  # staggered: the first worker at the parent's priority
        with started.get_lock():
            started.value += 1
            first = started.value == 1
        if not first:
            with contextlib.suppress(OSError):
                os.nice(BEHIND_FIRST)
    try:
        import_weasyprint()  # once per worker, while the parent prepares

        for module in preload:  # loaded before the first job arrives, not while it waits
            importlib.import_module(module)
        freeze_for_good()
    except Exception:
        pass  # Pango missing, say: the first job meets the same problem and words it
    except BaseException:
        os._exit(1)  # stopped while starting: quietly


def _exit_with_parent(parent: int) -> None:
    """A parent killed outright (SIGKILL) cannot stop its workers: they notice and go."""
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(1)


def _ready() -> None:
    """A first job, so that the pool starts its workers at once."""


class Renderable(Protocol):
    """A job for a worker: a ``RenderJob``, or a part of a guide (``guide.render.parts``)."""

    def render(self) -> Any: ...


@dataclass(frozen=True)
class Rendered:
    """A worker's answer to a job: what its ``render()`` made (for a ``RenderJob``, a
    ``RenderedPdf``) and its seconds, or why it failed."""

    pdf: Any
    seconds: float = 0.0
    problem: str = ""


def render_in_worker(
    job: Renderable | RenderJob, seconds_left: float | None, limit: float | None
) -> Rendered:
    started = work_seconds()
    try:
        with time_limit(seconds_left, of=limit):
            pdf = job.render()
    except GuideError as error:
        return Rendered(None, problem=error.format_message())
    except Exception as error:  # a bug, not bad input
        return Rendered(None, problem=internal_error(error))
    except BaseException:  # stopped (SIGTERM): take no next job
        os._exit(1)
    return Rendered(pdf, work_seconds() - started)


class EnginePool(Generic[Record]):
    """A process pool that is replaced when a worker dies, remembering what it lost.

    ``staggered``: the workers after the first yield to it and to this process while they
    are all busy (``BEHIND_FIRST``), so that one engine is loaded as soon as it can be,
    for a build that is likely to lay out a single document (``guide.batch.run``); they
    take a whole processor once one is free."""

    def __init__(self, workers: int, preload: Sequence[str] = (), staggered: bool = False) -> None:
        self.workers, self.preload = workers, tuple(preload)
        self._started = multiprocessing.Value("i", 0) if staggered and workers > 1 else None
        self.jobs: dict[Future[Any], tuple[Callable[..., Any], tuple[Any, ...], Record]] = {}
        self.lost: list[tuple[Callable[..., Any], tuple[Any, ...], Record]] = []
        self.used = False  # whether any job was submitted
        self._others = set(multiprocessing.active_children())
        self._pool = self._start()

    def _start(self) -> ProcessPoolExecutor:
        if self._started is not None:  # a pool replaced after a worker died: first again
            self._started.value = 0
        initargs = (self.preload, self._started)
        pool = ProcessPoolExecutor(self.workers, initializer=start_worker, initargs=initargs)
        pool.submit(_ready)
        return pool

    def submit(self, record: Record, work: Callable[..., Any], *args: Any) -> Future[Any]:
        self.used = True
        try:
            future = self._pool.submit(work, *args)
        except BrokenProcessPool:
            self._pool.shutdown(wait=False)
            self._pool = self._start()
            future = self._pool.submit(work, *args)
        self.jobs[future] = (work, args, record)
        return future

    def collect(self, future: Future[Any]) -> tuple[Record, Any]:
        """A finished job's record and its result, or the exception it raised, or None if
        its worker died (the job is kept in ``lost``)."""
        work, args, record = self.jobs.pop(future)
        try:
            return record, future.result()
        except BrokenProcessPool:
            self.lost.append((work, args, record))
            return record, None
        except Exception as error:  # e.g. a result that could not be sent back
            return record, error

    def shutdown(self) -> None:
        self._pool.shutdown(wait=True)

    def stop(self) -> None:
        """Stop at once (SIGTERM, Ctrl-C): queued jobs are dropped, workers terminated."""
        stop_executor(self._pool, set(multiprocessing.active_children()) - self._others)

    def retry_lost(self) -> list[tuple[Record, Any]]:
        """Each lost job again, alone in a fresh process, so that only a job that kills its
        worker fails (its result: None)."""
        results = []
        for work, args, record in self.lost:
            alone: EnginePool[Record] = EnginePool(1, self.preload)
            alone.submit(record, work, *args)
            results.append(alone.collect(next(iter(alone.jobs))))
            alone.shutdown()
        self.lost = []
        return results


def runner(
    pool: EnginePool[Any], seconds_left: float | None, limit: float | None
) -> Callable[[Sequence[Renderable]], list[Any]]:
    """Run jobs on ``pool`` side by side and return what each made, in order: how a guide
    in parts (``guide.render.parts``) reaches the workers. A job that fails fails them all,
    with its words; a worker lost on the way, with ``WORKER_LOST``'s."""

    def run(jobs: Sequence[Renderable]) -> list[Any]:
        futures = [pool.submit(None, render_in_worker, job, seconds_left, limit) for job in jobs]
        results = []
        for future in futures:
            _, rendered = pool.collect(future)
            if rendered is None:
                pool.lost.pop()  # not to be retried alone: the guide fails as one
                raise WORKER_LOST
            if isinstance(rendered, Exception):
                raise rendered
            results.append(_made(rendered))
        return results

    return run


def _made(rendered: Rendered) -> Any:
    """What a job made, or its failure in its own words."""
    if rendered.pdf is None:
        raise GuideError(rendered.problem)
    return rendered.pdf


def executor_runner(
    executor: Executor, seconds_left: float | None, limit: float | None
) -> Callable[[Sequence[Renderable]], list[Any]]:
    """As ``runner``, on a plain executor (``guide serve``'s own processes)."""

    def run(jobs: Sequence[Renderable]) -> list[Any]:
        futures = [executor.submit(render_in_worker, job, seconds_left, limit) for job in jobs]
        return [_made(future.result()) for future in futures]

    return run


def stop_executor(executor: ProcessPoolExecutor, workers: Iterable[BaseProcess]) -> None:
    """Stop ``executor`` at once: its queued jobs dropped, ``workers`` terminated (killed if
    they linger), and its manager thread finished before this returns.

    Finishing that thread matters at exit: Python's own exit hook for process pools writes
    to the manager's wake-up pipe, and if the manager is closing that pipe at the same
    moment the write fails with "Bad file descriptor", printed as "Exception ignored".
    The thread is a private attribute of CPython's pool, so it is looked up with care: where
    it is missing, nothing is waited for.
    """
    manager: threading.Thread | None = getattr(executor, "_executor_manager_thread", None)
    executor.shutdown(wait=False, cancel_futures=True)
    stopping = list(workers)
    for worker in stopping:
        worker.terminate()
    for worker in stopping:
        worker.join(timeout=5)
        if worker.is_alive():
            worker.kill()
    if manager is not None:
        manager.join(timeout=5)


def default_workers() -> int:
    """One worker for each processor this process may use."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)
