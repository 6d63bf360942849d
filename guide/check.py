"""Check inputs without rendering: organisation files, chapters, catalogue and templates.

``guide check`` reports every problem at once, as ``file:line:col: message``, each file
under the same time limit as a build; ``guide build`` runs the same checks
(``gather.load_shared_content``, ``gather.gather`` and ``prepare.prepare_guide``) before
rendering. A chapter checked on its own walks the build's path too
(``compose.rendering.render_chapters``): its
Jinja is expanded in the sandbox with a real organisation's data (one beside it, else the
bundled example) and its Markdown rendered with the image checks.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from guide import defaults
from guide.batch.run import find_org_files
from guide.compose.expand import check_chapter_templates
from guide.compose.gather import Gathered, SharedContent, load_shared_content
from guide.compose.prepare import prepare_file
from guide.compose.rendering import render_chapters
from guide.content.chapters import Chapter, check_chapter, read_chapter
from guide.content.confine import inside
from guide.errors import GuideError, InputError, Problem, problems_of
from guide.markdown.parse import render_markdown
from guide.options import BuildOptions
from guide.org.organisation import Organisation, load_organisation
from guide.plan.tailor import make_plan
from guide.plan.wording import PrintedNotice, printed
from guide.timelimit import time_limit


@dataclass(frozen=True)
class FileCheck:
    """What checking one file found."""

    file: Path
    problems: tuple[Problem, ...] = ()
    notices: tuple[PrintedNotice, ...] = ()
    warnings: tuple[Problem, ...] = ()


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


def check_chapter_file(
    file: Path, shared: SharedContent | None, options: BuildOptions, limit: float | None = None
) -> FileCheck:
    """Every problem the build would meet in this chapter, with lines in the files it edits."""
    content_dir = options.folders.content_dir
    inside_content = inside(file, [content_dir])
    try:
        with time_limit(limit):
            chapter = read_chapter(file, [content_dir] if inside_content else [file.parent])
            syntax = check_chapter_templates([chapter])
            problems = list(syntax)
            if shared is not None:
                problems += check_chapter(chapter, shared.catalogue)
                if not syntax:  # else expanding it would only say the same again
                    problems += _as_built(chapter, shared, options, inside_content)
            else:  # no catalogue to tailor with: the Markdown alone
                rendered = render_markdown(chapter.body, chapter.meta.id)
                problems += [chapter.body_problem(line, text) for line, text in rendered.problems]
    except GuideError as error:
        return FileCheck(file, problems_of(file, error))
    return FileCheck(file, tuple(dict.fromkeys(problems)))


def _as_built(
    chapter: Chapter, shared: SharedContent, options: BuildOptions, inside_content: bool
) -> list[Problem]:
    """The chapter through the build's own steps, for an organisation that could use it."""
    org = context_organisation(chapter.file, shared, options)
    if not inside_content and not inside(chapter.file, org.roots):
        # a chapter on its own: its images may lie beside it, as its includes may
        folders = replace(options.folders, content_dir=chapter.file.parent)
        options = replace(options, folders=folders)
    catalogue = org.catalogue(shared.catalogue)
    plan = make_plan(org, catalogue, org.spec.training.date or options.today)
    # whoever the team is, whatever exam it teaches
    meta = chapter.meta.model_copy(update={"audience": "all", "exam": None})
    only = Gathered(org, catalogue, (replace(chapter, meta=meta),), shared.glossary, plan, ())
    try:
        render_chapters(only, options)
    except InputError as error:
        return list(error.problems)
    return []


def context_organisation(file: Path, shared: SharedContent, options: BuildOptions) -> Organisation:
    """The organisation whose data a chapter checked on its own is expanded with: the first
    beside it (in its folder or the one above) whose content may include it, else the
    bundled example."""
    content_dir = options.folders.content_dir
    folders = [] if inside(file, [content_dir]) else [file.parent, file.parent.parent]
    for candidate in (found for folder in folders for found in sorted(folder.glob("*.yaml"))):
        try:
            org = load_organisation(candidate, shared.catalogue)
        except GuideError:
            continue  # not an organisation file, or a broken one: its own check says so
        if inside(file, org.roots):
            return org
    return load_organisation(defaults.ORGS_DIR / "contoso.yaml", shared.catalogue)


def check_organisation(file: Path, options: BuildOptions, shared: SharedContent) -> FileCheck:
    try:
        with time_limit(options.time_limit):
            guide = prepare_file(file, options, shared)
    except GuideError as error:
        return FileCheck(file, problems_of(file, error))
    notices = tuple(printed(guide.plan.notices, guide.org.locale))
    maintenance = guide.maintenance if options.bundled_notes else guide.own_maintenance
    return FileCheck(file, (), notices, guide.warnings + maintenance)


def check(paths: Iterable[Path], options: BuildOptions) -> CheckReport:
    """Check the shared content, then each organisation file or chapter named in ``paths``."""
    shared: SharedContent | None = None
    shared_problems: tuple[Problem, ...] = ()
    try:
        shared = load_shared_content(options.folders)
    except GuideError as error:
        shared_problems = problems_of(options.folders.content_dir, error)
    chapter_files = [path for path in paths if path.suffix == ".md"]
    org_files = find_org_files(path for path in paths if path.suffix != ".md")
    results = [
        check_chapter_file(file, shared, options, options.time_limit) for file in chapter_files
    ]
    for file in org_files:
        if shared is None:
            results.append(
                FileCheck(file, (Problem(file, "not checked: fix the shared content first"),))
            )
        else:
            results.append(check_organisation(file, options, shared))
    return CheckReport(shared_problems, tuple(results))
