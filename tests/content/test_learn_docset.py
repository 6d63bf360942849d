"""A folder of Learn articles, added unedited, builds to PDF and HTML as a reader expects: no
Learn syntax left raw, every link that lands does so (PDF link annotations, HTML ids), the
TOC's order and names, and ``guide check`` says what the build says.

The articles (tests/fixtures/learn-docset/) are written for these tests, in Learn's syntax:
front matter with Learn's keys and an empty ``ms.date``, an H1, an include, tabs, zone pivots
with their names in ``zone-pivot-groups.yml``, a code file, a video, rows and columns,
``<a name>`` anchors, inline tags, links to headings, to sibling articles, to an article
outside the guide (a docset address) and to a heading that does not exist.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import NamedTuple

import pytest
from pypdf import PdfReader

from guide.build import BuildResult, build_guide
from guide.check import check
from guide.options import BuildOptions

ORG = Path(__file__).parents[1] / "fixtures" / "learn-docset" / "northwind-learn.yaml"
RAW = ("[!", ":::", "<!--", "{{", "#tab/", "zone-end")
CHAPTERS = ["Windows Autopilot", "User-driven deployment", "Pre-provisioned deployment"]


class _Page(HTMLParser):
    def __init__(self, text: str) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.internal: list[str] = []
        self.text: list[str] = []
        self._skip = 0
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(str(values["id"]))
        if tag == "a" and (values.get("href") or "").startswith("#"):
            self.internal.append(str(values["href"])[1:])
        self._skip += tag in {"script", "style"}

    def handle_endtag(self, tag: str) -> None:
        self._skip -= tag in {"script", "style"}

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.text.append(data)


class Built(NamedTuple):
    result: BuildResult
    reader: PdfReader
    html: str


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    options = BuildOptions(output_dir=tmp_path_factory.mktemp("docset"), formats=("pdf", "html"))
    result = build_guide(ORG, options)
    folder = result.pdf.parent
    return Built(
        result, PdfReader(folder / "guide.pdf"), (folder / "guide.html").read_text("utf-8")
    )


def _squashed(reader: PdfReader) -> str:
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    return re.sub(r"\s+", " ", re.sub(r"\u2010\s+", "", text))


@pytest.mark.slow
def test_no_learn_syntax_is_left_raw(built: Built) -> None:
    _, reader, html = built
    for where, text in (("PDF", _squashed(reader)), ("HTML", "".join(_Page(html).text))):
        assert not [mark for mark in RAW if mark in text], where
    squashed = _squashed(reader)
    # what the constructs printed: every tab and pivot under its label, the code, the video
    for printed in (
        "Intune admin center",
        "Microsoft Graph",
        "User-driven",
        "Self-deploying",
        '"displayName": "Sales laptops"',
        "Video https://learn-video.azurefd.net",
        "Each device needs Windows 11 Pro",
        "Shift+F10",
        "https://<tenant>.sharepoint.com",
    ):
        assert printed in squashed, printed
    assert "This article is the landing page" not in squashed  # a comment
    assert "Image not available" in squashed
    assert squashed.count("The steps a device takes from its first start") == 1


@pytest.mark.slow
def test_chapters_follow_the_toc_with_its_names(built: Built) -> None:
    reader = built.reader
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    assert [t for t in titles if t in CHAPTERS] == CHAPTERS
    assert "Overview of Windows Autopilot" not in _squashed(reader)  # the H1, as the title
    assert "Adapted from Microsoft Learn" in _squashed(reader)  # the article without a date


@pytest.mark.slow
def test_every_internal_link_lands_in_the_pdf(built: Built) -> None:
    """Each link annotation to a place in the guide names a destination on one of its pages;
    the articles' links to their own headings and to each other are among them."""
    _, reader, _ = built
    destinations = reader.named_destinations
    pages = {page.indirect_reference.idnum for page in reader.pages}
    named = [
        str(link["/Dest"])
        for page in reader.pages
        for link in (annotation.get_object() for annotation in page.get("/Annots") or [])
        if link.get("/Subtype") == "/Link" and "/Dest" in link
    ]
    missing = [name for name in named if name not in destinations]
    assert not missing
    assert all(destinations[name].page.idnum in pages for name in named)
    for anchor in ("overview--requirements", "overview--oobe", "deploy-pre-provision"):
        assert anchor in named, anchor
    assert "deploy-user-driven--assign-the-profile" in named


@pytest.mark.slow
def test_every_internal_link_lands_in_the_html(built: Built) -> None:
    _, _, html = built
    page = _Page(html)
    assert page.internal and not [href for href in page.internal if href not in page.ids]
    for anchor in (
        "overview--requirements",
        "overview--oobe",
        "deploy-user-driven--assign-the-profile",
    ):
        assert anchor in page.internal, anchor
    assert 'href="https://learn.microsoft.com/en-us/intune/enroll"' in html
    assert 'href="https://learn.microsoft.com/en-us/autopilot"' in html  # ../index.yml
    assert 'href="ms-settings:windowsupdate"' in html  # a Windows settings page, kept


@pytest.mark.slow
def test_paths_count_from_the_file_they_are_written_in(built: Built) -> None:
    """An include's image is beside the include, whichever chapter includes it, and an
    include named from the docset root (``~/``) is found."""
    _, reader, html = built
    assert html.count("hash-upload.png") == 2  # in the overview and in pre-provisioning
    assert _squashed(reader).count("Each device needs Windows 11 Pro") == 2
    assert "hash-upload.png" not in _squashed(reader)


@pytest.mark.slow
def test_guide_check_reports_what_the_build_warns(built: Built) -> None:
    result, _, _ = built
    report = check([ORG], BuildOptions())
    assert report.ok
    checked = {str(w) for f in report.files for w in f.warnings if "learn-docset" in str(w)}
    said = {str(w) for w in result.warnings if "learn-docset" in str(w)}
    assert checked == said
    assert any("user-driven.md:46: warning: link to '#not-a-heading'" in w for w in said), said
    assert any("user-driven.md:4:1: warning: ms.date: empty" in w for w in said), said
    assert any("1 missing image printed as a placeholder" in w for w in said), said
    assert len(said) == 3, said
