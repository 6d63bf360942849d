"""Lay out the guide: chapters, plan and catalogue poured into the HTML templates.

Templates are data a trainer can edit (``templates/``), so they run in the chapters'
allow-list sandbox (``sandbox.LayoutSandbox``) over plain records (``layout_context``); this
module only gathers those into one context. Autoescape is on and undefined variables are
errors.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from markupsafe import Markup

from guide import __version__
from guide.compose.chapter_context import (
    cert_records,
    frozen,
    org_info,
    plan_info,
    training_info,
)
from guide.compose.colours import Palette
from guide.compose.growth import gathering_budget
from guide.compose.kept_code import kept_code
from guide.compose.layout_context import (
    LAYOUT_RECORD_TYPES,
    AssetUrl,
    LaidOutChapter,
    collect_sources,
    colours,
    font_faces,
    handout_info,
    page_chapter,
    stale_notes,
)
from guide.compose.qr import qr_data_uri
from guide.compose.sandbox import LayoutSandbox
from guide.compose.titles import keep_hyphenated_whole
from guide.content.catalogue import Catalogue
from guide.defaults import LOCALE
from guide.errors import GuideError, Problem
from guide.i18n import translations
from guide.org.organisation import Organisation
from guide.plan.handouts import Handout
from guide.plan.staleness import Staleness
from guide.plan.tailor import Plan
from guide.plan.wording import format_date, printed

#: ``LaidOutChapter`` and ``AssetUrl`` are this module's inputs; they live with the records.
__all__ = [
    "BOOKLET_PAPER",
    "PREVIEW_SLOT",
    "AssetUrl",
    "Edition",
    "LaidOutChapter",
    "check_templates",
    "lay_out",
    "lay_out_back_cover",
    "lay_out_handouts",
]


@functools.cache
def _environment(templates_dir: Path, locale: str) -> LayoutSandbox:
    """One sandbox per folder and language: compiled templates are kept between guides
    (Jinja still reloads a template whose file changed)."""
    env = LayoutSandbox(
        LAYOUT_RECORD_TYPES,
        loader=jinja2.FileSystemLoader(str(templates_dir)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
        bytecode_cache=kept_code("layout"),  # compiled code kept between runs: ~0.1 s a run
    )
    env.install_translations(translations(locale))
    env.filters["date"] = lambda value: format_date(value, locale)
    env.filters["qr"] = lambda address: qr_data_uri(str(address))
    env.filters["keep_hyphenated"] = keep_hyphenated_whole
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


#: Where a screen page lets ``guide serve`` put its live-reload script and error overlay.
PREVIEW_SLOT = "<!-- guide:preview -->"

#: Booklet page sizes: half of the sheet the organisation prints on.
BOOKLET_PAPER = {"A4": "A5", "Letter": "5.5in 8.5in"}


def _render(templates_dir: Path, locale: str, name: str, context: dict[str, object]) -> str:
    try:
        with gathering_budget():
            return _environment(templates_dir, locale).get_template(name).render(context)
    except jinja2.TemplateSyntaxError as error:
        raise GuideError(
            f"{error.filename or error.name}:{error.lineno}: template error: {error.message}"
        ) from None
    except jinja2.TemplateError as error:
        raise GuideError(f"{templates_dir / name}: template error: {error}") from None


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
    palette = Palette(spec.organisation.colours.primary, spec.organisation.colours.accent)
    return {
        "fonts": font_faces(org, asset_url),
        "draft": spec.draft,
        "org": org_info(org),
        "training": training_info(org),
        "paper": spec.paper,
        "lang": locale.replace("_", "-"),
        "plan": plan_info(plan),
        "lifecycle": frozen(plan.lifecycle),
        "palette": colours(palette),
        "created": _source_date(),
        "stylesheet_urls": tuple(asset_url(sheet) for sheet in stylesheets),
        "version": __version__,
    }


EMPTY_SHEETS: Mapping[str, Sequence[Path]] = {}


@dataclass(frozen=True)
class LaidOut:
    """The guide as one HTML document, and as its parts (names, document, the cost of its
    layout as estimated) when asked; the last, with no names, the page margins."""

    html: str
    parts: tuple[tuple[tuple[str, ...], str, float], ...] = ()


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
    in_parts: Sequence[tuple[tuple[str, ...], float]] = (),
    part_stylesheets: Mapping[str, Sequence[Path]] = EMPTY_SHEETS,
) -> LaidOut:
    """The whole guide, in the given edition, as one HTML document; with ``in_parts`` (each
    a run of ``part_names``), also each run as a document of its own, for the renderer to lay
    out side by side (``guide.render.parts``), and the page margins alone (the last, with no
    names); ``part_stylesheets`` adds stylesheets to the parts ("part") and "furniture".
    ``asset_url`` gives each file its address; ``preview`` leaves the slot ``guide serve``
    fills (``PREVIEW_SLOT``)."""
    edition = edition or Edition()
    exam_chapters = {c.meta.exam for c in chapters if c.meta.exam}
    context = _common(org, plan, stylesheets, locale, asset_url) | {
        "paper": edition.paper or org.spec.paper,
        "edition": edition.name,
        "learner_pages": frozen(edition.learner_pages),
        "notices": tuple(printed(plan.notices, locale)),
        "certs": cert_records(catalogue, locale),
        "exams_in_guide": tuple(
            code for code in catalogue.certifications if code in exam_chapters or plan.uses(code)
        ),
        "chapters": tuple(map(page_chapter, chapters)),
        "sources": collect_sources(chapters, catalogue, plan, locale),
        "logo_url": asset_url(org.logo_path) if org.logo_path else None,
        "preview_slot": Markup(PREVIEW_SLOT) if preview else "",
        "script_urls": tuple(asset_url(script) for script in scripts),
        "built_on": built_on,
        "currency": stale_notes(currency),
        "glossary": tuple(
            sorted(
                {**(glossary or {}), **org.spec.content.glossary}.items(),
                key=lambda item: _collation_key(item[0]),
            )
        ),
        "shown": None,
        "furniture": False,
    }
    html = _render(templates_dir, locale, "guide.html.j2", context)
    urls = context["stylesheet_urls"]
    assert isinstance(urls, tuple)
    if not in_parts:
        return LaidOut(html)
    part_sheets = part_stylesheets.get("part", ())
    furniture_sheets = part_stylesheets.get("furniture", ())
    parts = []
    for shown, cost in in_parts:
        own = context | {"shown": shown, "stylesheet_urls": (*urls, *map(asset_url, part_sheets))}
        parts.append((shown, _render(templates_dir, locale, "guide.html.j2", own), cost))
    furniture = context | {
        "shown": (),
        "furniture": True,
        "stylesheet_urls": (*urls, *map(asset_url, furniture_sheets)),
    }
    parts.append(((), _render(templates_dir, locale, "guide.html.j2", furniture), 0.0))
    if sum(len(document) for _, document, _ in parts) > 2 * len(html):
        return LaidOut(html)  # a template of the trainer's own that prints all of it anyway
    return LaidOut(html, tuple(parts))


def group_parts(
    names: Sequence[str], costs: Sequence[float], groups: int
) -> list[tuple[tuple[str, ...], float]]:
    """``names`` in runs of consecutive parts, about ``groups`` of them, of about equal
    ``costs``: each run is one document for the renderer, so fewer, larger runs cost it
    less (each document loads its fonts and writes a PDF of its own); each run with its
    cost, for the renderer to start the costliest first. The front matter stays alone: its
    contents is laid out again once the pages are known.

    A part joins the run its middle falls in, the runs cut at whole multiples of the
    target cost along the guide: an edit that makes one chapter longer moves no cut but
    the one it may cross, so the other runs' documents, kept from the last build, still
    serve (cutting where each run's sum reached the target moved every later cut)."""
    runs: list[tuple[tuple[str, ...], float]] = [((names[0],), costs[0])]
    rest = list(zip(names[1:], costs[1:], strict=True))
    total = sum(cost for _, cost in rest)
    # the target in whole thousands, so that a small edit does not move every cut
    target = max(round(total / max(groups - 1, 1), -3), 1000.0)
    run: list[str] = []
    held = along = 0.0
    bucket = -1
    for name, cost in rest:
        middle = int((along + cost / 2) // target)
        if run and middle != bucket:
            runs.append((tuple(run), held))
            run, held = [], 0.0
        run.append(name)
        held += cost
        along += cost
        bucket = middle
    if run:
        runs.append((tuple(run), held))
    return runs


def part_names(chapters: Sequence[LaidOutChapter], edition: str, glossary: bool) -> list[str]:
    """The parts of a guide, in order: each opens on a page of its own, so each can be laid
    out on its own (templates/guide.html.j2 prints one when its ``part`` is set)."""
    names = ["front", *(["roster"] if edition == "trainer" else [])]
    names += [f"chapter:{chapter.meta.id}" for chapter in chapters]
    return names + (["glossary"] if glossary else []) + ["sources"]


def lay_out_handouts(
    org: Organisation,
    plan: Plan,
    handouts: Sequence[Handout],
    *,
    templates_dir: Path,
    stylesheets: Sequence[Path],
    locale: str,
) -> str:
    """Every handout of the session in one HTML document, each print on a right-hand page:
    an unnamed role's once per person."""
    records = tuple(record for handout in handouts for record in handout_info(handout, locale))
    context = _common(org, plan, stylesheets, locale, Path.as_uri) | {
        "handouts": records,
        "logo_url": org.logo_path.as_uri() if org.logo_path else None,
    }
    return _render(templates_dir, locale, "handouts.html.j2", context)


def lay_out_back_cover(
    org: Organisation,
    plan: Plan,
    catalogue: Catalogue,
    *,
    templates_dir: Path,
    stylesheets: Sequence[Path],
    locale: str,
    notes_pages: int = 0,
) -> str:
    """The booklet's outside back cover as an HTML document on the booklet's paper: the
    session, and a QR code to each exam the plan uses; ``notes_pages`` ruled pages before it."""
    certs = cert_records(catalogue, locale)
    context = _common(org, plan, stylesheets, locale, Path.as_uri) | {
        "paper": BOOKLET_PAPER[org.spec.paper],
        "sheet": org.spec.paper,
        "exams": tuple(certs[exam.code] for exam in plan.exams if exam.code in certs),
        "logo_url": org.logo_path.as_uri() if org.logo_path else None,
        "notes_pages": tuple(range(1, notes_pages + 1)),
    }
    return _render(templates_dir, locale, "back-cover.html.j2", context)


def _collation_key(term: str) -> str:
    """Dictionary order: case and accents aside ('Étiquette' files under E)."""
    decomposed = unicodedata.normalize("NFKD", term.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))
