"""One gathered guide as one HTML document in one edition: ``compose``.

The chapters the team needs are rendered for the edition (Jinja expanded in the sandbox,
Markdown rendered, images checked), then laid out with the templates. Every edition comes
through here: the learner guide (``prepare``), the trainer edition and the booklet
(``guide.editions.documents``) and the screen page (``guide.editions.screen``, the preview).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from guide.compose.chapter_context import chapter_context
from guide.compose.charts import plan_at_a_glance
from guide.compose.colours import Palette
from guide.compose.expand import expand_chapter
from guide.compose.gather import Gathered, image_roots
from guide.compose.layout import AssetUrl, Edition, LaidOutChapter, lay_out
from guide.errors import InputError, Problem
from guide.i18n import french_spaces, gettext
from guide.markdown.parse import render_markdown
from guide.options import BuildOptions
from guide.plan.wording import format_date


@dataclass(frozen=True)
class Composed:
    """A guide in one edition: its chapters as rendered for it, and the whole HTML document."""

    chapters: tuple[LaidOutChapter, ...]
    html: str


def compose(
    guide: Gathered,
    edition: Edition,
    options: BuildOptions,
    *,
    stylesheets: Sequence[Path] = (),
    scripts: Sequence[Path] = (),
    asset_url: AssetUrl = Path.as_uri,
    preview: bool = False,
) -> Composed:
    """``guide`` in ``edition``, with ``guide.css`` unless other ``stylesheets`` are given;
    ``asset_url`` gives each file its address, ``preview`` leaves the preview's slot."""
    chapters = render_chapters(
        guide,
        options,
        edition=edition.name,
        learner_pages=edition.learner_pages,
        asset_url=asset_url,
    )
    html = lay_out(
        guide.org,
        guide.plan,
        guide.catalogue,
        chapters,
        templates_dir=options.folders.templates_dir,
        stylesheets=stylesheets or [options.folders.styles_dir / "guide.css"],
        locale=guide.org.locale,
        built_on=options.today,
        edition=edition,
        glossary=guide.glossary,
        currency=guide.currency if edition.name == "trainer" else (),  # for trainers only
        asset_url=asset_url,
        preview=preview,
        scripts=scripts,
    )
    return Composed(chapters, html)


def render_chapters(
    guide: Gathered,
    options: BuildOptions,
    *,
    edition: str = "learner",
    learner_pages: Mapping[str, int] | None = None,
    asset_url: AssetUrl = Path.as_uri,
) -> tuple[LaidOutChapter, ...]:
    """The chapters the team needs, with their Jinja expanded and Markdown rendered."""
    org, plan = guide.org, guide.plan
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
    context = chapter_context(org, plan, guide.catalogue, org.locale)
    laid_out = []
    problems: list[Problem] = []  # every chapter's, raised together
    language = org.spec.organisation.locale
    for original in guide.selected:
        chapter, fallback = original.in_language(language)
        written_in = "en" if fallback else language
        try:
            text = expand_chapter(chapter, context, org.locale)
        except InputError as error:
            problems.extend(error.problems)
            continue
        rendered = render_markdown(
            text,
            chapter.meta.id,
            figures,
            edition=edition,
            learner_pages=learner_pages,
            source_file=chapter.file,
            roots=image_roots(org, options.folders),
            missing_images=org.spec.missing_images,
            say=lambda message: gettext(org.locale, message),
            asset_url=asset_url,
            language=written_in,
        )
        problems += [chapter.body_problem(line, message) for line, message in rendered.problems]
        if rendered.unknown_directives:
            problems.append(
                Problem(
                    chapter.file,
                    f"unknown directive ':::{rendered.unknown_directives[0]}"
                    ':::\'; available: :::chart name="plan-at-a-glance":::',
                )
            )
        meta = chapter.meta
        if written_in == "fr":  # its title, in the contents and running heads too
            meta = meta.model_copy(update={"title": french_spaces(meta.title)})
        laid_out.append(LaidOutChapter(meta, rendered.html, rendered.headings, fallback=fallback))
    if problems:
        raise InputError(problems)
    return tuple(laid_out)
