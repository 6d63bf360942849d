"""Build many organisations: shards, the up-to-date checks, the engine pool, the manifest.

The order matters for speed. First what the manifest alone can tell (``guide.batch.fingerprint``):
an up-to-date run stops there, having loaded neither the build nor the engine. If anything
certainly needs rendering, the worker pool starts at once, so that its start-up (importing
WeasyPrint) overlaps the rest. Then the build is loaded, the exact check settles the unsure
organisations, and ``guide.batch.workers`` prepares guides here while the pool renders them. One
organisation failing never stops the others.
"""

from __future__ import annotations

import dataclasses
import hashlib
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from guide import kept
from guide.batch.fingerprint import (
    Digests,
    Freshness,
    own_reads,
    reads_unchanged,
    sort_by_freshness,
)
from guide.batch.manifest import (
    Entry,
    Failure,
    manifest_name,
    on_disk,
    read_entries,
    write_manifest,
)
from guide.batch.outcome import Outcome, failure
from guide.errors import GuideError, Problem, problems_of
from guide.options import BuildOptions
from guide.render.pool import EnginePool, whole_builds
from guide.timelimit import time_limit, work_seconds

if TYPE_CHECKING:
    from guide.batch.workers import Prepared


def _preload(options: BuildOptions) -> tuple[str, ...]:
    """What workers load beside the engine before their first job: whole builds (handouts,
    booklets) finish in the worker, through ``guide.batch.workers``."""
    return ("guide.batch.workers",) if whole_builds(options) else ()


