"""The chapters of one guide rendered for an edition: ``render_chapters``.

Each chapter the team needs has its Jinja expanded in the sandbox (``expand``) and its
Markdown parsed (``guide.markdown``); once every chapter is parsed, the ids links may land
on are known and the chapters are rendered, images checked and links landed. A chapter an
earlier build rendered for the same text and values is taken from ``kept_chapters``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from guide.compose.chapter_context import chapter_context
from guide.compose.charts import plan_at_a_glance
from guide.compose.colours import Palette
from guide.compose.expand import expand_chapter
from guide.compose.gather import Gathered, image_roots
from guide.compose.kept_chapters import KeptChapter, KeptChapters, figures_digest, targets_digest
from guide.compose.layout import AssetUrl, LaidOutChapter
from guide.compose.qr import qr_data_uri
from guide.content.chapters import Chapter
from guide.content.folders import pivot_names
from guide.errors import InputError, Problem
from guide.i18n import french_spaces, gettext
from guide.markdown.links import LinkTargets
from guide.markdown.parse import ParsedMarkdown, parse_markdown, render_parsed
from guide.options import BuildOptions
from guide.plan.wording import format_date


@dataclass(frozen=True)
class _Found:
    """A chapter with its Jinja expanded, before its links can be rendered: parsed, or as
    an earlier build rendered it (``earlier``)."""

    chapter: Chapter
    fallback: bool  # the English text, for want of a translation
    text: str
    pivot_names: Mapping[str, str]
    language: str
    key: str = ""  # for ``KeptChapters``
    parsed: ParsedMarkdown | None = None
    earlier: KeptChapter | None = None

    @property
    def anchors(self) -> frozenset[str]:
        if self.parsed is not None:
            return self.parsed.anchors
        assert self.earlier is not None
        return self.earlier.anchors


def render_chapters(
    guide: Gathered,
    options: BuildOptions,
    *,
    edition: str = "learner",
    learner_pages: Mapping[str, int] | None = None,
    asset_url: AssetUrl = Path.as_uri,
    kept: KeptChapters | None = None,
) -> tuple[tuple[LaidOutChapter, ...], tuple[Problem, ...]]:
    """The chapters the team needs, with their Jinja expanded and Markdown rendered, and the
    warnings they raised. Every chapter is parsed before any is rendered, so that a link to
    another chapter, or to a heading in it, lands. With ``kept``, a chapter rendered by an
    earlier build for the same text and values is taken from it (files' addresses for
    print only: a screen's are relative to its page)."""
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
    if asset_url is not Path.as_uri:
        kept = None
    roots = image_roots(org, options.folders)
    values = {  # what every chapter's render reads, as plain data
        "edition": edition,
        "learner_pages": dict(learner_pages or {}),
        "roots": [str(root) for root in roots],
        "missing_images": org.spec.missing_images,
        "pivots": list(spec.content.pivots),
        "figures": figures_digest(figures) if kept else {},
        "locale": org.locale,
    }

    def parse(one: _Found) -> ParsedMarkdown:
        return parse_markdown(
            one.text,
            one.chapter.meta.id,
            figures,
            edition=edition,
            learner_pages=learner_pages,
            source_file=one.chapter.file,
            file_at=one.chapter.file_at,
            roots=roots,
            missing_images=org.spec.missing_images,
            say=lambda message: gettext(org.locale, message),
            asset_url=asset_url,
            qr=qr_data_uri,
            pivots=spec.content.pivots,
            pivot_names=one.pivot_names,
            language=one.language,
        )

    found: list[_Found] = []
    problems: list[Problem] = []  # every chapter's, raised together
    language = org.spec.organisation.locale
    for original in guide.selected:
        chapter, fallback = original.in_language(language)
        try:
            text = expand_chapter(chapter, context, org.locale)
        except InputError as error:
            problems.extend(error.problems)
            continue
        one = _Found(
            chapter,
            fallback,
            text,
            pivot_names(chapter.file, org.roots),
            "en" if fallback else language,
        )
        if kept is not None:
            reads = {"id": chapter.meta.id, "file": str(chapter.file), **values}
            reads |= {"pivot_names": dict(one.pivot_names), "language": one.language}
            key = kept.key(text, reads)
            one = replace(one, key=key, earlier=kept.get(key))
        found.append(one if one.earlier else replace(one, parsed=parse(one)))
    targets = LinkTargets(
        anchors=frozenset().union(*(one.anchors for one in found)),
        chapters={
            file.resolve(): original.meta.id
            for original in guide.selected
            for file in (original.file, *(t.file for t in original.translations.values()))
        },
        docsets=tuple(
            (org.path_of(folder), address) for folder, address in spec.content.docsets.items()
        ),
    )
    landing = targets_digest(targets) if kept is not None else ""
    rendered_chapters = []
    for one in found:
        if one.earlier is not None and one.earlier.targets == landing:
            rendered = one.earlier.rendered
        else:
            parsed = one.parsed or parse(one)
            rendered = render_parsed(parsed, targets)
            if kept is not None:
                kept.keep(one.key, KeptChapter(parsed.anchors, landing, rendered))
        rendered_chapters.append((one.chapter, rendered, one.fallback))
    laid_out = []
    warnings = [warning for original in guide.selected for warning in original.warnings]
    placeholders = 0
    for chapter, rendered, fallback in rendered_chapters:
        problems += [chapter.body_problem(line, message) for line, message in rendered.problems]
        warnings += [
            replace(chapter.body_problem(line, message), severity="warning")
            for line, message in rendered.warnings
        ]
        placeholders += rendered.placeholders
        if rendered.unknown_directives:
            problems.append(
                Problem(
                    chapter.file,
                    f"unknown directive ':::{rendered.unknown_directives[0]}"
                    ':::\'; available: :::chart name="plan-at-a-glance":::',
                )
            )
        meta = chapter.meta
        if not fallback and language == "fr":  # its title, in the contents and running heads too
            meta = meta.model_copy(update={"title": french_spaces(meta.title)})
        laid_out.append(LaidOutChapter(meta, rendered.html, rendered.headings, fallback=fallback))
    if problems:
        raise InputError(problems)
    if placeholders:
        several = placeholders > 1
        warnings.append(
            Problem(
                org.file,
                f"{placeholders} missing image{'s' if several else ''} printed as "
                f"{'placeholders' if several else 'a placeholder'}; add the files to print "
                "the pictures",
                key="missing_images",
                severity="warning",
            )
        )
    return tuple(laid_out), tuple(warnings)
