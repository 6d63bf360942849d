"""The values the layout templates may read: plain frozen records built for them, nothing else.

The templates in ``templates/`` are trainer-editable data, filled in the same allow-list
sandbox as chapters (``guide.compose.sandbox``). Like chapters, they never see the pydantic
models, the plan or the catalogue: they get the chapters' records (``chapter_context``) and
the records below, of text, numbers, dates, tuples, read-only mappings and each other.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from guide.compose.chapter_context import (
    RECORD_TYPES,
    CertInfo,
    PersonInfo,
    cert_info,
    person_info,
)
from guide.compose.colours import Palette
from guide.content.catalogue import Catalogue, Source
from guide.content.chapters import ChapterMeta
from guide.i18n import gettext
from guide.markdown.parse import Heading
from guide.org.organisation import Organisation
from guide.plan.handouts import Handout
from guide.plan.lifecycle import ExamStatus
from guide.plan.staleness import Staleness
from guide.plan.tailor import Person, Plan
from guide.plan.wording import CALLOUTS, PrintedNotice, describe

#: Gives a file its address in the output: a ``file:`` URL for print, relative for screens.
AssetUrl = Callable[[Path], str]


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


@dataclass(frozen=True)
class SourceInfo:
    title: str
    publisher: str
    kind: str
    url: str | None
    checked: dt.date


@dataclass(frozen=True)
class SourceEntry:
    """A source as listed in the 'Sources and currency' appendix, with what it supports."""

    source: SourceInfo
    used_for: tuple[str, ...]


@dataclass(frozen=True)
class ChapterFacts:
    reviewed: dt.date | None  # None: a Learn article without a date
    exam: str | None
    sources: tuple[SourceInfo, ...]


@dataclass(frozen=True)
class PageChapter:
    """A chapter as the templates place it; ``sections`` are its level-2 headings."""

    id: str
    title: str
    meta: ChapterFacts
    html: Markup
    sections: tuple[Heading, ...]
    fallback: bool


@dataclass(frozen=True)
class FontFace:
    url: str
    weight: int
    style: str


@dataclass(frozen=True)
class Colours:
    """The organisation's palette with what the print style derives from it."""

    primary: str
    primary_ink: str
    primary_text: str
    primary_tint: str
    accent: str
    accent_ink: str
    accent_tint: str


@dataclass(frozen=True)
class HandoutInfo:
    """What one printed handout says (``plan.handouts``), as plain records: a named member's,
    or copy ``copy`` of ``copies`` of an unnamed role's, with a line for the name."""

    slug: str
    anchor: str
    end_anchor: str
    title: str
    named: bool
    copy: int
    copies: int
    person: PersonInfo
    exam: CertInfo | None
    status: ExamStatus | None
    later: tuple[CertInfo, ...]
    notices: tuple[PrintedNotice, ...]
    why: str  # why this path, true for this person


@dataclass(frozen=True)
class StaleNote:
    """A maintenance note as the trainer edition's appendix prints it."""

    where: str
    message: str
    since: dt.date | None


def stale_notes(stale: Sequence[Staleness]) -> tuple[StaleNote, ...]:
    return tuple(StaleNote(note.where, note.message, note.since) for note in stale)


#: Every record type a layout template can reach: the chapters' and the layout's own.
LAYOUT_RECORD_TYPES: tuple[type, ...] = (
    *RECORD_TYPES,
    SourceInfo,
    SourceEntry,
    ChapterFacts,
    PageChapter,
    Heading,
    FontFace,
    Colours,
    StaleNote,
    HandoutInfo,
)


def source_info(source: Source) -> SourceInfo:
    url = str(source.url) if source.url else None
    return SourceInfo(source.title, source.publisher, source.kind, url, source.checked)


def contents_sections(chapter: LaidOutChapter) -> tuple[Heading, ...]:
    """The headings of ``chapter`` the contents lists under it: its level-2 headings."""
    return tuple(heading for heading in chapter.headings if heading.level == 2)


def page_chapter(chapter: LaidOutChapter) -> PageChapter:
    meta = chapter.meta
    facts = ChapterFacts(meta.reviewed, meta.exam, tuple(map(source_info, meta.sources)))
    sections = contents_sections(chapter)
    return PageChapter(meta.id, meta.title, facts, chapter.html, sections, chapter.fallback)


def collect_sources(
    chapters: Sequence[LaidOutChapter], catalogue: Catalogue, plan: Plan, locale: str
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
                add(source, gettext(locale, "{code} facts").format(code=code))
    for chapter in chapters:
        for source in chapter.meta.sources:
            if not source.exams or shown_exams.intersection(source.exams):
                add(source, chapter.title)
    return tuple(SourceEntry(source_info(source), tuple(used)) for source, used in uses.values())


def font_faces(org: Organisation, asset_url: AssetUrl = Path.as_uri) -> tuple[FontFace, ...]:
    """The organisation's own font files as @font-face entries (checked when it was loaded)."""
    fonts = org.spec.organisation.fonts
    if fonts is None:
        return ()
    styles = (
        ("regular", 400, "normal"),
        ("bold", 700, "normal"),
        ("italic", 400, "italic"),
        ("bold_italic", 700, "italic"),
    )
    return tuple(
        FontFace(asset_url(org.path_of(name)), weight, style)
        for key, weight, style in styles
        if (name := getattr(fonts, key))
    )


def colours(palette: Palette) -> Colours:
    return Colours(
        palette.primary,
        palette.primary_ink,
        palette.primary_text,
        palette.primary_tint,
        palette.accent,
        palette.accent_ink,
        palette.accent_tint,
    )


def handout_info(handout: Handout, locale: str) -> tuple[HandoutInfo, ...]:
    """Every print of ``handout`` as records (one per copy); its notices in their own
    order, worded in ``locale``."""
    exam = handout.exam
    notices = tuple(PrintedNotice(describe(n, locale), CALLOUTS[n.kind]) for n in handout.notices)
    person = person_info(handout.person)
    cert = cert_info(exam.code, exam, locale) if exam else None
    later = tuple(cert_info(c.code, c, locale) for c in handout.later)
    why = path_reason(handout.person, locale)
    return tuple(
        HandoutInfo(
            slug=handout.slug,
            anchor=handout.copy_anchor(copy),
            end_anchor=f"{handout.copy_anchor(copy)}-end",
            title=handout.title,
            named=handout.named,
            copy=copy,
            copies=handout.copies,
            person=person,
            exam=cert,
            status=handout.status,
            later=later,
            notices=notices,
            why=why,
        )
        for copy in range(1, handout.copies + 1)
    )


def path_reason(person: Person, locale: str) -> str:
    """Why ``person``'s path is what it is: the role's reason, unless they already hold an
    exam of it (then the role's reason, which speaks of building up from it, would not fit)."""
    held = [code for code in person.role.path if code in person.held]
    if not held or not person.path:
        return person.role.why
    sentence = gettext(locale, "You already hold {held}, so your path goes straight on to {next}.")
    return sentence.format(held=", ".join(held), next=person.path[0])
