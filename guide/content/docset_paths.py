"""Paths as Microsoft Learn articles write them: beside the file, or ``~/`` from the docset.

Learn articles name includes, code files, images and other articles relative to the file
(``../includes/x.md``) or to the root of their docset (``~/includes/x.md``). The docset's
root is the nearest folder holding a ``docfx.json``; a folder pasted without one counts from
the content folder that holds the article. Every path is still confined to the content
folders by whoever reads it (``confine``).

The code files an article's ``:::code source=...:::`` lines name are found here too, when the
chapter is read, so that the build's inputs (cache, watch) include them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path

from guide.content.confine import inside

DOCSET_MARKER = "docfx.json"
_CODE_SOURCE = re.compile(r'^[ \t]*:::[ \t]*code\b[^\n]*?\bsource="(?P<source>[^"]+)"', re.M)
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)


def docset_root(file: Path, roots: Sequence[Path]) -> Path:
    """The folder ``~/`` stands for in ``file``: the nearest folder above it with a
    ``docfx.json`` inside the content folders, else the content folder that holds it."""
    folder = file.resolve().parent
    holders = [root.resolve() for root in roots if root.is_dir() and inside(folder, [root])]
    for candidate in (folder, *folder.parents):
        if holders and not inside(candidate, holders):
            break
        if (candidate / DOCSET_MARKER).is_file():
            return candidate
    return max(holders, key=lambda root: len(root.parts)) if holders else folder


def resolve_source(name: str, file: Path, roots: Sequence[Path]) -> Path:
    """The file ``name`` (as written in ``file``) stands for, resolved; not yet confined."""
    if name.startswith("~/"):
        return (docset_root(file, roots) / name[2:]).resolve()
    return (file.parent / name).resolve()


def code_sources(body: str, written_in: Callable[[int], Path], roots: Sequence[Path]) -> list[Path]:
    """The existing files inside ``roots`` that ``:::code`` lines of ``body`` name, each
    relative to the file its line was written in (``written_in(line)``)."""
    found = []
    for match in _CODE_SOURCE.finditer(body):
        source = match["source"]
        if _SCHEME.match(source):
            continue
        file = written_in(body.count("\n", 0, match.start()) + 1)
        path = resolve_source(source, file, roots)
        if inside(path, roots) and path.is_file():
            found.append(path)
    return found
