"""Lay out the guide: chapters, plan and catalogue poured into the HTML templates.

Templates are data a trainer can edit (``templates/``); this module only gathers what they
show into one context. Autoescape is on and undefined variables are errors.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from markupsafe import Markup

from guide import __version__
from guide.compose.colours import Palette
from guide.compose.qr import qr_data_uri
from guide.content.catalogue import Catalogue, Source
from guide.content.chapters import ChapterMeta
from guide.defaults import LOCALE
from guide.errors import GuideError, Problem
from guide.i18n import translations
from guide.markdown.parse import Heading
from guide.org.organisation import Organisation
from guide.plan.handouts import Handout
from guide.plan.staleness import Staleness
from guide.plan.tailor import Plan
from guide.plan.wording import CALLOUTS, describe, format_date, printed


@dataclass(frozen=True)
class LaidOutChapter:
    """A chapter ready for the page: its metadata, HTML and section headings."""

    meta: ChapterMeta
    html: Markup
    headings: tuple[Heading, ...]
    fallback: bool = False

    @property
    def id(self) -> str:
        return self.meta.id

    @property
    def title(self) -> str:
        return self.meta.title

    @property
    def sections(self) -> tuple[Heading, ...]:
        return tuple(heading for heading in self.headings if heading.level == 2)


@dataclass(frozen=True)
class SourceEntry:
    """A source as listed in the 'Sources and currency' appendix, with what it supports."""

    source: Source
    used_for: tuple[str, ...]


@functools.cache
def _environment(templates_dir: Path, locale: str) -> jinja2.Environment:
    """One environment per folder and language: compiled templates are kept between guides
    (Jinja still reloads a template whose file changed)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
        # compiled templates kept on disk between runs (per user, private): saves ~0.1 s a run
        bytecode_cache=jinja2.FileSystemBytecodeCache(),
    )
    env.install_gettext_translations(translations(locale), newstyle=True)  # type: ignore[attr-defined]
    env.filters["date"] = lambda value: format_date(value, locale)
    env.filters["describe"] = lambda notice: describe(notice, locale)
    env.filters["callout"] = lambda notice: CALLOUTS[notice.kind]
    env.filters["qr"] = lambda address: qr_data_uri(str(address))
    return env


def check_templates(templates_dir: Path) -> list[Problem]:
    """Syntax errors in the layout templates, found without rendering them."""
    env = _environment(templates_dir, LOCALE)
    problems = []
    if not (templates_dir / "guide.html.j2").is_file():
        return [Problem(templates_dir / "guide.html.j2", "template not found")]
    for template in sorted(templates_dir.glob("*.j2")):
        try:
            env.get_template(template.name)  # compiled once, for the check and the render
        except jinja2.TemplateSyntaxError as error:
            problems.append(Problem(template, f"template error: {error.message}", error.lineno))
        except (OSError, UnicodeDecodeError) as error:
            problems.append(Problem(template, f"cannot read template: {error}"))
    return problems


def collect_sources(
    chapters: Sequence[LaidOutChapter], catalogue: Catalogue, plan: Plan
) -> tuple[SourceEntry, ...]:
    """Every source behind the guide, once each, with the exams and chapters it supports."""
    shown_exams = {c.meta.exam for c in chapters if c.meta.exam}
    shown_exams |= {code for person in plan.people for code in person.path}
    uses: dict[str, tuple[Source, list[str]]] = {}

    def add(source: Source, use: str) -> None:
        key = str(source.url) if source.url else source.title
        entry = uses.setdefault(key, (source, []))
        if use not in entry[1]:
            entry[1].append(use)

    for code, cert in catalogue.certifications.items():
        if code in shown_exams:
            for source in cert.sources.values():
                add(source, f"{code} facts")
    for chapter in chapters:
        for source in chapter.meta.sources:
            add(source, chapter.title)
    return tuple(SourceEntry(source, tuple(used)) for source, used in uses.values())


@dataclass(frozen=True)
class Edition:
    """Which version of the guide to lay out.

    ``learner`` is the guide itself; ``trainer`` adds the roster and facilitator notes and
    refers to ``learner_pages``; ``booklet`` is the learner guide on ``paper`` for folding;
    ``screen`` is the learner guide for browsers, with a navigation sidebar.
    """

    name: str = "learner"
    paper: str | None = None
    learner_pages: Mapping[str, int] = field(default_factory=dict)


#: Gives a file its address in the output: a ``file:`` URL for print, relative for screens.
AssetUrl = Callable[[Path], str]

