"""Chapters' rendered Markdown kept between builds: ``KeptChapters``.

Rendering Markdown costs about 5 ms for every 10,000 characters (0.2 s for a 200-page
guide), which a rebuild after an edit to one chapter would spend again on all the others. A
chapter's HTML follows from its expanded text, the values its render reads (``key``: its
id, the edition, the learner pages, the figures, the language, the folders it may read)
and the code that renders it (``_code``); and from the ids that links may land on, which
the entry keeps (``targets_digest``): a heading renamed anywhere renders every chapter
again. A chapter whose render looked at a file (an image, a code source, a link to another
file: ``markdown.learn.LOOKED_AT_FILES``) is rendered every time, since its HTML depends
on those files too. The entries sit beside the parts (``guide.kept``), under ``LIMIT``.
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup

from guide import __version__
from guide.kept import KeptFolder
from guide.markdown.links import LinkTargets
from guide.markdown.parse import Heading, RenderedMarkdown

SUFFIX = ".chapter"
LIMIT = 32 * 1024 * 1024  # bytes
#: The libraries whose output a chapter's HTML holds (all loaded by the render).
_LIBRARIES = ("markdown_it", "mdit_py_plugins", "nh3", "segno", "babel")


@functools.cache
def _code() -> str:
    """The versions of the tool and its Markdown libraries, and the size and time of each
    of the tool's own files (rules, translations): an edited rule renders every chapter
    again, even before the version changes."""
    digest = hashlib.sha256(__version__.encode())
    for library in _LIBRARIES:
        digest.update(f"\0{library} {importlib.import_module(library).__version__}".encode())
    package = Path(__file__).resolve().parents[1]
    for folder, subfolders, files in os.walk(package):  # in order: the folders sorted
        subfolders[:] = sorted(name for name in subfolders if name != "__pycache__")
        for name in sorted(files):
            if name.endswith((".py", ".mo")):
                status = os.stat(os.path.join(folder, name))
                relative = os.path.relpath(os.path.join(folder, name), package)
                digest.update(f"\0{relative} {status.st_size} {status.st_mtime_ns}".encode())
    return digest.hexdigest()


def targets_digest(targets: LinkTargets) -> str:
    """A digest of what links may land on: every id of the guide, its chapters' files and
    the docsets' addresses."""
    described = {
        "anchors": sorted(targets.anchors),
        "chapters": sorted((str(file), name) for file, name in targets.chapters.items()),
        "docsets": [(str(folder), address) for folder, address in targets.docsets],
    }
    return hashlib.sha256(json.dumps(described).encode()).hexdigest()


def figures_digest(figures: Mapping[str, Markup]) -> dict[str, str]:
    return {name: hashlib.sha256(str(svg).encode()).hexdigest() for name, svg in figures.items()}


@dataclass(frozen=True)
class KeptChapter:
    """A chapter rendered by an earlier build: the ids it holds, and its HTML as rendered
    against the targets of ``targets`` (a ``targets_digest``)."""

    anchors: frozenset[str]
    targets: str
    rendered: RenderedMarkdown


class KeptChapters:
    """The rendered chapters kept in ``folder`` (the output folder's parts folder)."""

    def __init__(self, folder: Path, limit: int = LIMIT) -> None:
        self._kept = KeptFolder(folder, SUFFIX, limit)
        self.hits = 0

    @staticmethod
    def key(text: str, described: Mapping[str, Any]) -> str:
        """The key of a chapter's render: its expanded ``text`` and the values its render
        reads, as plain data (``described``)."""
        digest = hashlib.sha256(_code().encode())
        digest.update(json.dumps(described, sort_keys=True, default=str).encode())
        digest.update(b"\0" + text.encode())
        return digest.hexdigest()

    def get(self, key: str) -> KeptChapter | None:
        found = self._kept.read(key)
        if found is None:
            return None
        described, data = found
        try:
            rendered = RenderedMarkdown(
                Markup(data.decode()),
                tuple(Heading(int(n), str(i), str(t)) for n, i, t in described["headings"]),
                tuple(str(name) for name in described["unknown"]),
                tuple((int(line), str(text)) for line, text in described["problems"]),
                tuple((int(line), str(text)) for line, text in described["warnings"]),
                int(described["placeholders"]),
            )
            kept = KeptChapter(
                frozenset(str(anchor) for anchor in described["anchors"]),
                str(described["targets"]),
                rendered,
            )
        except (KeyError, TypeError, ValueError, UnicodeDecodeError):
            return None
        self.hits += 1
        return kept

    def keep(self, key: str, chapter: KeptChapter) -> None:
        """Keep ``chapter`` for the next build, unless its render looked at files."""
        rendered = chapter.rendered
        if rendered.looked_at_files:
            return
        described = {
            "reads": [],
            "anchors": sorted(chapter.anchors),
            "targets": chapter.targets,
            "headings": [[h.level, h.id, h.text] for h in rendered.headings],
            "unknown": list(rendered.unknown_directives),
            "problems": [list(problem) for problem in rendered.problems],
            "warnings": [list(warning) for warning in rendered.warnings],
            "placeholders": rendered.placeholders,
        }
        self._kept.write(key, described, str(rendered.html).encode())