def find_org_files(paths: Iterable[Path]) -> list[Path]:
    """Organisation files named directly, and the ``*.yaml`` files in named folders."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(path.glob("*.yaml")))
        else:
            found.append(path)
    return list(dict.fromkeys(found))


def in_shard(file: Path, shard: tuple[int, int] | None) -> bool:
    """A stable 1/N of the organisations: by a hash of the file name, not its position."""
    if shard is None:
        return True
    number, count = shard
    return int(hashlib.sha256(file.stem.encode()).hexdigest(), 16) % count == number - 1


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
    outcomes: list[Outcome] = []
    kept: list[Entry] = []

    def done(outcome: Outcome) -> None:
        outcomes.append(outcome)
        report(outcome)

    files = _distinct_outputs([file for file in org_files if in_shard(file, shard)], done)
    digests = Digests()
    previous = read_entries(options.output_dir)
    freshness = sort_by_freshness(files, previous, options, digests, force=force)
    for file, entries in freshness.fresh.items():
        kept += entries
        done(Outcome(file, "up to date"))
    to_check = [file for file in files if file not in freshness.fresh]
    pool: EnginePool[Prepared] | None = None
    try:
        if to_check and _engine_in_workers(options, jobs, len(to_check)):
            # as many workers as may be needed: a pool cannot grow once started. Started
            # before the exact check too: a file whose fingerprint changed was most often
            # edited, and the engine loads while this process gathers (stopped if not)
            pool = _pool(options, jobs, len(to_check))
        if to_check:
            kept += _build(to_check, freshness, previous, options, jobs, pool, digests, done)
    except BaseException:
        if pool is not None:
            pool.stop()
        raise
    if pool is not None and not pool.used:
        pool.stop()  # nothing was left to render after all (an organisation failed its checks)
    kept += _others(previous, {str(outcome.org_file) for outcome in outcomes}, options, shard)
    _write_manifest(outcomes, kept, options, shard)
    return outcomes


def _others(
    previous: list[Entry], here: set[str], options: BuildOptions, shard: tuple[int, int] | None
) -> list[Entry]:
    """Entries of organisations built earlier into the same folder but not in this run (nor
    outside its shard), while all their files are still on disk."""
    by_organisation: dict[str, list[Entry]] = {}
    for entry in previous:
        if entry.organisation not in here and in_shard(Path(entry.organisation), shard):
            by_organisation.setdefault(entry.organisation, []).append(entry)
    return [
        entry
        for entries in by_organisation.values()
        if on_disk(entries, options.output_dir)
        for entry in entries
    ]


def _distinct_outputs(files: list[Path], done: Callable[[Outcome], None]) -> list[Path]:
    """The files whose output folders differ; a second file with a folder taken fails."""
    slugs: dict[str, Path] = {}
    distinct = []
    for file in files:
        clash = slugs.setdefault(file.stem.lower(), file)
        if clash == file:
            distinct.append(file)
            continue
        problem = f"output folder '{file.stem}' is already used by {clash}"
        done(
            Outcome(
                file, "failed", problems=(Problem(file, f"{problem}; rename one of the files"),)
            )
        )
    return distinct


def _workers(options: BuildOptions, jobs: int, count: int) -> int:
    """As many workers as guides, up to ``jobs``; all ``jobs`` for one guide that may be
    rendered in parts, side by side (``guide.render.parts``)."""
    from guide.render.parts.choose import parts_pay

    return jobs if parts_pay(options, count, jobs) else min(jobs, count)


def _pool(options: BuildOptions, jobs: int, count: int) -> EnginePool[Prepared]:
    """The workers for ``count`` guides; for one guide with parts kept from earlier builds
    (an edit lays out a document or two), the first ready before the others."""
    staggered = count == 1 and kept.holds(options.output_dir / kept.FOLDER, kept.PART)
    return EnginePool(_workers(options, jobs, count), _preload(options), staggered=staggered)


def _engine_in_workers(options: BuildOptions, jobs: int, count: int) -> bool:
    """Whether PDFs are rendered by a pool (not here: HTML only, or one guide at a time in a
    process that has the engine loaded already, like a test run)."""
    return options.needs_engine and not (min(jobs, count) == 1 and "weasyprint" in sys.modules)


def _build(
    files: list[Path],
    freshness: Freshness,
    previous: list[Entry],
    options: BuildOptions,
    jobs: int,
    pool: EnginePool[Prepared] | None,
    digests: Digests,
    done: Callable[[Outcome], None],
) -> list[Entry]:
    """Gather each of ``files`` once (from the bytes the quick check read, if it did), check
    it exactly, then build those that need it from what was gathered; returns the manifest
    entries of the ones found up to date after all."""
    # Loaded only now: a run with everything up to date never needs them.
    from guide.batch.input_hash import inputs_of
    from guide.batch.workers import Pending, build_here, render_in_workers
    from guide.compose.gather import gather, load_shared_content

    try:
        shared = load_shared_content(options.folders)
    except GuideError as error:
        problems = problems_of(options.folders.content_dir, error)
        for file in files:
            done(Outcome(file, "failed", problems=problems))
        return []
    kept: list[Entry] = []
    pending: list[Pending] = []
    for file in files:
        started = work_seconds()
        try:
            # reading its files (and their includes) is the first step under its limit
            with time_limit(options.time_limit):
                gathered = gather(file, shared, options, source=freshness.read.get(file))
                inputs = inputs_of(gathered, options, digests)
        except GuideError as error:
            done(Outcome(file, "failed", problems=problems_of(file, error)))
            continue
        except OSError as error:  # a file it names, unreadable
            problem = f"cannot read {error.filename or 'a file it uses'}: {error.strerror}"
            done(Outcome(file, "failed", problems=(Problem(file, problem),)))
            continue
        except Exception as error:  # a bug, not bad input: the others still build
            done(failure(file, None, error))
            continue
        mine = [entry for entry in previous if entry.organisation == str(file)]
        unchanged = bool(mine) and all(entry.inputs == inputs.hash for entry in mine)
        if file not in freshness.stale and unchanged and reads_unchanged(mine[0].reads, digests):
            # unchanged after all: record the new fingerprint, so the next run knows sooner
            kept += [
                dataclasses.replace(
                    entry,
                    fingerprint=inputs.fingerprint,
                    uses=inputs.uses,
                    as_of=inputs.as_of,
                    days=inputs.days,
                )
                for entry in mine
            ]
            done(Outcome(file, "up to date", inputs=inputs))
        else:
            pending.append(Pending(file, inputs, gathered, work_seconds() - started))
    if pool is not None:
        render_in_workers(pending, options, pool, done)
    else:
        for one in pending:
            done(build_here(one, options))
    return kept


def _write_manifest(
    outcomes: list[Outcome], kept: list[Entry], options: BuildOptions, shard: tuple[int, int] | None
) -> None:
    written: list[Entry] = []
    failures: list[Failure] = []
    for outcome in sorted(outcomes, key=lambda o: str(o.org_file)):
        if outcome.result is not None and outcome.inputs is not None:
            inputs = outcome.inputs
            reads = own_reads(outcome.result.reads, options.folders)
            written += [
                Entry(
                    str(outcome.org_file),
                    output.kind,
                    str(output.path.resolve().relative_to(options.output_dir.resolve())),
                    output.pages,
                    output.bytes,
                    output.sha256,
                    inputs.hash,
                    round(outcome.result.seconds, 3),
                    inputs.fingerprint,
                    inputs.uses,
                    inputs.as_of,
                    inputs.days,
                    reads,
                )
                for output in outcome.result.outputs
            ]
        elif outcome.status == "failed":
            failures.append(Failure(str(outcome.org_file), outcome.problems))
    paths = {entry.path for entry in written}  # an earlier organisation's file, overwritten
    entries = [entry for entry in kept if entry.path not in paths] + written
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
    from guide.render.pool import default_workers

    return default_workers()
