"""Prepare guides here while worker processes render them: the batch's pipeline.

Not a fan-out of whole builds: this process prepares each guide its exact check gathered
(renders the chapters, lays out the HTML) while the pool's processes (``guide.render.pool``)
import WeasyPrint once each. A plain guide goes to a worker as a ``RenderJob`` and comes back
as PDF bytes, which this process writes; with handouts or a booklet the worker finishes the
whole guide, since those need the engine again. The engine's start-up and the rendering hide
the preparation.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, as_completed, wait
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from guide.batch.fingerprint import Inputs
from guide.batch.outcome import Outcome, failure
from guide.build import finish_guide
from guide.compose.gather import Gathered
from guide.compose.kept_chapters import KeptChapters
from guide.compose.prepare import PreparedGuide, prepare_guide
from guide.editions.documents import learner_job
from guide.errors import GuideError
from guide.kept import FOLDER
from guide.options import BuildOptions
from guide.render.parts.cache import PartCache
from guide.render.parts.choose import RUNS_PER_WORKER, describe, parts_pay, worth_parts
from guide.render.parts.plan import render_in_parts
from guide.render.pool import (
    WORKER_LOST,
    EnginePool,
    Rendered,
    render_in_worker,
    runner,
    whole_builds,
)
from guide.timelimit import left, time_limit, work_seconds


@dataclass(frozen=True)
class Pending:
    """An organisation to build: what was gathered for its exact check, and the seconds that
    took (they count against its time limit)."""

    file: Path
    inputs: Inputs
    guide: Gathered
    spent: float


@dataclass(frozen=True)
class Prepared:
    """A guide waiting for the engine, and what the outcome will need."""

    file: Path
    inputs: Inputs
    guide: PreparedGuide
    spent: float  # seconds so far: its exact check, then preparing


def _prepare(pending: Pending, options: BuildOptions, in_parts: int = 0) -> Prepared:
    started = work_seconds()
    limit = options.time_limit
    with time_limit(left(limit, pending.spent), of=limit):
        kept = KeptChapters(options.output_dir / FOLDER)
        guide = prepare_guide(pending.guide, options, in_parts=in_parts, kept=kept)
    return Prepared(pending.file, pending.inputs, guide, pending.spent + work_seconds() - started)


def build_here(pending: Pending, options: BuildOptions) -> Outcome:
    """Build one organisation in this process (HTML only, or the engine already loaded)."""
    try:
        prepared = _prepare(pending, options)
        result = finish_guide(prepared.guide, options, prepared.spent)
    except Exception as error:
        return failure(pending.file, pending.inputs, error)
    return Outcome(pending.file, "built", result=result, inputs=pending.inputs)


def _finish_in_worker(prepared: Prepared, options: BuildOptions) -> Outcome:
    try:
        result = finish_guide(prepared.guide, options, prepared.spent)
    except Exception as error:
        return failure(prepared.file, prepared.inputs, error)
    except BaseException:  # stopped (SIGTERM): temporary files are gone; take no next job
        os._exit(1)
    return Outcome(prepared.file, "built", result=result, inputs=prepared.inputs)


def _submit(pool: EnginePool[Prepared], prepared: Prepared, options: BuildOptions) -> None:
    if whole_builds(options):
        pool.submit(prepared, _finish_in_worker, prepared, options)
        return
    limit = options.time_limit
    job = learner_job(prepared.guide, options)
    pool.submit(prepared, render_in_worker, job, left(limit, prepared.spent), limit)


def _render_parts(prepared: Prepared, options: BuildOptions, pool: EnginePool[Any]) -> Outcome:
    """One guide in parts, side by side on the pool's workers; rendered whole if its page
    references would not settle."""
    guide, limit = prepared.guide, options.time_limit
    job = learner_job(guide, options)
    started = time.perf_counter()
    try:
        run = runner(pool, left(limit, prepared.spent), limit)
        rendered = render_in_parts(
            guide.parts,
            job.base_url,
            job.roots,
            run=run,
            fit=True,
            archival=job.archival,
            cache=PartCache(options.output_dir / FOLDER),
        )
        if rendered is None:
            (whole,) = run([job])
            pdf = replace(whole, path="whole: its page references did not settle in parts")
        else:
            pdf = replace(rendered.pdf, path=describe(rendered, pool.workers))
        seconds = time.perf_counter() - started
        built = finish_guide(guide, options, prepared.spent, (pdf, seconds))
    except Exception as error:
        return failure(prepared.file, prepared.inputs, error)
    return Outcome(prepared.file, "built", result=built, inputs=prepared.inputs)


def _outcome(prepared: Prepared, result: Any, options: BuildOptions) -> Outcome:
    """What a worker's result means: an outcome, or a PDF to write here."""
    file, inputs = prepared.file, prepared.inputs
    if result is None:
        return failure(file, inputs, WORKER_LOST)
    if isinstance(result, Exception):
        return failure(file, inputs, result)
    if isinstance(result, Outcome):
        return result
    if not isinstance(result, Rendered):
        return failure(file, inputs, TypeError(f"a worker sent back {type(result).__name__}"))
    if result.pdf is None:
        return failure(file, inputs, GuideError(result.problem))
    try:
        built = finish_guide(prepared.guide, options, prepared.spent, (result.pdf, result.seconds))
    except Exception as error:
        return failure(file, inputs, error)
    return Outcome(file, "built", result=built, inputs=inputs)


def render_in_workers(
    pending: list[Pending],
    options: BuildOptions,
    pool: EnginePool[Prepared],
    done: Callable[[Outcome], None],
) -> None:
    """Prepare ``pending`` here and have ``pool`` render them; at most two guides per worker
    wait in the queue. Calls ``done`` once per organisation; shuts the pool down."""

    def collect(future: Any) -> None:
        prepared, result = pool.collect(future)
        if result is not None:  # None: its worker died; it is tried again at the end
            done(_outcome(prepared, result, options))

    in_parts = (
        RUNS_PER_WORKER * pool.workers if parts_pay(options, len(pending), pool.workers) else 0
    )
    try:
        for one in pending:
            try:
                prepared = _prepare(one, options, in_parts)
            except Exception as error:
                done(failure(one.file, one.inputs, error))
                continue
            if in_parts and prepared.guide.parts and worth_parts(prepared.guide.html):
                done(_render_parts(prepared, options, pool))
                continue
            if len(pool.jobs) >= 2 * pool.workers:
                for future in wait(pool.jobs, return_when=FIRST_COMPLETED).done:
                    collect(future)
            _submit(pool, prepared, options)
        for future in as_completed(list(pool.jobs)):
            collect(future)
        pool.shutdown()
        for prepared, result in pool.retry_lost():  # so only the guide that kills a worker fails
            done(_outcome(prepared, result, options))
    except BaseException:  # stopped (SIGTERM, Ctrl-C): the workers must not write anything
        pool.stop()
        raise
