"""Render prepared guides in worker processes, and say what happened to each organisation.

A pipeline, not a fan-out of whole builds: this process prepares each guide (validate,
tailor, lay out) while ``workers`` processes import WeasyPrint once each, then render and
write what they are sent. The engine's start-up and the rendering hide the preparation. A
worker that dies (out of memory, say) breaks its pool: the guides it took down are tried
again one at a time in a fresh process, so only the guide that kills a worker fails.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, as_completed, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from guide.build import BuildResult, finish_guide
from guide.deadline import time_limit
from guide.errors import GuideError, InputError
from guide.options import BuildOptions
from guide.prepare import PreparedGuide, Sources, prepare_guide

Status = Literal["built", "up to date", "failed"]


@dataclass(frozen=True)
class Outcome:
    """What happened to one organisation in a run."""

    org_file: Path
    status: Status
    result: BuildResult | None = None
    problems: tuple[str, ...] = ()
    inputs: str = ""


def problem_lines(file: Path, error: GuideError) -> tuple[str, ...]:
    if isinstance(error, InputError):
        return tuple(str(problem) for problem in error.problems)
    message = error.format_message()
    return (message if message.startswith(str(file)) else f"{file}: {message}",)


def failure(file: Path, inputs: str, error: Exception) -> Outcome:
    if isinstance(error, GuideError):
        return Outcome(file, "failed", problems=problem_lines(file, error), inputs=inputs)
    # a bug, not bad input: say so in one line and keep the batch going
    problem = f"{file}: internal error: {type(error).__name__}: {error}"
    return Outcome(file, "failed", problems=(problem,), inputs=inputs)


WORKER_LOST = GuideError(
    "the render worker stopped unexpectedly (out of memory?); try again with fewer --jobs"
)


@dataclass(frozen=True)
class _Task:
    file: Path
    inputs: str
    guide: PreparedGuide
    spent: float


def start_worker() -> None:
    # Ctrl-C reaches the whole process group: the parent decides, and stops the workers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), daemon=True).start()
    import weasyprint  # noqa: F401  (imported once per worker, while the parent prepares)


def _exit_with_parent(parent: int) -> None:
    """A parent killed outright (SIGKILL) cannot stop its workers: they notice and go."""
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(1)


def _ready() -> None:
    """A first task, so that the pool starts its workers at once."""


def _finish(task: _Task, options: BuildOptions) -> Outcome:
    try:
        result = finish_guide(task.guide, options, task.spent)
    except Exception as error:
        return failure(task.file, task.inputs, error)
    except BaseException:  # stopped (SIGTERM): temporary files are gone; take no next task
        os._exit(1)
    return Outcome(task.file, "built", result=result, inputs=task.inputs)


class _Pool:
    """A process pool that is replaced when a worker dies, remembering what it lost."""

    def __init__(self, workers: int, options: BuildOptions) -> None:
        self.workers, self.options = workers, options
        self.tasks: dict[Future[Outcome], _Task] = {}
        self.lost: list[_Task] = []
        self._pool = self._start()

    def _start(self) -> ProcessPoolExecutor:
        pool = ProcessPoolExecutor(max_workers=self.workers, initializer=start_worker)
        pool.submit(_ready)
        return pool

    def submit(self, task: _Task) -> None:
        try:
            self.tasks[self._pool.submit(_finish, task, self.options)] = task
        except BrokenProcessPool:
            self._pool.shutdown(wait=False)
            self._pool = self._start()
            self.tasks[self._pool.submit(_finish, task, self.options)] = task

    def collect(self, future: Future[Outcome]) -> Outcome | None:
        """The outcome of a finished task, or None if its worker died (kept in ``lost``)."""
        task = self.tasks.pop(future)
        try:
            return future.result()
        except BrokenProcessPool:
            self.lost.append(task)
            return None
        except Exception as error:  # e.g. a result that could not be sent back
            return failure(task.file, task.inputs, error)

    def shutdown(self, *, stop: bool = False) -> None:
        self._pool.shutdown(wait=not stop, cancel_futures=stop)


def render_in_workers(
    pending: list[tuple[Path, str]],
    options: BuildOptions,
    sources: Sources,
    workers: int,
    done: Callable[[Outcome], None],
) -> None:
    """Prepare ``pending`` here and have ``workers`` processes render and write them; at most
    two guides per worker wait in the queue. Calls ``done`` once per organisation."""
    others = set(multiprocessing.active_children())
    pool = _Pool(workers, options)

    def report(outcome: Outcome | None) -> None:
        if outcome is not None:
            done(outcome)

    try:
        for file, inputs in pending:
            started = time.perf_counter()
            try:
                with time_limit(options.time_limit):
                    guide = prepare_guide(file, options, sources)
            except Exception as error:
                done(failure(file, inputs, error))
                continue
            spent = time.perf_counter() - started
            if len(pool.tasks) >= 2 * workers:
                for future in wait(pool.tasks, return_when=FIRST_COMPLETED).done:
                    report(pool.collect(future))
            pool.submit(_Task(file, inputs, guide, spent))
        for future in as_completed(list(pool.tasks)):
            report(pool.collect(future))
        pool.shutdown()
        for task in pool.lost:  # alone, so that only the guide that kills a worker fails
            alone = _Pool(1, options)
            alone.submit(task)
            outcome = alone.collect(next(iter(alone.tasks)))
            alone.shutdown()
            done(outcome or failure(task.file, task.inputs, WORKER_LOST))
    except BaseException:  # stopped (SIGTERM, Ctrl-C): the workers must not write anything
        pool.shutdown(stop=True)
        stopping = set(multiprocessing.active_children()) - others
        for worker in stopping:
            worker.terminate()
        for worker in stopping:
            worker.join(timeout=5)
            if worker.is_alive():
                worker.kill()
        raise
