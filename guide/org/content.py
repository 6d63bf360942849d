"""The organisation's own content merged with the bundled chapters: add, replace, skip.

Chapters named in ``content:`` are read relative to the organisation file, and they and
their includes must lie inside the organisation's roots (``Organisation.roots``). Unknown
chapter ids are errors at their line, with a suggestion.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from guide.content.catalogue import Catalogue
from guide.content.chapters import Chapter, check_chapter, read_chapter
from guide.content.confine import inside, outside
from guide.content.folders import Article, folder_articles
from guide.content.slugs import slugify
from guide.content.validation import suggest
from guide.errors import InputError, Problem
from guide.org.organisation import Organisation


def _read(org: Organisation, file: Path, problems: list[Problem]) -> Chapter | None:
    """An organisation's chapter, written in its locale's language unless it says (``lang``)."""
    try:
        chapter = read_chapter(file, org.roots)
    except InputError as error:
        problems.extend(error.problems)
        return None
    if chapter.meta.lang is None:
        meta = chapter.meta.model_copy(update={"lang": org.spec.organisation.locale})
        chapter = replace(chapter, meta=meta)
    return chapter


def _relative(file: Path, folder: Path) -> str:
    """``file``'s path below ``folder``, as written (its name, when it lies elsewhere)."""
    for base in (folder, folder.resolve()):
        if file.is_relative_to(base):
            return file.relative_to(base).as_posix()
    return file.name


def _names_its_id(chapter: Chapter) -> bool:
    data = chapter.front_matter.data if chapter.front_matter else None
    return isinstance(data, dict) and "id" in data


def merge_chapters(
    org: Organisation, bundled: tuple[Chapter, ...], catalogue: Catalogue
) -> tuple[Chapter, ...]:
    """The bundled chapters with the organisation's skipped, replaced and added ones."""
    content = org.spec.content
    by_id = {chapter.meta.id: chapter for chapter in bundled}
    problems: list[Problem] = []

    def unknown(key: tuple[str | int, ...], chapter_id: str) -> None:
        problems.append(
            org.document.problem(
                key,
                f"no bundled chapter '{chapter_id}'{suggest(chapter_id, by_id)}; chapters: "
                f"{', '.join(by_id)}",
            )
        )

    for index, chapter_id in enumerate(content.skip):
        if chapter_id not in by_id:
            unknown(("content", "skip", index), chapter_id)
    merged = {cid: chapter for cid, chapter in by_id.items() if cid not in content.skip}
    for chapter_id, name in content.replace.items():
        if chapter_id not in by_id:
            unknown(("content", "replace", chapter_id), chapter_id)
            continue
        replacement = _read(org, org.path_of(name), problems)
        if replacement is not None:
            original = by_id[chapter_id].meta
            order = (
                replacement.meta.order
                if "order" in replacement.meta.model_fields_set
                else original.order
            )
            meta = replacement.meta.model_copy(update={"id": chapter_id, "order": order})
            merged[chapter_id] = replace(replacement, meta=meta)
    position: dict[str, int] = {}  # reading order among chapters of the same order
    for index, name in enumerate(content.add):
        path = org.path_of(name)
        if path.is_dir():
            try:
                articles = folder_articles(path)
            except InputError as error:
                problems.extend(error.problems)
                continue
            if not articles:
                problems.append(
                    org.document.problem(
                        ("content", "add", index),
                        f"folder '{name}' holds no Markdown article (*.md), in it or below it",
                    )
                )
        else:
            articles = (Article(path),)
        for article in articles:
            file = article.file
            if not inside(file, org.roots):  # a link in the folder, to a file elsewhere
                where = f"{name.rstrip('/')}/{_relative(file, path)}"
                problems.append(
                    org.document.problem(
                        ("content", "add", index), outside(f"chapter '{where}'", org.roots)
                    )
                )
                continue
            added = _read(org, file, problems)
            if added is None:
                continue
            update: dict[str, object] = {}
            if article.toc_name:  # the name its folder's TOC gives it
                update["title"] = article.toc_name
            if path.is_dir() and not _names_its_id(added):  # overview.md in two subfolders
                update["id"] = slugify(_relative(file, path).removesuffix(".md"))
            if update:
                added = replace(added, meta=added.meta.model_copy(update=update))
            if added.meta.id in merged:
                problems.append(
                    org.document.problem(
                        ("content", "add", index),
                        f"{file.name}: chapter id '{added.meta.id}' is already used; give the "
                        "chapter another id in its front matter, or use content.replace",
                    )
                )
                continue
            merged[added.meta.id] = added
            position[added.meta.id] = len(position)
    for chapter in merged.values():
        if chapter not in bundled:
            problems.extend(check_chapter(chapter, catalogue))
    if problems:
        raise InputError(problems)
    return tuple(
        sorted(
            merged.values(),
            key=lambda c: (c.meta.order, position.get(c.meta.id, -1), c.meta.id),
        )
    )
