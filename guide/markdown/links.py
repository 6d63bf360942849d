"""Where a chapter's links land: in-page anchors, other chapters of the guide, Learn addresses.

An article pasted from Microsoft Learn links to its own headings (``#create-the-policy``), to
sibling articles (``enroll.md``, ``../fundamentals/roles.md#admins``) and to the site
(``/windows/...``). In the guide every heading id is scoped to its chapter
(``{chapter}--{slug}``), so each link is rewritten here:

- ``#anchor``: the chapter's own heading or ``<a name>``, when it has one;
- ``file.md#anchor``: the chapter made from that file, when the guide has it; else the article's
  address on Learn, when the organisation names the base address of the folder it is in
  (``content.docsets``);
- anything else that cannot land prints as its text, with a warning at its line; a build
  never fails on a link.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urljoin

from guide.content.docset_paths import resolve_source
from guide.content.slugs import heading_slug

#: Any address with a scheme is kept: markdown-it already refuses javascript:, data: and file:.
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)


@dataclass(frozen=True)
class LinkTargets:
    """What the links of every chapter in one document may land on."""

    anchors: frozenset[str] = frozenset()  # every id in the document: chapters, headings
    chapters: Mapping[Path, str] = field(default_factory=dict)  # article file -> chapter id
    docsets: tuple[tuple[Path, str], ...] = ()  # folder -> its base address on Learn


@dataclass(frozen=True)
class Resolved:
    """A link's address in the guide, or None (print its text) with the reason why."""

    href: str | None
    warning: str | None = None
    local: bool = False  # it names a file: where it lands depends on the files around it


def scoped_id(doc_id: str, anchor: str) -> str:
    """The id an anchor of chapter ``doc_id`` has in the guide."""
    return f"{doc_id}--{anchor}"


def _anchor_in(doc_id: str, fragment: str, anchors: frozenset[str]) -> str | None:
    fragment = unquote(fragment)
    for candidate in (fragment, fragment.lower(), heading_slug(fragment)):
        if scoped_id(doc_id, candidate) in anchors:
            return scoped_id(doc_id, candidate)
    return None


def resolve_link(
    href: str,
    doc_id: str,
    source_file: Path | None,
    targets: LinkTargets,
    roots: Sequence[Path] = (),
) -> Resolved:
    """Where ``href``, written in chapter ``doc_id`` (in ``source_file``), lands; ``~/``
    paths count from the docset's root within ``roots`` (``docset_paths``)."""
    if not href or _SCHEME.match(href) or href.startswith("//"):
        return Resolved(href)  # a web address, mail, or ms-settings: and the like
    path_part, _, fragment = href.partition("#")
    path_part = path_part.partition("?")[0]
    if not path_part:
        anchor = _anchor_in(doc_id, fragment, targets.anchors)
        if anchor:
            return Resolved("#" + anchor)
        return Resolved(
            None,
            f"link to '#{fragment}': this chapter has no heading or anchor "
            f"'{fragment}'; it prints as text",
        )
    if source_file is None or path_part.startswith("/"):
        return Resolved(href)  # site-relative: Learn's own address (``learn.site_relative``)
    target = resolve_source(unquote(path_part).replace("\\", "/"), source_file, roots)
    chapter = targets.chapters.get(target)
    if chapter is not None:
        if not fragment:
            return Resolved("#" + chapter, local=True)
        anchor = _anchor_in(chapter, fragment, targets.anchors)
        if anchor:
            return Resolved("#" + anchor, local=True)
        return Resolved(
            "#" + chapter,
            f"link to '{href}': that chapter has no heading or anchor '{fragment}'; it "
            "links to the chapter's start",
            local=True,
        )
    address = learn_address(target, href, targets.docsets)
    if address:
        return Resolved(address, local=True)
    return Resolved(
        None,
        f"link to '{href}': that article is not in this guide; it prints as text (name the "
        "folder's address on Learn under content.docsets to link to it there)",
        local=True,
    )


def learn_address(target: Path, href: str, docsets: tuple[tuple[Path, str], ...]) -> str | None:
    """The Learn address of the article at ``target``, when it lies in a folder whose base
    address the organisation names: the same path under that address, without ``.md``."""
    for folder, base in docsets:
        try:
            relative = target.relative_to(folder.resolve())
        except ValueError:
            continue
        path = relative.as_posix()
        for suffix in (".md", ".yml"):  # Learn serves both without their suffix
            if path.endswith(suffix):
                path = path[: -len(suffix)]
        if posixpath.basename(path) == "index":
            path = posixpath.dirname(path)
        fragment = href.partition("#")[2]
        return urljoin(base.rstrip("/") + "/", path) + (f"#{fragment}" if fragment else "")
    return None
