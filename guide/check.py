"""Check inputs without rendering: organisation files, chapters, catalogue and templates.

``guide check`` reports every problem at once, as ``file:line:col: message``, each file
under the same time limit as a build; ``guide build`` runs the same checks
(``gather.load_shared_content``, ``gather.gather`` and ``prepare.prepare_guide``) before
rendering.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from guide.batch.run import find_org_files
from guide.compose.expand import check_chapter_templates
from guide.compose.gather import SharedContent, load_shared_content
from guide.compose.prepare import prepare_file
from guide.content.chapters import check_chapter, read_chapter
from guide.errors import GuideError, InputError, Problem
from guide.markdown.parse import render_markdown
from guide.options import BuildOptions
from guide.plan.wording import PrintedNotice, printed
from guide.timelimit import time_limit


@dataclass(frozen=True)
class FileCheck:
    """What checking one file found."""

    file: Path
    problems: tuple[Problem, ...] = ()
    notices: tuple[PrintedNotice, ...] = ()
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class CheckReport:
    shared_problems: tuple[Problem, ...]
    files: tuple[FileCheck, ...]

    @property
    def problems(self) -> tuple[Problem, ...]:
        return self.shared_problems + tuple(p for f in self.files for p in f.problems)

    @property
    def ok(self) -> bool:
        return not self.problems


def _problems(error: GuideError, file: Path) -> tuple[Problem, ...]:
    if isinstance(error, InputError):
        return error.problems
    return (Problem(file, error.format_message()),)


def check_chapter_file(
    file: Path, shared: SharedContent | None, content_dir: Path, limit: float | None = None
) -> FileCheck:
    inside = file.resolve().is_relative_to(content_dir.resolve())
    try:
        with time_limit(limit):
            chapter = read_chapter(file, [content_dir] if inside else [file.parent])
            problems = check_chapter_templates([chapter])
            rendered = render_markdown(chapter.body, chapter.meta.id)
    except GuideError as error:
        return FileCheck(file, _problems(error, file))
    problems += [
        Problem(file, message, line + chapter.body_first_line - 1)
        for line, message in rendered.problems
    ]
    if shared is not None:
        problems += check_chapter(chapter, shared.catalogue)
    return FileCheck(file, tuple(problems))


def check_organisation(file: Path, options: BuildOptions, shared: SharedContent) -> FileCheck:
    try:
        with time_limit(options.time_limit):
            guide = prepare_file(file, options, shared)
    except GuideError as error:
        return FileCheck(file, _problems(error, file))
    return FileCheck(file, (), tuple(printed(guide.plan.notices, guide.org.locale)), guide.warnings)


def check(paths: Iterable[Path], options: BuildOptions) -> CheckReport:
    """Check the shared content, then each organisation file or chapter named in ``paths``."""
    shared: SharedContent | None = None
    shared_problems: tuple[Problem, ...] = ()
    try:
        shared = load_shared_content(options.folders)
    except GuideError as error:
        shared_problems = _problems(error, options.folders.content_dir)
    chapter_files = [path for path in paths if path.suffix == ".md"]
    org_files = find_org_files(path for path in paths if path.suffix != ".md")
    results = [
        check_chapter_file(file, shared, options.folders.content_dir, options.time_limit)
        for file in chapter_files
    ]
    for file in org_files:
        if shared is None:
            results.append(
                FileCheck(file, (Problem(file, "not checked: fix the shared content first"),))
            )
        else:
            results.append(check_organisation(file, options, shared))
    return CheckReport(shared_problems, tuple(results))
