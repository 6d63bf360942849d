"""The screen edition: guide.html with its files beside it, nothing from the network."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

from click.testing import CliRunner

from guide import defaults
from guide.cli import main
from tests.conftest import WriteOrg

REPO = Path(__file__).resolve().parents[2]


class Page(HTMLParser):
    """What a test needs from a page: resources it loads, links, ids, headings, metas."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.resources: list[str] = []
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.metas: dict[str, str] = {}
        self.h1: list[str] = []
        self._h1: list[str] | None = None  # the text of the h1 being read, spans and all
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if "id" in values:
            self.ids.add(values["id"])
        if tag in {"img", "script"} and "src" in values:
            self.resources.append(values["src"])
        if tag == "link":
            self.resources.append(values.get("href", ""))
        if tag == "a" and "href" in values:
            self.links.append(values["href"])
        if tag == "meta" and "name" in values:
            self.metas[values["name"]] = values.get("content", "")
        if tag == "h1":
            self._h1 = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "h1" and self._h1 is not None:
            self.h1.append("".join(self._h1).strip())
            self._h1 = None

    def handle_data(self, data: str) -> None:
        if self._h1 is not None:
            self._h1.append(data)


def test_html_format_writes_a_page_whose_files_are_all_beside_it(tmp_path: Path) -> None:
    out = tmp_path / "out"
    org = defaults.ORGS_DIR / "contoso.yaml"
    result = CliRunner().invoke(main, ["build", str(org), "-o", str(out), "--format", "html"])
    assert result.exit_code == 0, result.output
    folder = out / "contoso"
    assert not (folder / "guide.pdf").exists()
    text = (folder / "guide.html").read_text(encoding="utf-8")
    page = Page(text)
    assert page.metas["viewport"].startswith("width=device-width")
    assert "Contoso Pharmaceuticals" in text
    assert {"Welcome", "MD-102: Endpoint Administrator", "Exam day"} <= set(page.h1)
    # every resource the page loads is a copied file or inline data: nothing from a network
    for resource in page.resources:
        assert not re.match(r"(https?:|file:|//)", resource), resource
        if not resource.startswith("data:"):
            assert (folder / resource).is_file(), resource
    assert "assets/org/contoso-logo.svg" in page.resources
    # the fonts the stylesheet names are there too
    css = (folder / "assets/styles/guide.css").read_text(encoding="utf-8")
    fonts = re.findall(r"url\((fonts/[^)]+)\)", css)
    assert fonts and all((folder / "assets/styles" / font).is_file() for font in fonts)
    # the sidebar's links all land somewhere in the page
    internal = [link[1:] for link in page.links if link.startswith("#")]
    assert "md-102" in internal and len(internal) > 20
    assert set(internal) <= page.ids
    # and it says what it wrote
    assert "guide.html" in result.output and "files in assets/" in result.output


def test_pdf_and_html_together_are_in_the_manifest_and_cached(tmp_path: Path) -> None:
    out = tmp_path / "out"
    org = defaults.ORGS_DIR / "fabrikam.yaml"
    args = ["build", str(org), "-o", str(out), "--format", "pdf,html"]
    first = CliRunner().invoke(main, args)
    assert first.exit_code == 0, first.output
    entries = json.loads((out / "manifest.json").read_text())["outputs"]
    kinds = {entry["kind"] for entry in entries}
    assert {"guide", "html", "asset"} <= kinds
    for entry in entries:
        assert (out / entry["path"]).stat().st_size == entry["bytes"]
    second = CliRunner().invoke(main, args)
    assert "up to date" in second.output
    # asking for another format is another build
    third = CliRunner().invoke(main, ["build", str(org), "-o", str(out), "--format", "html"])
    assert "guide.html" in third.output and "up to date" not in third.output


def test_html_only_never_loads_the_pdf_engine(write_org: WriteOrg, tmp_path: Path) -> None:
    org = write_org("organisation: {name: Acme Corp}\nteam: {roles: {endpoint-admin: 2}}\n")
    code = (
        "import sys\nfrom guide.cli import main\n"
        f"try:\n    main(['build', {str(org)!r}, '-o', {str(tmp_path / 'o')!r}, '-f', 'html'])\n"
        "except SystemExit as stop:\n    assert stop.code == 0, stop.code\n"
        "print('weasyprint' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True
    )
    assert result.stdout.strip().splitlines()[-1] == "False"
    assert (tmp_path / "o" / "acme" / "guide.html").is_file()


def test_an_unknown_format_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["build", "-o", str(tmp_path), "--format", "pdf,epub"])
    assert result.exit_code == 2
    assert "unknown format 'epub'" in result.output


def test_the_images_an_svg_logo_draws_travel_with_the_page(tmp_path: Path) -> None:
    """An SVG logo that draws a PNG (and an SVG drawing another PNG) beside it: the page's
    copy of the logo would show nothing if those files stayed behind."""
    from PIL import Image

    folder = tmp_path / "acme"
    (folder / "art").mkdir(parents=True)
    Image.new("RGB", (8, 8), "red").save(folder / "mark.png")
    Image.new("RGB", (8, 8), "blue").save(folder / "art" / "dot.png")
    (folder / "art" / "badge.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8">'
        '<image href="dot.png" width="8" height="8"/></svg>',
        encoding="utf-8",
    )
    (folder / "logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        'width="40" height="20"><image xlink:href="mark.png" width="20" height="20"/>'
        '<image href="art/badge.svg" x="20" width="20" height="20"/></svg>',
        encoding="utf-8",
    )
    org = folder / "acme.yaml"
    org.write_text(
        "organisation:\n  name: Acme\n  logo: logo.svg\ntraining:\n  date: 2027-03-01\n"
        "team:\n  roles:\n    endpoint-admin: 2\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(org), "-o", str(out), "-f", "html"])
    assert result.exit_code == 0, result.output
    assets = out / "acme" / "assets" / "org"
    assert (assets / "logo.svg").is_file()
    assert (assets / "mark.png").read_bytes() == (folder / "mark.png").read_bytes()
    assert (assets / "art" / "badge.svg").is_file()
    assert (assets / "art" / "dot.png").read_bytes() == (folder / "art" / "dot.png").read_bytes()
