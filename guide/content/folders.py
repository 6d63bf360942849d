"""The articles a folder adds to a guide (``content.add: [memdocs/autopilot]``), in order.

A folder copied from a MicrosoftDocs repository keeps its articles in subfolders and its
reading order in a ``toc.yml`` (or ``TOC.yml``): a list of items, each with a ``name`` and an
``href`` to an article, and ``items`` of its own. With a TOC, the folder's articles are those
it lists, in its order, each titled with its TOC name; without one, every ``*.md`` below the
folder by path, leaving out include and media folders (their files are parts of articles,
not articles).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from guide.content.yamlfile import load_yaml, read_text
from guide.errors import input_error

TOC_NAMES = ("toc.yml", "TOC.yml", "toc.yaml")
NOT_ARTICLES = {"includes", "media", "images", "snippets", "breadcrumb"}
MAX_TOC_ITEMS = 2000


@dataclass(frozen=True)
class Article:
    file: Path
    toc_name: str | None = None  # its name in the folder's TOC


def _toc_items(items: object, toc: Path, depth: int = 0) -> Iterator[tuple[str, str]]:
    if not isinstance(items, list) or depth > 20:
        return
    for item in items:
        if not isinstance(item, dict):
            continue
        name, href = item.get("name") or item.get("displayName"), item.get("href")
        if isinstance(href, str) and isinstance(name, str):
            yield name.strip(), href.strip()
        yield from _toc_items(item.get("items"), toc, depth + 1)


def folder_articles(folder: Path) -> tuple[Article, ...]:
    """The articles of ``folder``, in reading order (its TOC's, else by path)."""
    toc = next((folder / name for name in TOC_NAMES if (folder / name).is_file()), None)
    if toc is None:
        files = sorted(
            file
            for file in folder.rglob("*.md")
            if not NOT_ARTICLES & {part.lower() for part in file.relative_to(folder).parts[:-1]}
            and not any(part.startswith(".") for part in file.relative_to(folder).parts)
        )
        return tuple(Article(file) for file in files)
    document = load_yaml(toc, read_text(toc))
    data = document.data.get("items") if isinstance(document.data, dict) else document.data
    if not isinstance(data, list):
        raise input_error(toc, "a Learn TOC is a list of items with 'name' and 'href'", line=1)
    articles: dict[Path, Article] = {}
    for name, href in _toc_items(data, toc):
        path = href.partition("#")[0].partition("?")[0]
        if not path.endswith(".md") or "://" in path or path.startswith("/"):
            continue  # a link out of the folder, or to a TOC of its own
        file = (toc.parent / path).resolve()
        if file.is_file() and file not in articles:
            articles[file] = Article(file, name)
        if len(articles) > MAX_TOC_ITEMS:
            raise input_error(toc, f"more than {MAX_TOC_ITEMS} articles listed", line=1)
    return tuple(articles.values())


PIVOT_GROUPS = "zone-pivot-groups.yml"


def pivot_names(file: Path, roots: tuple[Path, ...]) -> dict[str, str]:
    """The names of zone pivots (``id`` -> ``title``) from the nearest ``zone-pivot-groups.yml``
    above ``file``, within ``roots``; none when there is no such file."""
    folder = file.parent
    while any(folder.is_relative_to(root) for root in roots):
        groups = folder / PIVOT_GROUPS
        if groups.is_file():
            data = load_yaml(groups, read_text(groups)).data
            names: dict[str, str] = {}
            for group in data.get("groups", []) if isinstance(data, dict) else []:
                for pivot in group.get("pivots", []) if isinstance(group, dict) else []:
                    if isinstance(pivot, dict) and isinstance(pivot.get("id"), str):
                        names[pivot["id"]] = str(pivot.get("title") or pivot["id"])
            return names
        if folder.parent == folder:
            break
        folder = folder.parent
    return {}
