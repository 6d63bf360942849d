"""The screen edition: the guide as one HTML page, with the files it shows copied beside it.

A PDF render reads files where they lie, through the confined fetcher; a page for screens
must carry them. ``Assets`` gives every file the page refers to (stylesheets and their
fonts, the logo and the images an SVG draws, the organisation's fonts, chapter images) a
relative address under ``assets/``, so the folder opens from disk, copies anywhere and serves
as is: nothing is fetched from the network.
"""

from __future__ import annotations

import hashlib
import urllib.parse
from collections.abc import Mapping
from pathlib import Path

from guide import defaults
from guide.compose.edition import compose
from guide.compose.layout import Edition
from guide.compose.prepare import PreparedGuide
from guide.content.confine import MAX_RESOURCE_BYTES, read_input
from guide.content.images import drawn_files
from guide.editions.documents import PendingFile
from guide.options import BuildOptions, InputFolders

ASSETS = "assets"
SCREEN_STYLESHEETS = ("guide.css", "screen.css")
SCREEN_SCRIPT = "screen.js"


class Assets:
    """The files a screen page refers to, by the relative address it uses for each."""

    def __init__(self, roots: Mapping[str, Path]) -> None:
        self._roots = {label: folder.resolve() for label, folder in roots.items()}
        self.files: dict[str, Path] = {}

    def url(self, path: Path) -> str:
        """The address of ``path`` in the page (``assets/<root>/<path in root>``)."""
        resolved = path.resolve()
        for label, folder in self._roots.items():
            if resolved.is_relative_to(folder):
                name = f"{ASSETS}/{label}/{resolved.relative_to(folder).as_posix()}"
                self.files[name] = resolved
                return urllib.parse.quote(name)
        raise ValueError(f"{path} is outside the folders a guide reads")

    def add_drawn(self) -> None:
        """The files each SVG among the assets draws, at the same relative place."""
        roots = tuple(self._roots.values())
        for source in [path for path in self.files.values() if path.suffix.lower() == ".svg"]:
            for drawn in drawn_files(source, roots):
                self.url(drawn)

    def add_folder(self, folder: Path) -> None:
        """Every file in ``folder``: a stylesheet's fonts are found by relative URLs."""
        for file in sorted(folder.rglob("*")):
            inside = any(file.resolve().is_relative_to(root) for root in self._roots.values())
            if file.is_file() and not file.name.startswith(".") and inside:
                self.url(file)  # (a link out of the folders is left behind)

    def source_of(self, address: str) -> Path | None:
        """The file behind an address the page uses, or None: nothing else is served."""
        return self.files.get(urllib.parse.unquote(address).lstrip("/"))


def assets_for(guide: PreparedGuide, folders: InputFolders) -> Assets:
    assets = Assets(
        {
            "styles": folders.styles_dir,
            "content": folders.content_dir,
            "org": guide.org.folder,
        }
    )
    assets.add_folder(folders.styles_dir)
    return assets


def screen_html(
    guide: PreparedGuide, options: BuildOptions, assets: Assets, *, preview: bool = False
) -> str:
    """The screen edition's HTML; ``assets`` learns every file it refers to."""
    html = compose(
        guide.gathered,
        Edition("screen"),
        options,
        stylesheets=[options.folders.styles_dir / name for name in SCREEN_STYLESHEETS],
        scripts=[options.folders.styles_dir / SCREEN_SCRIPT],
        asset_url=assets.url,
        preview=preview,
    ).html
    assets.add_drawn()
    return html


def screen_files(guide: PreparedGuide, options: BuildOptions) -> list[PendingFile]:
    """``guide.html`` and every file it refers to, read now and written with the rest."""
    assets = assets_for(guide, options.folders)
    html = screen_html(guide, options, assets)
    files = [PendingFile("html", defaults.HTML_NAME, html.encode("utf-8"), 0)]
    for name, source in sorted(assets.files.items()):
        data = read_input(source, MAX_RESOURCE_BYTES)
        read = ((str(source), hashlib.sha256(data).hexdigest()),)
        files.append(PendingFile("asset", name, data, 0, read))
    return files
