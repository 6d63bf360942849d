"""The live preview of one organisation's guide: rebuilt when a file changes, never fatal.

``Preview`` keeps the latest screen page (and the files it refers to) in memory, with a
version number that goes up on every rebuild, good or bad. A failed build (or one over the
time limit) keeps the last good page and records the problems, for the error overlay.
Rebuilds do only what the change needs: styles alone just bump the version; an organisation
file is prepared again with the shared content kept; content or templates reload the shared
content first. The PDF is rendered after the page, in a background thread, from the same
prepared guide.
"""

from __future__ import annotations

import multiprocessing
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from pathlib import Path

from guide.compose.gather import SharedContent, load_shared_content
from guide.compose.kept_chapters import KeptChapters
from guide.compose.prepare import PreparedGuide, prepare_file
from guide.editions.documents import render_job
from guide.editions.screen import Assets, assets_for, screen_html
from guide.errors import Problem, problems_for
from guide.kept import FOLDER
from guide.options import BuildOptions
from guide.render.parts.cache import PartCache
from guide.render.parts.choose import EACH_PART
from guide.render.parts.plan import render_in_parts
from guide.render.pool import (
    WORKER_LOST,
    default_workers,
    executor_runner,
    start_worker,
    stop_executor,
)
from guide.timelimit import time_limit


@dataclass(frozen=True)
class Snapshot:
    """What the preview shows now: the last good page, and why the latest build failed."""

    version: int = 0
    page: str | None = None
    assets: Assets | None = None
    problems: tuple[Problem, ...] = ()
    warnings: tuple[Problem, ...] = ()
    seconds: float = 0.0


@dataclass(frozen=True)
class Pdf:
    """The PDF of one version of the guide, or why it could not be made."""

    version: int
    data: bytes | None
    problem: str = ""


#: The kinds of file a guide is made of: organisation and content files, templates, styles,
#: translations, images and fonts. A change to any other file (a log the server's output is
#: redirected to, say) starts no rebuild unless the last build read it.
INPUT_SUFFIXES = frozenset(
    {".yaml", ".yml", ".md", ".markdown", ".j2", ".html", ".css", ".po"}
    | {".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp"}
    | {".ttf", ".otf", ".woff", ".woff2"}
)


def files_read(guide: PreparedGuide) -> frozenset[Path]:
    """The organisation's file and every chapter file the guide read, includes and code
    files with them, in any language."""
    chapters = [
        version
        for chapter in guide.gathered.selected
        for version in (chapter, *chapter.translations.values())
    ]
    files = [guide.org.file, *(f for c in chapters for f in (c.file, *c.included))]
    return frozenset(path.resolve() for path in files)


