"""Chapters: Markdown files with front matter, and which of them a team's guide includes.

Owns the front-matter schema and the audience rule (a chapter whose audience matches no role
in the team is left out). It reads files; it does not render them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from markdown_it import MarkdownIt
from pydantic import Field, ValidationInfo, field_validator, model_validator

from guide.content.catalogue import Catalogue, Source
from guide.content.docset_paths import code_sources
from guide.content.includes import expand_includes
from guide.content.linemap import LineMap
from guide.content.slugs import slugify
from guide.content.validation import Strict, suggest, validate
from guide.content.yamlfile import YamlDocument, load_yaml, read_text, split_front_matter
from guide.errors import InputError, Problem, input_error

MAX_CHAPTER_BYTES = 2_000_000


#: Microsoft Learn front-matter keys, accepted in pasted material and otherwise ignored, with
#: every key that starts with ``ms.`` (``ms.date`` gives the review date).
LEARN_KEYS = {
    "adobe-target",
    "appliesto",
    "audience",
    "author",
    "contributors",
    "f1.keywords",
    "feedback_system",
    "hideEdit",
    "keywords",
    "localization_priority",
    "manager",
    "monikerRange",
    "no-loc",
    "recommendations",
    "ROBOTS",
    "search.appverid",
    "searchScope",
    "titleSuffix",
    "uid",
    "zone_pivot_groups",
}
#: Keys that mark a file as a Learn article, where ``title`` is the browser tab's title and
#: the article's H1 the one a reader sees.
LEARN_MARKERS = LEARN_KEYS - {"audience", "keywords", "author"}
_H1 = re.compile(r"^#[ \t]+(?P<text>.+?)(?:[ \t]+#+)?[ \t]*$")


def first_heading(body: str) -> tuple[int, str] | None:
    """The body's opening ATX H1 (its line index and plain text), if the body starts with one."""
    for index, line in enumerate(body.splitlines()):
        if not line.strip():
            continue
        match = _H1.match(line)
        if not match:
            return None
        inline = MarkdownIt("commonmark").parseInline(match["text"])[0].children or []
        text = "".join(t.content for t in inline if t.type in {"text", "code_inline"}).strip()
        return (index, text) if text else None
    return None


def _learn_date(value: object) -> object:
    """Learn's ``ms.date`` is MM/DD/YYYY; ISO dates pass through."""
    if isinstance(value, str) and re.fullmatch(r"\d{1,2}/\d{1,2}/\d{4}", value.strip()):
        month, day, year = (int(part) for part in value.strip().split("/"))
        return dt.date(year, month, day)
    return value


class ChapterMeta(Strict):
    """A chapter's front matter. Learn's own keys (``title``, ``ms.date``, ``description``)
    are understood, so material pasted from Microsoft Learn needs no editing."""

    id: str = Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
    title: str = Field(min_length=1, max_length=200)
    order: int = 900
    audience: Literal["all"] | tuple[str, ...] = "all"
    exam: str | None = None
    lang: Literal["en", "fr"] | None = None  # its language: English unless it says
    learn_article: bool = False  # set, never written: its front matter is Learn's
    reviewed: dt.date | None  # required; a Learn article may have none (a warning)
    description: str | None = None
    sources: tuple[Source, ...] = ()

    @model_validator(mode="before")
    @classmethod
    def _from_learn(cls, data: object, info: ValidationInfo) -> object:
        if not isinstance(data, dict):
            return data
        data = dict(data)
        context = info.context or {}
        learn = {key for key in data if key.startswith("ms.") or key in LEARN_KEYS}
        article = any(key.startswith("ms.") or key in LEARN_MARKERS for key in data)
        if "reviewed" not in data and "ms.date" in data:
            data["reviewed"] = _learn_date(data["ms.date"])
        if learn and isinstance(data.get("audience"), str) and data["audience"] != "all":
            del data["audience"]  # Learn's audience (e.g. ITPro) is not a role
        for key in learn - {"audience"}:
            del data[key]
        if context.get("h1") and (article or "title" not in data):
            data["title"] = context["h1"]  # what the reader of the article sees
        if "id" not in data and "stem" in context:
            data["id"] = slugify(context["stem"])
        if article:
            data["learn_article"] = True
            data.setdefault("reviewed", None)
        return data

    @field_validator("reviewed")
    @classmethod
    def _dated(cls, value: dt.date | None, info: ValidationInfo) -> dt.date | None:
        if value is None and not info.data.get("learn_article"):
            raise ValueError("the date the chapter was last checked is required, as 2026-11-30")
        return value