#: Where a screen page lets ``guide serve`` put its live-reload script and error overlay.
PREVIEW_SLOT = "<!-- guide:preview -->"

#: Booklet page sizes: half of the sheet the organisation prints on.
BOOKLET_PAPER = {"A4": "A5", "Letter": "5.5in 8.5in"}


def _render(templates_dir: Path, locale: str, name: str, context: dict[str, object]) -> str:
    try:
        return _environment(templates_dir, locale).get_template(name).render(context)
    except jinja2.TemplateSyntaxError as error:
        raise GuideError(
            f"{error.filename or error.name}:{error.lineno}: template error: {error.message}"
        ) from None
    except jinja2.TemplateError as error:
        raise GuideError(f"{templates_dir / name}: template error: {error}") from None


@dataclass(frozen=True)
class FontFace:
    url: str
    weight: int
    style: str


def font_faces(org: Organisation, asset_url: AssetUrl = Path.as_uri) -> list[FontFace]:
    """The organisation's own font files as @font-face entries (checked when it was loaded)."""
    fonts = org.spec.organisation.fonts
    if fonts is None:
        return []
    styles = (
        ("regular", 400, "normal"),
        ("bold", 700, "normal"),
        ("italic", 400, "italic"),
        ("bold_italic", 700, "italic"),
    )
    return [
        FontFace(asset_url(org.path_of(name)), weight, style)
        for key, weight, style in styles
        if (name := getattr(fonts, key))
    ]


def _source_date() -> str | None:
    """A reproducible build timestamp, only when SOURCE_DATE_EPOCH asks for one."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch.isdigit():
        return None
    return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _common(
    org: Organisation, plan: Plan, stylesheets: Sequence[Path], locale: str, asset_url: AssetUrl
) -> dict[str, object]:
    spec = org.spec
    return {
        "fonts": font_faces(org, asset_url),
        "draft": spec.draft,
        "org": spec.organisation,
        "training": spec.training,
        "paper": spec.paper,
        "lang": locale.replace("_", "-"),
        "plan": plan,
        "palette": Palette(spec.organisation.colours.primary, spec.organisation.colours.accent),
        "created": _source_date(),
        "stylesheet_urls": [asset_url(sheet) for sheet in stylesheets],
        "version": __version__,
    }


def lay_out(
    org: Organisation,
    plan: Plan,
    catalogue: Catalogue,
    chapters: Sequence[LaidOutChapter],
    *,
    templates_dir: Path,
    stylesheets: Sequence[Path],
    locale: str,
    built_on: dt.date,
    edition: Edition | None = None,
    glossary: Mapping[str, str] | None = None,
    currency: Sequence[Staleness] = (),
    asset_url: AssetUrl = Path.as_uri,
    preview: bool = False,
    scripts: Sequence[Path] = (),
) -> str:
    """The whole guide, in the given edition, as one HTML document. ``asset_url`` gives each
    file its address; ``preview`` leaves the slot ``guide serve`` fills (``PREVIEW_SLOT``)."""
    edition = edition or Edition()
    exam_chapters = {c.meta.exam for c in chapters if c.meta.exam}
    context = _common(org, plan, stylesheets, locale, asset_url) | {
        "paper": edition.paper or org.spec.paper,
        "edition": edition.name,
        "learner_pages": edition.learner_pages,
        "notices": printed(plan.notices, locale),
        "certs": catalogue.certifications,
        "exams_in_guide": [
            code for code in catalogue.certifications if code in exam_chapters or plan.uses(code)
        ],
        "chapters": chapters,
        "sources": collect_sources(chapters, catalogue, plan),
        "logo_url": asset_url(org.logo_path) if org.logo_path else None,
        "preview_slot": Markup(PREVIEW_SLOT) if preview else "",
        "script_urls": [asset_url(script) for script in scripts],
        "built_on": built_on,
        "currency": currency,
        "glossary": sorted(
            {**(glossary or {}), **org.spec.content.glossary}.items(),
            key=lambda item: item[0].casefold(),
        ),
    }
    return _render(templates_dir, locale, "guide.html.j2", context)


def lay_out_handouts(
    org: Organisation,
    plan: Plan,
    handouts: Sequence[Handout],
    *,
    templates_dir: Path,
    stylesheets: Sequence[Path],
    locale: str,
) -> str:
    """Every handout of the session in one HTML document, each on a right-hand page."""
    context = _common(org, plan, stylesheets, locale, Path.as_uri) | {"handouts": handouts}
    return _render(templates_dir, locale, "handouts.html.j2", context)