class Preview:
    """The preview of ``org_file``. Rebuilds are serialised (one writer); any thread may read
    and wait. One condition guards the snapshot and the PDF slots, so a request never sees a
    new page with the previous page's PDF."""

    def __init__(self, org_file: Path, options: BuildOptions, *, pdf: bool = True) -> None:
        self.org_file = org_file
        self.options = options
        self._shared: SharedContent | None = None
        self._guide: PreparedGuide | None = None
        self._read: frozenset[Path] = frozenset({org_file.resolve()})
        # one of each for the preview's life (the build thread's, the PDF thread's)
        self._kept_chapters = KeptChapters(options.output_dir / FOLDER)
        self._kept_parts = PartCache(options.output_dir / FOLDER)
        self._snapshot = Snapshot()
        self._changed = threading.Condition()
        self._building = threading.Lock()
        self._pdf: Pdf | None = None
        self._pdf_wanted: tuple[int, PreparedGuide] | None = None
        self._engine: ProcessPoolExecutor | None = None
        # the PDF in parts on every core, kept between saves: a save lays out its part only,
        # so each chapter is a part of its own (a build groups them: fewer to lay out whole)
        self._workers = default_workers() if pdf else 1
        self._in_parts = EACH_PART if self._workers > 1 else 0
        if pdf:
            threading.Thread(target=self._render_pdfs, name="guide-pdf", daemon=True).start()

    @property
    def snapshot(self) -> Snapshot:
        with self._changed:
            return self._snapshot

    def watched(self) -> list[Path]:
        """The folders whose changes matter: the organisation's, content, templates, styles."""
        inputs = self.options.folders
        folders = [
            self.org_file.parent,
            inputs.content_dir,
            inputs.templates_dir,
            inputs.styles_dir,
        ]
        return list(dict.fromkeys(folder.resolve() for folder in folders))

    def relevant(self, path: Path) -> bool:
        """Whether a change to ``path`` can change this guide: a file the last build read
        (a chapter, an include, a code file), or one of the kinds of file a guide is made
        of (a new chapter or image, a template, a stylesheet). Other organisations' files,
        the build output, logs, editors' backups and hidden files cannot."""
        path = path.resolve()
        if path in self._read:
            return True
        if path.is_relative_to(self.options.output_dir.resolve()):
            return False
        if path.name.startswith((".", "#", "~")) or path.name.endswith("~"):
            return False
        if path.suffix in {".yaml", ".yml"} and path.parent == self.org_file.parent.resolve():
            return path == self.org_file.resolve()
        return path.suffix.lower() in INPUT_SUFFIXES

    def rebuild(self, changed: Iterable[Path] = ()) -> Snapshot:
        """Build again after ``changed`` (everything when empty); returns the new snapshot."""
        with self._building:
            return self._rebuild(list(changed))

    def _rebuild(self, changed: list[Path]) -> Snapshot:
        started = time.perf_counter()
        changed = [path.resolve() for path in changed]
        inputs = self.options.folders
        styles = inputs.styles_dir.resolve()
        shared = (inputs.content_dir.resolve(), inputs.templates_dir.resolve())
        try:
            # on the watcher's thread too: a save that loops for ever ends as a problem
            with time_limit(self.options.time_limit):
                if not changed or any(p.is_relative_to(f) for p in changed for f in shared):
                    self._shared = None
                if self._shared is None:
                    self._shared = load_shared_content(inputs)
                only_styles = bool(changed) and all(p.is_relative_to(styles) for p in changed)
                if not only_styles or self._guide is None:
                    self._guide = prepare_file(
                        self.org_file,
                        self.options,
                        self._shared,
                        in_parts=self._in_parts,
                        kept=self._kept_chapters,
                    )
                    self._read = files_read(self._guide)
                guide = self._guide
                assets = assets_for(guide, inputs)
                page = screen_html(guide, self.options, assets, preview=True)
        except Exception as error:  # bad input, or a bug, which must not stop the server
            self._guide = None  # a styles-only save must not hide the problem
            return self._publish(problems=problems_for(self.org_file, error), started=started)
        return self._publish(
            page=page, assets=assets, warnings=guide.warnings, started=started, guide=guide
        )

    def _publish(
        self,
        *,
        started: float,
        page: str | None = None,
        assets: Assets | None = None,
        problems: tuple[Problem, ...] = (),
        warnings: tuple[Problem, ...] = (),
        guide: PreparedGuide | None = None,
    ) -> Snapshot:
        with self._changed:
            old = self._snapshot
            self._snapshot = replace(
                old,
                version=old.version + 1,
                page=page if page is not None else old.page,
                assets=assets if assets is not None else old.assets,
                problems=problems,
                warnings=warnings,
                seconds=time.perf_counter() - started,
            )
            if guide is not None:
                self._pdf_wanted = (self._snapshot.version, guide)
            self._changed.notify_all()
            return self._snapshot

    def wait_for_change(self, version: int, timeout: float) -> Snapshot:
        """The snapshot once its version differs from ``version`` (or after ``timeout``)."""
        with self._changed:
            self._changed.wait_for(lambda: self._snapshot.version != version, timeout)
            return self._snapshot

    def pdf(self, timeout: float) -> Pdf | None:
        """The PDF of the latest good version, waiting for its render up to ``timeout``;
        None at once when no version has built yet."""
        with self._changed:
            self._changed.wait_for(
                lambda: (
                    self._pdf_wanted is None
                    or (self._pdf is not None and self._pdf.version >= self._pdf_wanted[0])
                ),
                timeout,
            )
            return self._pdf if self._pdf_wanted is not None else None

    def _pdf_due(self) -> tuple[int, PreparedGuide] | None:
        wanted, done = self._pdf_wanted, self._pdf.version if self._pdf else 0
        return wanted if wanted is not None and wanted[0] > done else None

    def _render(self, guide: PreparedGuide) -> bytes:
        """The PDF, made in a process of its own: there the time limit works, and the page
        rebuilds never wait for the engine. Spawned, not forked, since this process runs
        threads."""
        if self._engine is None:
            self._engine = ProcessPoolExecutor(
                max_workers=self._workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=start_worker,
            )
        job = render_job(guide.html, guide.org, self.options.folders)
        limit = self.options.time_limit
        run = executor_runner(self._engine, limit, limit)
        try:
            if guide.parts:
                cache = self._kept_parts
                joined = render_in_parts(guide.parts, job.base_url, job.roots, run=run, cache=cache)
                if joined is not None:
                    return joined.pdf.data
            (rendered,) = run([job])
        except BrokenProcessPool:
            self._engine = None
            raise WORKER_LOST from None
        return bytes(rendered.data)

    def close(self) -> None:
        """Stop the PDF process, if any (``guide serve`` on the way out)."""
        engine, self._engine = self._engine, None
        if engine is not None:
            stop_executor(engine, multiprocessing.active_children())

    def _render_pdfs(self) -> None:
        """Render the newest good version, one at a time; versions saved meanwhile are skipped."""
        while True:
            with self._changed:
                self._changed.wait_for(self._pdf_due)
                due = self._pdf_due()
                assert due is not None
                version, guide = due
            try:
                pdf = Pdf(version, self._render(guide))
            except Exception as error:  # keep serving pages whatever the PDF engine does
                problems = problems_for(self.org_file, error)
                pdf = Pdf(version, None, "; ".join(str(problem) for problem in problems))
            with self._changed:
                self._pdf = pdf
                self._changed.notify_all()


def follow_changes(
    preview: Preview, stop: threading.Event, report: Callable[[Snapshot], None]
) -> None:
    """Rebuild ``preview`` whenever a relevant file is saved, until ``stop`` is set. A folder
    that disappears (or any other watching error) is reported and watched again."""
    from watchfiles import watch

    while not stop.is_set():
        try:
            for changes in watch(*preview.watched(), stop_event=stop, debounce=400, step=30):
                changed = [Path(path) for _, path in changes if preview.relevant(Path(path))]
                if changed:
                    report(preview.rebuild(changed))
        except Exception as error:
            problem = Problem(preview.org_file, f"watching files: {error}")
            report(replace(preview.snapshot, problems=(problem,)))
            stop.wait(1.0)
