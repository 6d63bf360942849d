"""Prepare guides here while worker processes render them: the batch's pipeline.

Not a fan-out of whole builds: this process prepares each guide (validate, tailor, lay out)
while the pool's processes (``guide.pool``) import WeasyPrint once each, then render and
write what they are sent. The engine's start-up and the rendering hide the preparation.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, as_completed, wait
from dataclasses import dataclass
from pathlib import Path

from guide.build import build_guide, finish_guide
from guide.deadline import time_limit
from guide.freshness import Inputs
from guide.options import BuildOptions
from guide.outcome import Outcome, failure
from guide.pool import EnginePool, retry_alone
from guide.prepare import PreparedGuide, Sources, prepare_guide


@dataclass(frozen=True)
class _Task:
    file: Path
    inputs: Inputs
    guide: PreparedGuide
    spent: float
    options: BuildOptions


def _finish(task: _Task) -> Outcome:
    try:
        result = finish_guide(task.guide, task.options, task.spent)
    except Exception as error:
        return failure(task.file, task.inputs, error)
    except BaseException:  # stopped (SIGTERM): temporary files are gone; take no next task
        os._exit(1)
    return Outcome(task.file, "built", result=result, inputs=task.inputs)


def build_here(file: Path, options: BuildOptions, sources: Sources, inputs: Inputs) -> Outcome:
    """Build one organisation in this process (HTML only, or the engine already loaded)."""
    try:
        return Outcome(file, "built", result=build_guide(file, options, sources), inputs=inputs)
    except Exception as error:
        return failure(file, inputs, error)


def render_in_workers(
    pending: list[tuple[Path, Inputs]],
    options: BuildOptions,
    sources: Sources,
    pool: EnginePool,
    done: Callable[[Outcome], None],
) -> None:
    """Prepare ``pending`` here and have ``pool`` render and write them; at most two guides
    per worker wait in the queue. Calls ``done`` once per organisation; shuts the pool down."""

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
            if len(pool.tasks) >= 2 * pool.workers:
                for future in wait(pool.tasks, return_when=FIRST_COMPLETED).done:
                    report(pool.collect(future))
            pool.submit(_finish, _Task(file, inputs, guide, spent, options))
        for future in as_completed(list(pool.tasks)):
            report(pool.collect(future))
        pool.shutdown()
        for work, task in pool.lost:  # alone, so that only the guide that kills a worker fails
            done(retry_alone(work, task))
    except BaseException:  # stopped (SIGTERM, Ctrl-C): the workers must not write anything
        pool.stop()
        raise
