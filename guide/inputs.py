"""The inputs hash of one organisation: everything its outputs depend on, and nothing else.

The organisation file and the files it names; the text of the chapters it uses (includes
resolved); the catalogue, templates, styles and translations; the tool's version; the build
options that change output; and today's date when the plan depends on it. Two builds with the
same hash make the same bytes, so an unchanged organisation can be skipped.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from guide import __version__
from guide.chapters import select_chapters
from guide.i18n import LOCALES_DIR
from guide.options import BuildOptions
from guide.orgcontent import merge_chapters
from guide.params import load_organisation
from guide.prepare import Sources

_TREE_CACHE: dict[Path, str] = {}


def _tree_digest(folder: Path) -> str:
    """A digest of every file under ``folder`` (names and bytes), computed once per process."""
    folder = folder.resolve()
    if folder not in _TREE_CACHE:
        digest = hashlib.sha256()
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            digest.update(str(path.relative_to(folder)).encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
        _TREE_CACHE[folder] = digest.hexdigest()
    return _TREE_CACHE[folder]


def _shared_digest(options: BuildOptions) -> str:
    """Catalogue, templates, styles and translations (chapters count only when used)."""
    key = Path(f"shared:{options.content_dir}:{options.templates_dir}:{options.styles_dir}")
    if key not in _TREE_CACHE:
        digest = hashlib.sha256()
        content = options.content_dir.resolve()
        for path in sorted(p for p in content.rglob("*") if p.is_file() and p.suffix != ".md"):
            digest.update(str(path.relative_to(content)).encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
        for folder in (options.templates_dir, options.styles_dir, LOCALES_DIR):
            digest.update(_tree_digest(folder).encode())
        _TREE_CACHE[key] = digest.hexdigest()
    return _TREE_CACHE[key]


def inputs_hash(org_file: Path, options: BuildOptions, sources: Sources) -> str:
    """The hash of everything ``org_file``'s outputs depend on (raises the org's errors)."""
    org = load_organisation(org_file, sources.catalogue)
    catalogue = org.catalogue(sources.catalogue)
    chapters = merge_chapters(org, sources.chapters, catalogue)
    digest = hashlib.sha256()

    def add(label: str, data: bytes) -> None:
        digest.update(label.encode() + b"\0" + hashlib.sha256(data).digest())

    add("version", __version__.encode())
    add(
        "options",
        repr((options.handouts, options.booklet, options.max_age_days, options.formats)).encode(),
    )
    add("organisation", org_file.read_bytes())
    spec = org.spec
    named = [spec.organisation.logo, *(spec.content.replace.values()), *spec.content.add]
    if spec.organisation.fonts:
        named += [name for name in spec.organisation.fonts.model_dump().values() if name]
    for name in named:
        if name:
            path = org.path_of(name)
            data = path.read_bytes() if path.is_file() else _tree_digest(path).encode()
            add(f"file:{name}", data)
    language = spec.organisation.locale
    for chapter in select_chapters(chapters, org.headcount_by_role()):
        translated, _ = chapter.in_language(language)
        add(f"chapter:{chapter.meta.id}", translated.meta.model_dump_json().encode())
        add(f"body:{chapter.meta.id}", translated.body.encode())
    add("shared", _shared_digest(options).encode())
    if spec.training.date is None:
        add("today", options.today.isoformat().encode())
    return digest.hexdigest()
