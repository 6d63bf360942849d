"""One gathered guide as one HTML document in one edition: ``compose``.

The chapters the team needs are rendered for the edition (Jinja expanded in the sandbox,
Markdown rendered, images checked), then laid out with the templates. Every edition comes
through here: the learner guide (``prepare``), the trainer edition and the booklet
(``guide.editions.documents``) and the screen page (``guide.editions.screen``, the preview).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from guide.compose.chapter_context import chapter_context
from guide.compose.charts import plan_at_a_glance
from guide.compose.colours import Palette
from guide.compose.expand import expand_chapter
from guide.compose.gather import Gathered, image_roots
from guide.compose.kept_chapters import KeptChapter, KeptChapters, figures_digest, targets_digest
from guide.compose.layout import (
    AssetUrl,
    Edition,
    LaidOutChapter,
    group_parts,
    lay_out,
    part_names,
)
from guide.compose.layout_context import contents_sections
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
class Composed:
    """A guide in one edition: its chapters as rendered for it, and the whole HTML document."""

    chapters: tuple[LaidOutChapter, ...]
    html: str
    warnings: tuple[Problem, ...] = ()  # links that cannot land, images left as placeholders
    parts: tuple[tuple[tuple[str, ...], str, float], ...] = ()  # (names, HTML, cost), asked


def compose(
    guide: Gathered,
    edition: Edition,
    options: BuildOptions,
    *,
    stylesheets: Sequence[Path] = (),
    scripts: Sequence[Path] = (),
    asset_url: AssetUrl = Path.as_uri,
    preview: bool = False,
    in_parts: int = 0,
    kept: KeptChapters | None = None,
) -> Composed:
    """``guide`` in ``edition``, with ``guide.css`` unless other ``stylesheets`` are given;
    ``asset_url`` gives each file its address, ``preview`` leaves the preview's slot;
    ``in_parts`` lays out the guide's parts in about that many documents of their own too;
    ``kept`` holds chapters rendered by earlier builds."""
    chapters, warnings = render_chapters(
        guide,
        options,
        edition=edition.name,
        learner_pages=edition.learner_pages,
        asset_url=asset_url,
        kept=kept,
    )
    laid_out = lay_out(
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
        in_parts=_runs(
            chapters,
            edition.name,
            bool(guide.glossary or guide.org.spec.content.glossary),
            in_parts,
        ),
        part_stylesheets={
            "part": [options.folders.styles_dir / "parts.css"],
            "furniture": [options.folders.styles_dir / "furniture.css"],
        },
    )
    return Composed(chapters, laid_out.html, warnings, laid_out.parts)


#: A long guide is laid out in documents of about this many characters of chapters' HTML
#: (about ten pages) however few the workers: a document costs some 0.07 s more to render
#: than its pages, and a rebuild after an edit lays out again the documents that hold it.
#: Measured on the 200-page guide (bench/parts.py, 2 cores): 6 documents, a full build
#: 7.9 s and a rebuild after one chapter's edit 3.4 s; 19 documents, 8.2 s and 2.2 s.
PART_CHARS = 30_000

#: What the front matter costs to lay out, in characters of a chapter's HTML that cost as
#: much: the cover, and each entry of the contents (a chapter or a section, a link with its
#: page number). It only orders the layouts (the costliest start first, so that the last
#: to finish is short); measured on Contoso (61 entries, 0.3 s) and the 200-page guide
#: (429 entries, 1.2 s: as long as its longest document, once laid out last of all).
FRONT_CHARS = 5_000
CONTENTS_ENTRY_CHARS = 80


def _runs(
    chapters: Sequence[LaidOutChapter], edition: str, glossary: bool, groups: int
) -> list[tuple[tuple[str, ...], float]]:
    if not groups:
        return []
    names = part_names(chapters, edition, glossary)
    sizes = {f"chapter:{chapter.meta.id}": len(chapter.html) for chapter in chapters}
    average = sum(sizes.values()) / max(len(sizes), 1)
    entries = sum(1 + len(contents_sections(chapter)) for chapter in chapters)
    sizes["front"] = FRONT_CHARS + CONTENTS_ENTRY_CHARS * entries
    # the glossary (its columns measured once, guide.render.columns) and the sources cost
    # about what an average chapter does
    costs = [sizes.get(name, average) for name in names]
    # the front matter is a document of its own whatever it costs (group_parts)
    return group_parts(names, costs, max(groups, round(sum(costs[1:]) / PART_CHARS)))


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
