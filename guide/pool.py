"""Worker processes that render with WeasyPrint: started early, replaced when one dies.

A worker costs about 0.6 s to start (importing WeasyPrint), so a run starts its pool as soon
as it knows something must be rendered, and the start-up overlaps the parent's own work.
A worker that dies (out of memory, say) breaks the whole pool: the pool is replaced and the
tasks it took down are kept in ``lost``, for the caller to retry one at a time.
This module is light: starting a pool does not load the build in the parent.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any, Protocol

from guide.errors import GuideError
from guide.freshness import Inputs
from guide.outcome import Outcome, failure

WORKER_LOST = GuideError(
    "the render worker stopped unexpectedly (out of memory?); try again with fewer --jobs"
)


class Task(Protocol):
    """What a worker is sent: enough to say which organisation failed if it cannot finish."""

    @property
    def file(self) -> Path: ...

    @property
    def inputs(self) -> Inputs | None: ...


Work = Callable[[Any], Outcome]


def start_worker() -> None:
    # Ctrl-C reaches the whole process group: the parent decides, and stops the workers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), daemon=True).start()
    import weasyprint  # noqa: F401  (imported once per worker, while the parent prepares)

    import guide.build  # noqa: F401  (the finishing stage, loaded before the first task)


def _exit_with_parent(parent: int) -> None:
    """A parent killed outright (SIGKILL) cannot stop its workers: they notice and go."""
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(1)


def _ready() -> None:
    """A first task, so that the pool starts its workers at once."""


class EnginePool:
    """A process pool that is replaced when a worker dies, remembering what it lost."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self.tasks: dict[Future[Outcome], tuple[Work, Task]] = {}
        self.lost: list[tuple[Work, Task]] = []
        self._others = set(multiprocessing.active_children())
        self._pool = self._start()

    def _start(self) -> ProcessPoolExecutor:
        pool = ProcessPoolExecutor(max_workers=self.workers, initializer=start_worker)
        pool.submit(_ready)
        return pool

    def submit(self, work: Work, task: Task) -> None:
        try:
            self.tasks[self._pool.submit(work, task)] = (work, task)
        except BrokenProcessPool:
            self._pool.shutdown(wait=False)
            self._pool = self._start()
            self.tasks[self._pool.submit(work, task)] = (work, task)

    def collect(self, future: Future[Outcome]) -> Outcome | None:
        """The outcome of a finished task, or None if its worker died (kept in ``lost``)."""
        work, task = self.tasks.pop(future)
        try:
            return future.result()
        except BrokenProcessPool:
            self.lost.append((work, task))
            return None
        except Exception as error:  # e.g. a result that could not be sent back
            return failure(task.file, task.inputs, error)

    def shutdown(self) -> None:
        self._pool.shutdown(wait=True)

    def stop(self) -> None:
        """Stop at once (SIGTERM, Ctrl-C): queued tasks are dropped, workers terminated."""
        self._pool.shutdown(wait=False, cancel_futures=True)
        stopping = set(multiprocessing.active_children()) - self._others
        for worker in stopping:
            worker.terminate()
        for worker in stopping:
            worker.join(timeout=5)
            if worker.is_alive():
                worker.kill()


def retry_alone(work: Work, task: Task) -> Outcome:
    """Run a task that a dead worker took down in a fresh pool of its own."""
    alone = EnginePool(1)
    alone.submit(work, task)
    outcome = alone.collect(next(iter(alone.tasks)))
    alone.shutdown()
    return outcome or failure(task.file, task.inputs, WORKER_LOST)
