"""Parts kept from earlier builds, so an edit lays out only what it changed: ``PartCache``.

A part's entry is keyed by everything its layout depends on that its HTML does not already
say: the part's HTML (its chapters, the organisation's words, the page size, the links to
its stylesheets), how it is drawn (fitting, tagging, the PDF standard, the files it embeds,
its ID prefix) and the versions of the tool, the engine and its font subsetter; the files
the engine read for it (stylesheets, fonts, pictures) are checked against the SHA-256 of
the bytes it read.
The page references it printed are checked after the parts are placed, as for any layout.
The furniture is kept the same way, by its HTML and its pages' shapes.

An entry is one file (``guide.kept``): a line of JSON (what the join needs, and the PDF's
SHA-256), then the PDF. One that cannot be read, does not match its key or its digest, or
was written by another version is ignored and overwritten, never trusted. The parts are
kept under ``LIMIT`` bytes, the entries used longest ago removed first.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from guide import __version__
from guide.kept import PART, KeptFolder
from guide.render.parts.part import PageShape, PartJob, RenderedPart

LIMIT = 256 * 1024 * 1024  # bytes


@functools.cache
def _engine_version() -> str:
    """The versions of WeasyPrint and of what subsets its fonts (``render.subsetting``),
    into bytes that differ from one version to the next."""
    from importlib.metadata import version

    return " ".join(f"{name} {version(name)}" for name in ("weasyprint", "uharfbuzz", "fonttools"))


def job_key(job: Any, extra: str = "") -> str:
    """The key of a part (or the furniture): a SHA-256 over what its layout depends on."""
    digest = hashlib.sha256()
    archival = job.archival
    attached = [(a.name, hashlib.sha256(a.data).hexdigest(), a.dated) for a in archival.attached]
    described = {
        "tool": __version__,
        "engine": _engine_version(),
        "kind": type(job).__name__,
        "base": job.base_url,
        "fit": getattr(job, "fit", False),
        "tagged": getattr(job, "tagged", False),
        "ids": getattr(job, "ids", ""),
        "standard": archival.standard,
        "attached": attached,
        "extra": extra,
    }
    digest.update(json.dumps(described, sort_keys=True).encode())
    digest.update(job.html.encode())
    return digest.hexdigest()


@dataclass
class PartCache:
    folder: Path
    limit: int = LIMIT
    hits: int = 0
    _kept: KeptFolder = field(init=False)

    def __post_init__(self) -> None:
        self._kept = KeptFolder(self.folder, PART, self.limit)

    def part(self, job: PartJob) -> RenderedPart | None:
        """The part laid out for ``job`` before, if nothing it depends on changed."""
        found = self._kept.read(job_key(job))
        if found is None:
            return None
        described, data = found
        try:
            part = RenderedPart(
                name=job.name,
                data=data,
                pages=tuple(_shape(*page) for page in described["pages"]),
                anchors={str(k): int(v) for k, v in described["anchors"].items()},
                printed={str(k): str(v) for k, v in described["printed"].items()},
                reads=tuple((str(p), str(d)) for p, d in described["reads"]),
                fitting=tuple((str(s), str(f)) for s, f in described["fitting"]),
                layouts=int(described["layouts"]),
            )
        except (KeyError, TypeError, ValueError, AttributeError):
            return None
        self.hits += 1
        return part

    def keep_part(self, job: PartJob, part: RenderedPart) -> None:
        if not part.drawn:  # laid out only to learn its pages: nothing to join
            return
        described = asdict(part)
        del described["data"], described["name"]
        described["pages"] = [[p.blank, p.name, p.margin_left, list(p.strings)] for p in part.pages]
        self._kept.write(job_key(job), described, part.data)

    def pages(self, guide: str) -> dict[str, int] | None:
        """The page each id was found on by the last build of ``guide`` (its parts'
        names and base address), for the page references of a first layout."""
        found = self._kept.read(_pages_key(guide))
        if found is None:
            return None
        try:
            pages = json.loads(found[1])
            return {str(name): int(page) for name, page in pages.items()}
        except (ValueError, AttributeError, TypeError):
            return None

    def keep_pages(self, guide: str, pages: dict[str, int]) -> None:
        data = json.dumps(pages, sort_keys=True).encode()
        self._kept.write(_pages_key(guide), {"reads": []}, data)

    def furniture(self, job: Any, shapes: str) -> bytes | None:
        found = self._kept.read(job_key(job, shapes))
        if found is None:
            return None
        self.hits += 1
        return found[1]

    def keep_furniture(
        self, job: Any, shapes: str, data: bytes, reads: Sequence[tuple[str, str]]
    ) -> None:
        self._kept.write(job_key(job, shapes), {"reads": [list(read) for read in reads]}, data)


def _pages_key(guide: str) -> str:
    return hashlib.sha256(f"pages\n{__version__}\n{guide}".encode()).hexdigest()


def _shape(blank: Any, name: Any, margin_left: Any, strings: Any) -> PageShape:
    pairs = tuple((str(key), str(text)) for key, text in strings)
    return PageShape(bool(blank), str(name), float(margin_left), pairs)
