"""Which organisations can be skipped before anything heavy is loaded.

The exact check (``guide.batch.input_hash``) needs the validated organisation and its
chapters, which means loading pydantic, the catalogue and the content: about 0.3 s before
the first answer. This module answers first, from the manifest alone. Each entry carries a
*fingerprint*: a hash of the organisation file (where it is, and its bytes), the files it
and its own chapters use (``uses``), every file of the content, templates, styles and
translations, the tool's version, the output options (``SOURCE_DATE_EPOCH`` among them) and,
for an organisation without a training date, the day (``as_of``). Beside it: the files the
render actually read, with their SHA-256 (``reads``: an image inside an SVG logo, a path
made with Jinja), and the days on which the review-age notes stay as built (``days``). An
organisation whose fingerprint, reads and outputs are unchanged, on a day inside ``days``,
is up to date. One with no outputs recorded, or changed outputs, must be built. For the rest
something it *may* use changed (another chapter, say), and the exact check decides.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from guide import __version__
from guide.batch.manifest import Entry, still_valid
from guide.content.confine import other_organisations, read_organisation_file
from guide.defaults import LOCALES_DIR
from guide.errors import GuideError
from guide.options import BuildOptions, InputFolders


@dataclass(frozen=True)
class Inputs:
    """An organisation's inputs hash (exact), and what its fingerprint (quick) is made of."""

    hash: str
    fingerprint: str = ""
    uses: tuple[str, ...] = ()  # files the organisation file names, resolved
    as_of: str = ""  # the day the output depends on, for an organisation without a date
    days: str = ""  # 'FROM/UNTIL' (either may be empty): see review_days


class Digests:
    """Digests of folders and files, each computed once per run (files may change between
    runs of one process, so never longer)."""

    def __init__(self) -> None:
        self._known: dict[tuple[Path, str], str] = {}

    def tree(self, folder: Path, *, without: str = "") -> str:
        """A digest of every file under ``folder`` (names and bytes), except ``*{without}``."""
        key = (folder.resolve(), without)
        if key not in self._known:
            digest = hashlib.sha256()
            files = (p for p in key[0].rglob("*") if p.is_file())
            for path in sorted(p for p in files if not (without and p.name.endswith(without))):
                digest.update(str(path.relative_to(key[0])).encode() + b"\0")
                digest.update(hashlib.sha256(path.read_bytes()).digest())
            self._known[key] = digest.hexdigest()
        return self._known[key]

    def of(self, path: Path) -> str:
        """A file's digest, or 'missing'. Of a folder (of chapters an organisation adds),
        every file in it except organisation files, which may sit beside them."""
        if path.is_file():
            return hashlib.sha256(path.read_bytes()).hexdigest()
        return self.tree(path, without=".yaml") if path.is_dir() else "missing"


