"""Build many organisations: shards, the up-to-date check, the manifest.

This process never imports WeasyPrint itself: it checks inputs (cheap) and skips unchanged
organisations; the rest go to ``guide.workers``, which prepares them here while worker
processes render them. One organisation failing never stops the others.
"""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

from guide.build import build_guide
from guide.errors import GuideError
from guide.inputs import inputs_hash
from guide.manifest import Entry, Failure, manifest_name, read_entries, still_valid, write_manifest
from guide.options import BuildOptions
from guide.prepare import Sources, load_sources
from guide.workers import Outcome, failure, problem_lines, render_in_workers


def in_shard(file: Path, shard: tuple[int, int] | None) -> bool:
    """A stable 1/N of the organisations: by a hash of the file name, not its position."""
    if shard is None:
        return True
    number, count = shard
    return int(hashlib.sha256(file.stem.encode()).hexdigest(), 16) % count == number - 1


def _build_here(file: Path, options: BuildOptions, sources: Sources, inputs: str) -> Outcome:
    try:
        return Outcome(file, "built", result=build_guide(file, options, sources), inputs=inputs)
    except Exception as error:
        return failure(file, inputs, error)


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
        render_in_workers(pending, options, sources, workers, done)
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
