"""Build guides: run the pipeline stages in order for one organisation, or for many.

``build_guide`` is what the CLI calls and what other programs should call: it gathers
everything, renders in memory, and only then writes the PDF atomically.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from guide import defaults
from guide.catalogue import Catalogue, load_catalogue
from guide.chapters import Chapter, load_chapters, select_chapters
from guide.charts import plan_at_a_glance
from guide.colours import Palette
from guide.deadline import time_limit
from guide.errors import GuideError, InputError, Problem, input_error
from guide.expand import chapter_context, check_chapter_templates, expand_chapter
from guide.fonts import describe_missing, unprintable
from guide.layout import LaidOutChapter, check_templates, lay_out
from guide.markdown import render_markdown
from guide.output import resolve_under, write_atomically
from guide.params import Organisation, load_organisation
from guide.render import render_pdf
from guide.tailor import Plan, make_plan
from guide.wording import PrintedNotice, format_date, printed


@dataclass(frozen=True)
class BuildOptions:
    """Where things are read from and written to; every field has the bundled default."""

    output_dir: Path = defaults.OUTPUT_DIR
    content_dir: Path = defaults.CONTENT_DIR
    templates_dir: Path = defaults.TEMPLATES_DIR
    styles_dir: Path = defaults.STYLES_DIR
    locale: str = defaults.LOCALE
    today: dt.date = field(default_factory=dt.date.today)
    time_limit: float | None = defaults.TIME_LIMIT_SECONDS


@dataclass(frozen=True)
class Sources:
    """The inputs shared by every organisation in a run, loaded once."""

    catalogue: Catalogue
    chapters: tuple[Chapter, ...]


@dataclass(frozen=True)
class BuildResult:
    """What one build wrote, and what the trainer should know about it."""

    org_file: Path
    slug: str
    pdf: Path
    pages: int
    seconds: float
    notices: tuple[PrintedNotice, ...]
    warnings: tuple[str, ...]
    chapters: tuple[str, ...]


def load_sources(options: BuildOptions) -> Sources:
    """Load and check what every organisation shares: catalogue, chapters and templates."""
    catalogue = load_catalogue(options.content_dir)
    problems: list[Problem] = []
    chapters: tuple[Chapter, ...] = ()
    try:
        chapters = load_chapters(options.content_dir / "chapters", catalogue)
    except InputError as error:
        problems.extend(error.problems)
    problems.extend(check_chapter_templates(chapters))
    problems.extend(check_templates(options.templates_dir))
    if problems:
        raise InputError(problems)
    return Sources(catalogue, chapters)


def find_org_files(paths: Iterable[Path]) -> list[Path]:
    """Organisation files named directly, and the ``*.yaml`` files in named folders."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(path.glob("*.yaml")))
        else:
            found.append(path)
    return list(dict.fromkeys(found))


def _render_chapters(
    org: Organisation,
    plan: Plan,
    sources: Sources,
    options: BuildOptions,
) -> tuple[LaidOutChapter, ...]:
    spec = org.spec
    palette = Palette(spec.organisation.colours.primary, spec.organisation.colours.accent)
    as_of = format_date(plan.as_of, options.locale)
    figures = {
        "plan-at-a-glance": plan_at_a_glance(
            plan, palette, as_of, lambda day: format_date(day, options.locale, "medium")
        )
    }
    context = chapter_context(org, plan, sources.catalogue, options.locale)
    laid_out = []
    for chapter in select_chapters(sources.chapters, plan.team_roles):
        text = expand_chapter(chapter, context, options.locale)
        rendered = render_markdown(text, chapter.meta.id, figures)
        if rendered.problems:
            raise InputError(
                [
                    Problem(chapter.file, message, line + chapter.body_first_line - 1)
                    for line, message in rendered.problems
                ]
            )
        if rendered.unknown_directives:
            raise input_error(
                chapter.file,
                f"unknown directive ':::{rendered.unknown_directives[0]}"
                ':::\'; available: :::chart name="plan-at-a-glance":::',
            )
        laid_out.append(LaidOutChapter(chapter.meta, rendered.html, rendered.headings))
    return tuple(laid_out)


@dataclass(frozen=True)
class PreparedGuide:
    """Everything gathered for one organisation before the PDF engine runs."""

    org: Organisation
    plan: Plan
    chapters: tuple[LaidOutChapter, ...]
    html: str
    warnings: tuple[str, ...]


def prepare_guide(org_file: Path, options: BuildOptions, sources: Sources) -> PreparedGuide:
    """Validate, tailor, render the Markdown and lay out the HTML; nothing is written.

    This is also what ``guide check`` runs: every problem it raises is one a build would hit.
    """
    org = load_organisation(org_file, sources.catalogue)
    plan = make_plan(org, sources.catalogue, org.spec.training.date or options.today)
    chapters = _render_chapters(org, plan, sources, options)
    html = lay_out(
        org,
        plan,
        sources.catalogue,
        chapters,
        templates_dir=options.templates_dir,
        stylesheet=options.styles_dir / "guide.css",
        locale=options.locale,
        built_on=options.today,
    )
    return PreparedGuide(org, plan, chapters, html, tuple(_glyph_warnings(org)))


def _glyph_warnings(org: Organisation) -> list[str]:
    spec = org.spec
    texts: dict[str, str | None] = {
        "organisation.name": spec.organisation.name,
        "training.title": spec.training.title,
        "training.trainer": spec.training.trainer,
        "training.venue": spec.training.venue,
    }
    texts.update(
        {f"team.members[{i}].name": member.name for i, member in enumerate(spec.team.members)}
    )
    warnings = []
    for key, text in texts.items():
        missing = unprintable(text or "")
        if missing:
            warnings.append(f"{key} '{text}': {describe_missing(missing)}")
    return warnings


def build_guide(
    org_file: Path, options: BuildOptions | None = None, sources: Sources | None = None
) -> BuildResult:
    """Build ``org_file`` into ``options.output_dir/<slug>/guide.pdf`` and say what was written.

    Everything is checked and rendered in memory first, under the time limit; only then is
    the PDF written, atomically.
    """
    options = options or BuildOptions()
    started = time.perf_counter()
    sources = sources or load_sources(options)
    with time_limit(options.time_limit):
        guide = prepare_guide(org_file, options, sources)
        roots = [options.styles_dir, options.templates_dir, options.content_dir, guide.org.folder]
        pdf = render_pdf(
            guide.html, base_url=options.templates_dir.resolve().as_uri() + "/", roots=roots
        )
    try:
        destination = resolve_under(options.output_dir, guide.org.slug, defaults.PDF_NAME)
        write_atomically(destination, pdf.data)
    except (OSError, ValueError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else error
        raise GuideError(
            f"cannot write the PDF under {options.output_dir}: {reason}; choose another "
            "output folder with -o"
        ) from None
    return BuildResult(
        org_file=org_file,
        slug=guide.org.slug,
        pdf=destination,
        pages=pdf.pages,
        seconds=time.perf_counter() - started,
        notices=tuple(printed(guide.plan.notices, options.locale)),
        warnings=guide.warnings,
        chapters=tuple(chapter.id for chapter in guide.chapters),
    )