def output_options(options: BuildOptions) -> bytes:
    """The build options that change what is written (and SOURCE_DATE_EPOCH, which stamps
    the PDFs)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    chosen = (
        options.handouts,
        options.booklet,
        options.max_age_days,
        options.formats,
        epoch,
        options.pdf_standard,
        options.attach,
    )
    return repr(chosen).encode()


def review_days(dates: Iterable[dt.date], today: dt.date, max_age_days: int) -> str:
    """The days ('FROM/UNTIL', half open; an end with nothing beyond it is empty) on which
    the same ``dates`` (reviews, checks) are older than ``max_age_days`` as today: the guide
    prints a note for each of them, so outside these days its notes differ."""
    limit = today - dt.timedelta(days=max_age_days)
    old = [day for day in dates if day < limit]
    recent = [day for day in dates if day >= limit]
    after = dt.timedelta(days=max_age_days + 1)  # a date is old from this long after it
    start = (max(old) + after).isoformat() if old else ""
    end = (min(recent) + after).isoformat() if recent else ""
    return f"{start}/{end}"


def within(days: str, today: dt.date) -> bool:
    """Whether ``today`` is one of ``days`` (from ``review_days``; empty: not known)."""
    start, slash, end = days.partition("/")
    day = today.isoformat()
    return bool(slash) and (not start or start <= day) and (not end or day < end)


def reads_unchanged(reads: Iterable[tuple[str, str]], digests: Digests) -> bool:
    """Whether every file a render read still has the bytes it read."""
    return all(digests.of(Path(path)) == digest for path, digest in reads)


def shared_folders(folders: InputFolders) -> tuple[Path, ...]:
    """The content, templates, styles and translations, which the fingerprint covers whole."""
    return (folders.content_dir, folders.templates_dir, folders.styles_dir, LOCALES_DIR)


def own_reads(
    reads: Iterable[tuple[str, str]], folders: InputFolders
) -> tuple[tuple[str, str], ...]:
    """The reads outside the ``shared_folders``."""
    shared = [folder.resolve() for folder in shared_folders(folders)]
    return tuple(
        (path, digest)
        for path, digest in reads
        if not any(Path(path).is_relative_to(folder) for folder in shared)
    )


def sharing(org_file: Path) -> bytes:
    """Whether other organisation files share ``org_file``'s folder: that narrows what it
    may read (``guide.content.confine.organisation_roots``), so a guide built alone is stale."""
    return b"shared folder" if other_organisations(org_file) else b"own folder"


def fingerprint(
    org_file: Path,
    source: bytes,
    uses: Iterable[str],
    as_of: str,
    options: BuildOptions,
    digests: Digests,
) -> str:
    """The quick hash of ``org_file`` (whose bytes are ``source``) and what it may use."""
    digest = hashlib.sha256()
    for part in (__version__.encode(), output_options(options), as_of.encode()):
        digest.update(hashlib.sha256(part).digest())
    digest.update(str(org_file.resolve()).encode() + b"\0")  # the same words elsewhere differ
    digest.update(sharing(org_file))  # what the organisation may read depends on it
    digest.update(hashlib.sha256(source).digest())
    for name in uses:
        digest.update(name.encode() + b"\0" + digests.of(Path(name)).encode())
    for folder in shared_folders(options.folders):
        digest.update(digests.tree(folder).encode())
    return digest.hexdigest()


@dataclass(frozen=True)
class Freshness:
    """Organisations sorted by what the manifest alone can tell."""

    fresh: dict[Path, list[Entry]] = field(default_factory=dict)  # skip: nothing changed
    stale: list[Path] = field(default_factory=list)  # build: nothing recorded, or --force
    unsure: list[Path] = field(default_factory=list)  # the exact check decides
    # the bytes of the organisation files read here, so that a build does not read them again
    read: dict[Path, bytes] = field(default_factory=dict)


def sort_by_freshness(
    files: Iterable[Path],
    previous: list[Entry],
    options: BuildOptions,
    digests: Digests,
    *,
    force: bool = False,
) -> Freshness:
    by_organisation: dict[str, list[Entry]] = {}
    for entry in previous:
        by_organisation.setdefault(entry.organisation, []).append(entry)
    freshness = Freshness()
    for file in files:
        mine = by_organisation.get(str(file), [])
        if force or not still_valid(mine, options.output_dir):
            freshness.stale.append(file)
            continue
        recorded = mine[0]
        as_of = options.today.isoformat() if recorded.as_of else ""
        source: bytes | None = None
        now = ""
        try:
            source = read_organisation_file(file)
            now = fingerprint(file, source, recorded.uses, as_of, options, digests)
        except (OSError, GuideError):  # unreadable: the exact check words the error
            pass
        current = within(recorded.days, options.today) and reads_unchanged(recorded.reads, digests)
        if now and current and all(entry.fingerprint == now for entry in mine):
            freshness.fresh[file] = mine
        else:
            freshness.unsure.append(file)
            if source is not None:
                freshness.read[file] = source
    return freshness
