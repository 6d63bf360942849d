"""The inputs hash of one organisation: everything its outputs depend on, and nothing else.

The organisation file and the files it names; the text of the chapters it uses (includes
resolved); the catalogue, templates, styles and translations; the tool's version; the build
options that change output; today's date when the plan depends on it, and which reviews are
old enough for a note today. Two builds with the same hash make the same bytes, so an
unchanged organisation can be skipped, once the files its last render read are found
unchanged too (the batch checks those). The coarser fingerprint recorded beside it
(``guide.batch.fingerprint``) lets the next run skip it sooner.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from pathlib import Path

from guide import __version__
from guide.batch.fingerprint import (
    Digests,
    Inputs,
    fingerprint,
    output_options,
    sharing,
)
from guide.compose.gather import Gathered
from guide.content.docset_paths import resolve_source
from guide.defaults import LOCALES_DIR
from guide.options import BuildOptions, InputFolders


def _shared_digest(folders: InputFolders, digests: Digests) -> str:
    """Catalogue, templates, styles and translations (chapters count only when used)."""
    digest = hashlib.sha256()
    content = folders.content_dir.resolve()
    for path in sorted(p for p in content.rglob("*") if p.is_file() and p.suffix != ".md"):
        digest.update(str(path.relative_to(content)).encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    for folder in (folders.templates_dir, folders.styles_dir, LOCALES_DIR):
        digest.update(digests.tree(folder).encode())
    return digest.hexdigest()


# Markdown images (and their reference definitions), Learn's image source and HTML's src
_IMAGE_PATH = re.compile(
    r"""\]\(\s*<([^>\n]+)>|\]\(\s*([^)\s]+)|^\s*\[[^\]]+\]:\s*<?([^>\s]+)"""
    r"""|(?:source|src)=["']([^"']+)["']""",
    re.MULTILINE,
)


def _images_beside(written_in: Sequence[Path], body: str, roots: Sequence[Path]) -> list[Path]:
    """Files an organisation's chapter may show, by a generous reading of its text: every
    address that names a file beside one of the files its lines were written in (the
    chapter, its includes) or, as ``~/...``, in its docset (the bundled content is hashed
    whole)."""
    found = []
    for groups in _IMAGE_PATH.findall(body):
        address = next(group for group in groups if group)
        if address.lower().startswith("data:"):  # inline: its bytes are in the body
            continue
        for file in written_in:
            try:
                path = resolve_source(address, file, roots)
                if path.is_file():
                    found.append(path)
            except (OSError, ValueError):  # an address no file can have (too long, NUL)
                continue
    return list(dict.fromkeys(found))


def inputs_of(guide: Gathered, options: BuildOptions, digests: Digests) -> Inputs:
    """The hash of everything the outputs of the organisation ``guide`` gathered depend on,
    and its fingerprint, from the bytes gathering read (raises an OSError for a file it
    names that cannot be read)."""
    org = guide.org
    org_file = org.file
    digest = hashlib.sha256()

    def add(label: str, data: bytes) -> None:
        digest.update(label.encode() + b"\0" + hashlib.sha256(data).digest())

    add("version", __version__.encode())
    add("options", output_options(options))
    add("organisation", org.source)
    add("folder", sharing(org_file))
    spec = org.spec
    named = [spec.organisation.logo, *(spec.content.replace.values()), *spec.content.add]
    if spec.organisation.fonts:
        named += [name for name in spec.organisation.fonts.model_dump().values() if name]
    uses: list[str] = []
    for name in named:
        if name:
            path = org.path_of(name)
            uses.append(str(path))
            add(f"file:{name}", digests.of(path).encode())
    language = spec.organisation.locale
    content = options.folders.content_dir.resolve()
    selected = guide.selected
    for chapter in selected:
        translated, _ = chapter.in_language(language)
        add(f"chapter:{chapter.meta.id}", translated.meta.model_dump_json().encode())
        add(f"body:{chapter.meta.id}", translated.body.encode())  # includes resolved
        if not translated.file.resolve().is_relative_to(content):  # the organisation's own
            for path in (translated.file, *translated.included):
                uses.append(str(path.resolve()))
            written_in = (translated.file, *translated.included)
            for path in _images_beside(written_in, translated.body, org.roots):
                uses.append(str(path))
                add(f"image:{path}", digests.of(path).encode())
    add("shared", _shared_digest(options.folders, digests).encode())
    as_of = options.today.isoformat() if spec.training.date is None else ""
    if as_of:
        add("today", as_of.encode())
    # review notes are as of the plan's date (the training's, or today's, hashed above), so
    # every day gives the same notes
    days = "/"
    uses_once = tuple(dict.fromkeys(uses))
    return Inputs(
        digest.hexdigest(),
        fingerprint(org_file, org.source, uses_once, as_of, options, digests),
        uses_once,
        as_of,
        days,
    )
