"""Build guides: prepare, render, make the requested editions, then write every file.

``build_guide`` is what the CLI calls and what other programs should call: everything is
gathered and rendered in memory under the time limit, and only then written: all of an
organisation's files or, if one cannot be written, none of them (``guide.atomic``).
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from pathlib import Path

from guide import defaults
from guide.atomic import WriteError, replace_all
from guide.compose.gather import SharedContent, gather, load_shared_content
from guide.compose.prepare import PreparedGuide, prepare_guide
from guide.editions.documents import PendingFile, booklet_file, learner_job, session_files
from guide.editions.screen import screen_files
from guide.errors import GuideError, Problem
from guide.options import BuildOptions
from guide.plan.wording import PrintedNotice, printed
from guide.render.job import RenderedPdf
from guide.timelimit import time_limit, work_seconds


@dataclass(frozen=True)
class WrittenFile:
    """One file a build wrote: its kind (guide, trainer, handouts, handout, booklet)."""

    kind: str
    path: Path
    pages: int
    bytes: int = 0
    sha256: str = ""


@dataclass(frozen=True)
class BuildResult:
    """What one build wrote, and what the trainer should know about it."""

    org_file: Path
    slug: str
    pdf: Path  # the guide's main file: guide.pdf, or guide.html when only HTML was asked for
    pages: int
    seconds: float
    notices: tuple[PrintedNotice, ...]
    warnings: tuple[Problem, ...]  # severity 'warning'
    chapters: tuple[str, ...]
    outputs: tuple[WrittenFile, ...] = ()
    timings: tuple[tuple[str, float], ...] = ()
    reads: tuple[tuple[str, str], ...] = ()  # files the renders read, with their SHA-256
    fitting: tuple[tuple[str, str], ...] = ()  # learner PDF's sections set tighter or looser
    layouts: int = 0  # layouts of the learner PDF tried to fit them (0: no PDF)
    rendered: str = ""  # how the learner PDF was rendered: whole, or in parts


def build_guide(
    org_file: Path, options: BuildOptions | None = None, shared: SharedContent | None = None
) -> BuildResult:
    """Build ``org_file`` into ``options.output_dir/<slug>/``: ``guide.pdf``, and with the
    options the handouts, trainer edition and booklet. Says what was written."""
    options = options or BuildOptions()
    shared = shared or load_shared_content(options.folders)
    started = work_seconds()
    with time_limit(options.time_limit):
        guide = prepare_guide(gather(org_file, shared, options), options)
    return finish_guide(guide, options, work_seconds() - started)


def finish_guide(
    guide: PreparedGuide,
    options: BuildOptions,
    prepared_in: float = 0.0,
    rendered: tuple[RenderedPdf, float] | None = None,
) -> BuildResult:
    """Render a prepared guide and the requested editions, then write every file.

    The half of a build that needs WeasyPrint: a batch prepares guides in its own process
    and sends them to workers that loaded the engine meanwhile. ``prepared_in`` (the
    seconds spent preparing) counts against the time limit and in the timings. A learner
    PDF already ``rendered`` elsewhere (with the seconds it took) is used as it is.
    """
    clock = _Clock(("prepare", prepared_in))
    spent = prepared_in + (rendered[1] if rendered else 0.0)
    limit = options.time_limit
    with time_limit(None if limit is None else max(limit - spent, 0.001), of=limit):
        pending: list[PendingFile] = []
        learner: RenderedPdf | None = None
        if rendered is not None:
            learner = rendered[0]
            clock.laps.append(("render", rendered[1]))
        elif "pdf" in options.formats or options.handouts:
            learner = learner_job(guide, options).render()
            clock.lap("render")
        if learner is not None and "pdf" in options.formats:
            pending.append(
                PendingFile("guide", defaults.PDF_NAME, learner.data, learner.pages, learner.reads)
            )
        if learner is not None and options.handouts:
            pending += session_files(guide, learner, options)
        if options.booklet:
            pending.append(booklet_file(guide, options))
        if "html" in options.formats:
            pending += screen_files(guide, options)
        clock.lap("editions")
        outputs = tuple(_write(pending, guide.org.slug, options))
        clock.lap("write")
    main = next((o for o in outputs if o.kind in {"guide", "html"}), outputs[0])
    return BuildResult(
        org_file=guide.org.file,
        slug=guide.org.slug,
        pdf=main.path,
        pages=main.pages,
        seconds=clock.total,
        notices=tuple(printed(guide.plan.notices, guide.org.locale)),
        warnings=guide.warnings + guide.own_maintenance,
        chapters=tuple(chapter.id for chapter in guide.chapters),
        outputs=outputs,
        timings=tuple(clock.laps),
        reads=_reads(pending),
        fitting=learner.fitting if learner else (),
        layouts=learner.layouts if learner else 0,
        rendered=learner.path if learner else "",
    )


def _reads(pending: list[PendingFile]) -> tuple[tuple[str, str], ...]:
    """Every file read for ``pending``; one that changed between two renders is recorded
    as such, so that the next run rebuilds."""
    digests: dict[str, str] = {}
    for path, digest in (read for file in pending for read in file.reads):
        digests[path] = digest if digests.get(path, digest) == digest else "changed"
    return tuple(sorted(digests.items()))


class _Clock:
    """Seconds per stage, for ``guide build -v``."""

    def __init__(self, *earlier: tuple[str, float]) -> None:
        self.last = time.perf_counter()
        self.laps: list[tuple[str, float]] = list(earlier)

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.laps.append((stage, now - self.last))
        self.last = now

    @property
    def total(self) -> float:
        return sum(seconds for _, seconds in self.laps)


def _write(pending: list[PendingFile], slug: str, options: BuildOptions) -> list[WrittenFile]:
    folder = options.output_dir.resolve()  # -o may be a link; nothing under it is followed
    try:
        paths = replace_all(folder, [(f"{slug}/{file.name}", file.data) for file in pending])
    except WriteError as error:
        name = error.name.removeprefix(f"{slug}/")
        raise GuideError(
            f"cannot write {name} under {options.output_dir}: {error.reason}; choose another "
            "output folder with -o"
        ) from None
    return [
        WrittenFile(
            file.kind, path, file.pages, len(file.data), hashlib.sha256(file.data).hexdigest()
        )
        for file, path in zip(pending, paths, strict=True)
    ]
