"""Gather everything one guide needs, checked, before the PDF engine runs.

Loads what every organisation shares (catalogue, chapters, templates) once, then for one
organisation: validate its file, tailor the plan, render the chapters and lay out the HTML.
``guide check`` stops here; ``guide build`` goes on to render.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from guide.compose.chapter_context import chapter_context
from guide.compose.charts import plan_at_a_glance
from guide.compose.colours import Palette
from guide.compose.expand import check_chapter_templates, expand_chapter
from guide.compose.fonts import describe_missing, unprintable
from guide.compose.layout import LaidOutChapter, check_templates, lay_out
from guide.content.catalogue import Catalogue, load_catalogue, load_glossary
from guide.content.chapters import Chapter, load_chapters, select_chapters
from guide.content.images import image_problem
from guide.errors import InputError, Problem, input_error
from guide.i18n import gettext
from guide.markdown.parse import render_markdown
from guide.options import BuildOptions
from guide.org.content import merge_chapters
from guide.org.organisation import Organisation, load_organisation
from guide.plan.staleness import Staleness, find_stale
from guide.plan.tailor import Plan, make_plan
from guide.plan.wording import format_date


@dataclass(frozen=True)
class SharedContent:
    """The inputs shared by every organisation in a run, loaded once."""

    catalogue: Catalogue
    chapters: tuple[Chapter, ...]
    glossary: dict[str, str]


def load_shared_content(options: BuildOptions) -> SharedContent:
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
    return SharedContent(catalogue, chapters, load_glossary(options.content_dir))


def render_chapters(
    org: Organisation,
    plan: Plan,
    shared: SharedContent,
    options: BuildOptions,
    *,
    edition: str = "learner",
    learner_pages: Mapping[str, int] | None = None,
    asset_url: Callable[[Path], str] = Path.as_uri,
) -> tuple[LaidOutChapter, ...]:
    """The chapters the team needs, with their Jinja expanded and Markdown rendered."""
    spec = org.spec
    palette = Palette(spec.organisation.colours.primary, spec.organisation.colours.accent)
    as_of = format_date(plan.as_of, org.locale)
    figures = {
        "plan-at-a-glance": plan_at_a_glance(
            plan,
            palette,
            as_of,
            lambda day: format_date(day, org.locale, "medium"),
            lambda message: gettext(org.locale, message),
        )
    }
    context = chapter_context(org, plan, shared.catalogue, org.locale)
    laid_out = []
    language = org.spec.organisation.locale
    for original in select_chapters(shared.chapters, plan.team_roles, plan.planned_exams):
        chapter, fallback = original.in_language(language)
        text = expand_chapter(chapter, context, org.locale)
        rendered = render_markdown(
            text,
            chapter.meta.id,
            figures,
            edition=edition,
            learner_pages=learner_pages,
            source_file=chapter.file,
            roots=image_roots(org, options),
            missing_images=org.spec.missing_images,
            say=lambda message: gettext(org.locale, message),
            asset_url=asset_url,
        )
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
        laid_out.append(
            LaidOutChapter(chapter.meta, rendered.html, rendered.headings, fallback=fallback)
        )
    return tuple(laid_out)


def image_roots(org: Organisation, options: BuildOptions) -> tuple[Path, ...]:
    """The folders the guide's images, and the images they draw, may come from."""
    return (options.content_dir, *org.roots)


def check_logo(org: Organisation, options: BuildOptions) -> None:
    """The logo gets the image checks here, so every edition and ``guide check`` make them."""
    logo = org.logo_path
    problem = image_problem(logo.as_uri(), image_roots(org, options)) if logo else None
    if problem:
        name = org.spec.organisation.logo
        raise InputError([org.document.problem(("organisation", "logo"), f"{name}: {problem}")])


@dataclass(frozen=True)
class PreparedGuide:
    """Everything gathered for one organisation before the PDF engine runs."""

    org: Organisation
    plan: Plan
    chapters: tuple[LaidOutChapter, ...]
    html: str
    warnings: tuple[str, ...]
    shared: SharedContent
    currency: tuple[Staleness, ...] = ()


def prepare_guide(org_file: Path, options: BuildOptions, shared: SharedContent) -> PreparedGuide:
    """Validate, tailor, render the Markdown and lay out the HTML; nothing is written.

    This is also what ``guide check`` runs: every problem it raises is one a build would hit.
    """
    org = load_organisation(org_file, shared.catalogue)
    check_logo(org, options)
    catalogue = org.catalogue(shared.catalogue)
    own = SharedContent(catalogue, merge_chapters(org, shared.chapters, catalogue), shared.glossary)
    plan = make_plan(org, catalogue, org.spec.training.date or options.today)
    chapters = render_chapters(org, plan, own, options)
    in_guide = [c for c in own.chapters if c.meta.id in {ch.id for ch in chapters}]
    stale = find_stale(in_guide, catalogue, plan, options.today, options.max_age_days)
    html = lay_out(
        org,
        plan,
        catalogue,
        chapters,
        templates_dir=options.templates_dir,
        stylesheets=[options.styles_dir / "guide.css"],
        locale=org.locale,
        built_on=options.today,
        glossary=own.glossary,
        currency=stale,
    )
    warnings = [*_glyph_warnings(org), *(f"{s.where}: {s.message}" for s in stale)]
    return PreparedGuide(org, plan, chapters, html, tuple(warnings), own, tuple(stale))


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
