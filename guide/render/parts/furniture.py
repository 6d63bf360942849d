"""The page margins of a guide rendered in parts, drawn in a worker: ``FurnitureJob.render``.

The guide's template with ``part`` "furniture" is the guide's head (its stylesheets, so its
``@page`` rules and fonts) over an empty body. Into it go as many empty pages as the joined
guide has, each on the named page of the page it covers, setting the strings that page's
content set (``string-set``, in order), and a forced break wherever the guide has a blank
page, so the engine makes that blank page itself, with its own margins. The engine then
draws the running heads, "Page X of Y" and the rest as it would for the whole guide.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from guide.render.job import engine_session
from guide.render.variants import PLAIN, Archival, write


@dataclass(frozen=True)
class FurniturePage:
    """One page of the joined guide, as its margins need it."""

    name: str  # its named page ("" for none)
    strings: tuple[tuple[str, str], ...]  # what its content sets for the margins
    after_blank: str = ""  # "left" or "right": a blank page comes before it


@dataclass(frozen=True)
class RenderedFurniture:
    data: bytes
    reads: tuple[tuple[str, str], ...]  # the files read (path, SHA-256 of the bytes)


@dataclass(frozen=True)
class FurnitureJob:
    html: str
    base_url: str
    roots: tuple[Path, ...]
    pages: tuple[FurniturePage, ...]
    archival: Archival = PLAIN

    def render(self) -> RenderedFurniture:
        with engine_session(self.roots) as session:
            source = session.weasyprint.HTML(
                string=self.html, base_url=self.base_url, url_fetcher=session.fetcher
            )
            _add_pages(source.etree_element, self.pages)
            document = source.render()
            data = write(session.weasyprint, document, False, self.archival)
        return RenderedFurniture(data, tuple(sorted(session.fetcher.reads.items())))


def css_string(text: str) -> str:
    """``text`` as a CSS string literal."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\a ")
    return f'"{escaped}"'


def _add_pages(root: Any, pages: tuple[FurniturePage, ...]) -> None:
    body = next(element for element in root if element.tag.rsplit("}", 1)[-1] == "body")
    for page in pages:
        styles = []
        if page.name:
            styles.append(f"page: {page.name}")
        if page.after_blank:
            styles.append(f"break-before: {page.after_blank}")
        attributes = {"class": "furniture-page"}
        if styles:
            attributes["style"] = "; ".join(styles)
        div = body.makeelement(body.tag.replace("body", "div"), attributes)
        for name, text in page.strings:  # one block each: a page may set a string twice
            setter = div.makeelement(div.tag, {"style": f"string-set: {name} {css_string(text)}"})
            div.append(setter)
        body.append(div)
