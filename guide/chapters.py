"""Chapters: Markdown files with front matter, and which of them a team's guide includes.

Owns the front-matter schema and the audience rule (a chapter whose audience matches no role
in the team is left out). It reads files; it does not render them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import Field

from guide.catalogue import Catalogue, Source, Strict
from guide.errors import InputError, Problem, input_error
from guide.validation import suggest, validate
from guide.yamlfile import load_yaml, read_text

MAX_CHAPTER_BYTES = 2_000_000


class ChapterMeta(Strict):
    id: str = Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
    title: str = Field(min_length=1, max_length=200)
    order: int
    audience: Literal["all"] | tuple[str, ...]
    exam: str | None = None
    reviewed: dt.date
    sources: tuple[Source, ...] = ()


@dataclass(frozen=True)
class Chapter:
    """A chapter's metadata and its Markdown body (still containing Jinja)."""

    file: Path
    meta: ChapterMeta
    body: str
    body_first_line: int

    def is_for(self, team_roles: Iterable[str]) -> bool:
        return self.meta.audience == "all" or bool(set(self.meta.audience) & set(team_roles))


def read_chapter(file: Path) -> Chapter:
    """Split ``file`` into front matter and body, and validate the front matter."""
    text = read_text(file, MAX_CHAPTER_BYTES)
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        raise input_error(
            file,
            "a chapter must start with front matter between '---' lines "
            "(id, title, order, audience, reviewed)",
            line=1,
        )
    end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
    if end is None:
        raise input_error(file, "front matter is not closed by a '---' line", line=1)
    document = load_yaml(file, "".join(lines[1:end]), first_line=2)
    meta = validate(document, ChapterMeta)
    return Chapter(file, meta, "".join(lines[end + 1 :]), body_first_line=end + 2)


def load_chapters(folder: Path, catalogue: Catalogue) -> tuple[Chapter, ...]:
    """Every ``*.md`` chapter in ``folder``, checked against the catalogue, in reading order."""
    chapters = [read_chapter(file) for file in sorted(folder.glob("*.md"))]
    problems: list[Problem] = []
    seen: dict[str, Path] = {}
    for chapter in chapters:
        meta = chapter.meta
        if meta.id in seen:
            problems.append(
                Problem(
                    chapter.file,
                    f"chapter id '{meta.id}' is also used by "
                    f"{seen[meta.id].name}; ids must be unique",
                    key="id",
                )
            )
        seen[meta.id] = chapter.file
        if meta.audience != "all":
            for role_id in meta.audience:
                if role_id not in catalogue.roles:
                    problems.append(
                        Problem(
                            chapter.file,
                            f"unknown role '{role_id}'"
                            f"{suggest(role_id, catalogue.roles)}; valid roles: "
                            f"{', '.join(catalogue.roles)} or 'all'",
                            key="audience",
                        )
                    )
        if meta.exam and meta.exam not in catalogue.certifications:
            problems.append(
                Problem(
                    chapter.file,
                    f"unknown exam '{meta.exam}'; the catalogue "
                    f"has {', '.join(catalogue.certifications)}",
                    key="exam",
                )
            )
    if problems:
        raise InputError(problems)
    return tuple(sorted(chapters, key=lambda c: (c.meta.order, c.meta.id)))


def select_chapters(chapters: Iterable[Chapter], team_roles: Iterable[str]) -> tuple[Chapter, ...]:
    """The chapters whose audience includes at least one role in the team."""
    roles = tuple(team_roles)
    return tuple(chapter for chapter in chapters if chapter.is_for(roles))