@dataclass(frozen=True)
class Chapter:
    """A chapter's metadata and its Markdown body (still containing Jinja)."""

    file: Path
    meta: ChapterMeta
    body: str
    body_first_line: int
    front_matter: YamlDocument | None = None
    translations: Mapping[str, Chapter] = field(default_factory=dict)
    included: tuple[Path, ...] = ()  # files its includes read
    lines: LineMap | None = None  # where the body's lines are, once includes are spliced in
    warnings: tuple[Problem, ...] = ()  # worth saying, not stopping for (a Learn article's date)

    def in_language(self, language: str) -> tuple[Chapter, bool]:
        """The chapter in ``language`` (id, order, audience and exam kept from this one), and
        whether it fell back to English for want of a translation."""
        if language == (self.meta.lang or "en"):
            return self, False
        translated = self.translations.get(language)
        if translated is None:
            return self, True
        update: dict[str, object] = {
            "id": self.meta.id,
            "order": self.meta.order,
            "audience": self.meta.audience,
            "exam": self.meta.exam,
        }
        if not translated.meta.sources:
            update["sources"] = self.meta.sources
        meta = translated.meta.model_copy(update=update)
        return replace(translated, meta=meta), False

    def is_for(self, team_roles: Iterable[str]) -> bool:
        return self.meta.audience == "all" or bool(set(self.meta.audience) & set(team_roles))

    def file_at(self, line: int) -> Path:
        """The file the body's ``line`` (1-based, includes spliced in) was written in: paths
        on that line are relative to it."""
        found = self.lines.locate(line) if self.lines and line else None
        return found[0] if found else self.file

    def body_problem(self, line: int | None, message: str) -> Problem:
        """A problem at the body's ``line`` (1-based, includes spliced in), reported in the
        file the reader edits: an included file, or this one."""
        if not line:
            return Problem(self.file, message)
        found = self.lines.locate(line) if self.lines else None
        file, line = found or (self.file, line + self.body_first_line - 1)
        return Problem(file, message, line)

    def problem(self, key_path: tuple[str | int, ...], message: str) -> Problem:
        if self.front_matter is None:
            return Problem(self.file, message, key=".".join(map(str, key_path)))
        return self.front_matter.problem(key_path, message)


def read_chapter(file: Path, roots: Sequence[Path] | None = None) -> Chapter:
    """Split ``file`` into front matter and body, validate the front matter, and resolve
    includes (within ``roots``, by default the chapter's own folder)."""
    front_matter = split_front_matter(read_text(file, MAX_CHAPTER_BYTES))
    if front_matter is None:
        raise input_error(
            file,
            "a chapter must start with front matter between '---' lines "
            "(id, title, order, audience, reviewed)",
            line=1,
        )
    if not front_matter.closed:
        raise input_error(file, "front matter is not closed by a '---' line", line=1)
    document = load_yaml(file, front_matter.yaml, first_line=2)
    heading = first_heading(front_matter.body)
    context = {"stem": file.name.split(".")[0], "h1": heading[1] if heading else None}
    meta = validate(document, ChapterMeta, context=context)
    source = front_matter.body
    if heading and heading[1] == meta.title:  # the chapter's title: printed once, as its title
        lines = source.splitlines(keepends=True)
        lines[heading[0]] = "\n"
        source = "".join(lines)
    warnings = []
    if meta.reviewed is None:
        dated = isinstance(document.data, dict) and "ms.date" in document.data
        said = (
            "empty, so the chapter"
            if dated
            else "no review date (ms.date or reviewed): the chapter"
        )
        problem = document.problem(
            ("ms.date",) if dated else (),
            f"{said} prints without a review date, and 'guide check --max-age' cannot tell "
            "how old it is",
        )
        warnings.append(replace(problem, severity="warning", line=problem.line or 1))
    included: list[Path] = []
    first_line = front_matter.body_first_line
    body, body_lines = expand_includes(
        source,
        file,
        roots or [file.parent],
        first_line,
        read=included,
        limit=MAX_CHAPTER_BYTES,
    )

    def written_in(line: int) -> Path:
        found = body_lines.locate(line)
        return found[0] if found else file

    included += code_sources(body, written_in, roots or [file.parent])
    return Chapter(
        file,
        meta,
        body,
        first_line,
        document,
        included=tuple(dict.fromkeys(included)),
        lines=body_lines,
        warnings=tuple(warnings),
    )


