"""Build many organisations: shards, the up-to-date check, and a pool of long-lived workers.

The parent process never imports WeasyPrint: it checks inputs (cheap) and skips unchanged
organisations. For the rest it starts ``jobs`` worker processes, which import WeasyPrint once
each, and prepares the guides (validate, tailor, lay out) while they start; the workers render
and write. A pipeline, not a fan-out of whole builds: the engine's start-up and the rendering
hide the preparation. One organisation failing never stops the others.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import signal
import sys
import time
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, as_completed, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from guide.build import BuildResult, build_guide, finish_guide
from guide.deadline import time_limit
from guide.errors import GuideError, InputError
from guide.inputs import inputs_hash
from guide.manifest import Entry, Failure, manifest_name, read_entries, still_valid, write_manifest
from guide.options import BuildOptions
from guide.prepare import PreparedGuide, Sources, load_sources, prepare_guide

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


def in_shard(file: Path, shard: tuple[int, int] | None) -> bool:
    """A stable 1/N of the organisations: by a hash of the file name, not its position."""
    if shard is None:
        return True
    number, count = shard
    return int(hashlib.sha256(file.stem.encode()).hexdigest(), 16) % count == number - 1


def _start_worker() -> None:
    # Ctrl-C reaches the whole process group: the parent decides, and stops the workers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    import weasyprint  # noqa: F401  (imported once per worker, while the parent prepares)


def _ready() -> None:
    """A first task, so that the pool starts its workers at once."""


def _failure(file: Path, inputs: str, error: Exception) -> Outcome:
    if isinstance(error, GuideError):
        return Outcome(file, "failed", problems=problem_lines(file, error), inputs=inputs)
    # a bug, not bad input: say so in one line and keep the batch going
    problem = f"{file}: internal error: {type(error).__name__}: {error}"
    return Outcome(file, "failed", problems=(problem,), inputs=inputs)


def _build_here(file: Path, options: BuildOptions, sources: Sources, inputs: str) -> Outcome:
    try:
        return Outcome(file, "built", result=build_guide(file, options, sources), inputs=inputs)
    except Exception as error:
        return _failure(file, inputs, error)


def _finish_in_worker(
    file: Path, guide: PreparedGuide, options: BuildOptions, spent: float, inputs: str
) -> Outcome:
    try:
        result = finish_guide(guide, options, spent)
    except Exception as error:
        return _failure(file, inputs, error)
    except BaseException:  # stopped (SIGTERM): temporary files are gone; take no next task
        os._exit(1)
    return Outcome(file, "built", result=result, inputs=inputs)


_WORKER_LOST = GuideError(
    "the render worker stopped unexpectedly (out of memory?); try again with fewer --jobs"
)


def _build_in_pool(
    pending: list[tuple[Path, str]],
    options: BuildOptions,
    sources: Sources,
    workers: int,
    done: Callable[[Outcome], None],
) -> None:
    """Prepare guides here while ``workers`` processes, which load WeasyPrint meanwhile,
    render and write them; at most two guides per worker wait in the queue."""
    others = set(multiprocessing.active_children())
    pool = ProcessPoolExecutor(max_workers=workers, initializer=_start_worker)
    tasks: dict[Future[Outcome], tuple[Path, str]] = {}

    def collect(future: Future[Outcome]) -> None:
        file, inputs = tasks.pop(future)
        try:
            outcome = future.result()
        except BrokenProcessPool:
            outcome = _failure(file, inputs, _WORKER_LOST)
        except Exception as error:  # e.g. a result that could not be sent back
            outcome = _failure(file, inputs, error)
        done(outcome)

    try:
        pool.submit(_ready)
        for file, inputs in pending:
            started = time.perf_counter()
            try:
                with time_limit(options.time_limit):
                    guide = prepare_guide(file, options, sources)
                spent = time.perf_counter() - started
                if len(tasks) >= 2 * workers:
                    for future in wait(tasks, return_when=FIRST_COMPLETED).done:
                        collect(future)
                future = pool.submit(_finish_in_worker, file, guide, options, spent, inputs)
                tasks[future] = (file, inputs)
            except BrokenProcessPool:
                done(_failure(file, inputs, _WORKER_LOST))
            except Exception as error:
                done(_failure(file, inputs, error))
        for future in as_completed(list(tasks)):
            collect(future)
    except BaseException:  # stopped (SIGTERM, Ctrl-C): the workers must not write anything
        pool.shutdown(wait=False, cancel_futures=True)
        stopping = set(multiprocessing.active_children()) - others
        for worker in stopping:
            worker.terminate()
        for worker in stopping:
            worker.join(timeout=5)
            if worker.is_alive():
                worker.kill()
        raise
    pool.shutdown()


def run_batch(
    org_files: Iterable[Path],
    options: BuildOptions,
    *,
    jobs: int = 1,
    force: bool = False,
    shard: tuple[int, int] | None = None,
    report: Callable[[Outcome], None] = lambda outcome: None,
) -> list[Outcome]:
    """Build ``org_files`` (those in ``shard``), skipping the up-to-date ones; write the
    manifest; call ``report`` as each organisation finishes."""
    files = [file for file in org_files if in_shard(file, shard)]
    outcomes: list[Outcome] = []

    def done(outcome: Outcome) -> None:
        outcomes.append(outcome)
        report(outcome)

    try:
        sources = load_sources(options)
    except GuideError as error:
        for file in files:
            done(Outcome(file, "failed", problems=problem_lines(options.content_dir, error)))
        return outcomes
    previous = read_entries(options.output_dir)
    kept: list[Entry] = []
    pending: list[tuple[Path, str]] = []
    slugs: dict[str, Path] = {}
    for file in files:
        clash = slugs.setdefault(file.stem.lower(), file)
        if clash != file:
            done(
                Outcome(
                    file,
                    "failed",
                    problems=(
                        f"{file}: output folder '{file.stem}' is already used by {clash}; "
                        "rename one of the files",
                    ),
                )
            )
            continue
        try:
            inputs = inputs_hash(file, options, sources)
        except GuideError as error:
            done(Outcome(file, "failed", problems=problem_lines(file, error)))
            continue
        mine = [entry for entry in previous if entry.organisation == str(file)]
        if (
            not force
            and mine
            and all(e.inputs == inputs for e in mine)
            and still_valid(mine, options.output_dir)
        ):
            kept += mine
            done(Outcome(file, "up to date", inputs=inputs))
        else:
            pending.append((file, inputs))
    workers = max(1, min(jobs, len(pending)))
    if not options.needs_engine or (workers == 1 and "weasyprint" in sys.modules):
        for file, inputs in pending:
            done(_build_here(file, options, sources, inputs))
    elif pending:
        _build_in_pool(pending, options, sources, workers, done)
    _write_manifest(outcomes, kept, options, shard)
    return outcomes


def _write_manifest(
    outcomes: list[Outcome], kept: list[Entry], options: BuildOptions, shard: tuple[int, int] | None
) -> None:
    entries = list(kept)
    failures = []
    for outcome in sorted(outcomes, key=lambda o: str(o.org_file)):
        if outcome.result is not None:
            entries += [
                Entry(
                    str(outcome.org_file),
                    output.kind,
                    str(output.path.resolve().relative_to(options.output_dir.resolve())),
                    output.pages,
                    output.bytes,
                    output.sha256,
                    outcome.inputs,
                    round(outcome.result.seconds, 3),
                )
                for output in outcome.result.outputs
            ]
        elif outcome.status == "failed":
            failures += [Failure(str(outcome.org_file), line) for line in outcome.problems]
    entries.sort(key=lambda entry: (entry.organisation, entry.path))
    try:
        options.output_dir.mkdir(parents=True, exist_ok=True)
        write_manifest(options.output_dir, manifest_name(shard), entries, failures)
    except OSError as error:
        raise GuideError(
            f"cannot write the manifest in {options.output_dir}: "
            f"{error.strerror or error}; choose another output folder with -o"
        ) from None


def default_jobs() -> int:
    return max(
        1,
        len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1),
    )