def check_chapter(chapter: Chapter, catalogue: Catalogue) -> list[Problem]:
    """References from the chapter's front matter to the catalogue."""
    problems = []
    meta = chapter.meta
    if meta.audience != "all":
        for index, role_id in enumerate(meta.audience):
            if role_id not in catalogue.roles:
                problems.append(
                    chapter.problem(
                        ("audience", index),
                        f"unknown role '{role_id}'{suggest(role_id, catalogue.roles)}; valid "
                        f"roles: {', '.join(catalogue.roles)} or 'all'",
                    )
                )
    for index, source in enumerate(meta.sources):
        for place, code in enumerate(source.exams):
            if code not in catalogue.certifications:
                problems.append(
                    chapter.problem(
                        ("sources", index, "exams", place),
                        f"unknown exam '{code}'{suggest(code, catalogue.certifications)}; "
                        f"the catalogue has {', '.join(catalogue.certifications)}",
                    )
                )
    if meta.exam and meta.exam not in catalogue.certifications:
        problems.append(
            chapter.problem(
                ("exam",),
                f"unknown exam '{meta.exam}'{suggest(meta.exam, catalogue.certifications)}; "
                f"the catalogue has {', '.join(catalogue.certifications)}",
            )
        )
    return problems


def _language_of(file: Path) -> str | None:
    """'fr' for ``welcome.fr.md``; None for ``welcome.md``."""
    parts = file.name.split(".")
    return parts[-2] if len(parts) == 3 and len(parts[-2]) == 2 else None


def load_chapters(folder: Path, catalogue: Catalogue) -> tuple[Chapter, ...]:
    """Every ``*.md`` chapter in ``folder``, checked against the catalogue, in reading order.

    Every problem in every chapter is reported together.
    """
    chapters: list[Chapter] = []
    problems: list[Problem] = []
    translated: dict[str, dict[str, Chapter]] = {}
    for file in sorted(folder.glob("*.md")):
        try:
            chapter = read_chapter(file, [folder.parent])
        except InputError as error:
            problems.extend(error.problems)
            continue
        language = _language_of(file)
        if language:
            translated.setdefault(file.name.split(".")[0], {})[language] = chapter
        else:
            chapters.append(chapter)
    chapters = [
        replace(chapter, translations=translated.get(chapter.file.name.split(".")[0], {}))
        for chapter in chapters
    ]
    seen: dict[str, Path] = {}
    for chapter in chapters:
        if chapter.meta.id in seen:
            problems.append(
                chapter.problem(
                    ("id",),
                    f"chapter id '{chapter.meta.id}' is also used by "
                    f"{seen[chapter.meta.id].name}; ids must be unique",
                )
            )
        seen[chapter.meta.id] = chapter.file
        problems.extend(check_chapter(chapter, catalogue))
    if problems:
        raise InputError(problems)
    return tuple(sorted(chapters, key=lambda c: (c.meta.order, c.meta.id)))


def select_chapters(
    chapters: Iterable[Chapter], team_roles: Iterable[str], planned_exams: Iterable[str]
) -> tuple[Chapter, ...]:
    """The chapters the team needs: an exam's chapter when the plan gives that exam to
    anyone, whatever their role; any other chapter when its audience includes a role in
    the team."""
    roles, exams = tuple(team_roles), set(planned_exams)
    return tuple(
        chapter
        for chapter in chapters
        if (chapter.meta.exam in exams if chapter.meta.exam else chapter.is_for(roles))
    )
