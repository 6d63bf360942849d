"""Every page of every edition passes the page-quality checker (bench/page_quality.py): the
bundled examples, and organisations made up for it (Letter and A4, English and French, short
and long names, 1 to 40 members, with and without a logo), each built with its handouts,
trainer edition and booklet. The same PDFs are read as a screen reader and a PDF/UA
validator read them (tests/pdf_structure.py): tagged, headings in order, pictures with
alternative text, tables with header cells, page furniture as artifacts.

Each kind of finding is its own test, so a failure names what a trainer would see.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from bench.page_quality import (
    BLANK,
    LONG_LINES,
    NEAR_EMPTY,
    NO_PAGE_NUMBER,
    OFF_PAGE,
    OVERLAP,
    Finding,
    Limits,
    check_pdf,
)
from bench.unfold import unfold
from guide import defaults
from guide.build import build_guide
from guide.compose.gather import SharedContent, load_shared_content
from guide.options import BuildOptions
from tests.editions.generated_orgs import CASES, OrgCase, write_org
from tests.pdf_structure import Structure, read_structure

BUNDLED = ("contoso", "fabrikam", "northwind")
#: The booklet's pages are sheets with two pages side by side: only what does not depend on
#: where a page ends is checked there; its pages, unfolded in reading order, get every check.
SHEET_KINDS = {OVERLAP, OFF_PAGE, LONG_LINES}
BOOKLET, UNFOLDED = "guide-booklet.pdf", "guide-booklet.pdf, unfolded"


@dataclass(frozen=True)
class Checked:
    org: str
    findings: dict[str, list[Finding]]  # document (path under the organisation's folder) -> ...
    structures: dict[str, Structure]  # every document a reader opens (not the booklet) -> ...
    locale: str
    bookmarks: list[str]  # the guide's top-level bookmarks, in order
    root: Path  # the organisation's output folder

    def of_kind(self, kind: str) -> list[str]:
        return [
            f"{self.org}/{document} p. {f.page}: {f.detail}"
            for document, found in self.findings.items()
            for f in found
            if f.kind == kind and (kind in SHEET_KINDS or document != BOOKLET)
        ]


def limits_for(document: str) -> Limits:
    """Handouts show their page numbers; the combined file may add a blank verso per person."""
    if document == "handouts.pdf":
        return Limits(numbered=True, max_blank_ratio=0.34)
    return Limits(numbered=document.startswith("handouts/"))


@pytest.fixture(scope="module")
def shared() -> SharedContent:
    return load_shared_content(BuildOptions().folders)


@pytest.fixture(
    scope="module",
    params=[*BUNDLED, *CASES],
    ids=lambda p: p if isinstance(p, str) else p.slug,
)
def checked(
    request: pytest.FixtureRequest,
    shared: SharedContent,
    tmp_path_factory: pytest.TempPathFactory,
) -> Checked:
    case: str | OrgCase = request.param
    folder = tmp_path_factory.mktemp("quality")
    if isinstance(case, str):
        org_file, name = defaults.ORGS_DIR / f"{case}.yaml", case
    else:
        org_file, name = write_org(case, folder / "org"), case.slug
    options = BuildOptions(output_dir=folder / "out", handouts=True, booklet=True, time_limit=900)
    result = build_guide(org_file, options, shared)
    root = result.pdf.parent
    documents = sorted(str(p.relative_to(root)) for p in root.rglob("*.pdf"))
    assert {"guide.pdf", "trainer.pdf", "handouts.pdf", BOOKLET} <= set(documents)
    findings = {d: check_pdf(root / d, limits_for(d))[1] for d in documents}
    findings[UNFOLDED] = check_pdf(unfold(root / BOOKLET, folder / "unfolded.pdf"))[1]
    structures = {d: read_structure((root / d).read_bytes()) for d in documents}
    locale = yaml.safe_load(org_file.read_text("utf-8"))["organisation"].get("locale", "en")
    outline = PdfReader(root / "guide.pdf").outline
    bookmarks = [str(item.title) for item in outline if not isinstance(item, list)]
    return Checked(name, findings, structures, locale, bookmarks, root)


def assert_none(checked: Checked, kind: str) -> None:
    found = checked.of_kind(kind)
    assert not found, f"{len(found)} {kind} findings:\n" + "\n".join(found[:40])


@pytest.mark.slow
def test_no_text_over_a_picture_or_qr_code(checked: Checked) -> None:
    assert_none(checked, OVERLAP)


@pytest.mark.slow
def test_no_text_cut_by_the_page_edge_or_in_the_unprintable_strip(checked: Checked) -> None:
    assert_none(checked, OFF_PAGE)


@pytest.mark.slow
def test_no_near_empty_page(checked: Checked) -> None:
    found = [f for f in checked.of_kind(NEAR_EMPTY) if UNFOLDED not in f]
    assert not found, f"{len(found)} near-empty findings:\n" + "\n".join(found[:40])


@pytest.mark.slow
def test_no_near_empty_booklet_page(checked: Checked) -> None:
    found = [f for f in checked.of_kind(NEAR_EMPTY) if UNFOLDED in f]
    assert not found, f"{len(found)} near-empty findings:\n" + "\n".join(found[:40])


@pytest.mark.slow
def test_blank_pages_are_intentional_versos_and_rare(checked: Checked) -> None:
    assert_none(checked, BLANK)


@pytest.mark.slow
def test_lines_keep_a_readable_measure(checked: Checked) -> None:
    assert_none(checked, LONG_LINES)


@pytest.mark.slow
def test_every_handout_page_is_numbered(checked: Checked) -> None:
    assert_none(checked, NO_PAGE_NUMBER)


@pytest.mark.slow
def test_every_edition_is_checked(checked: Checked) -> None:
    """The checker read every file: a test above passing means no finding, not a file left
    out."""
    handouts = [d for d in checked.findings if d.startswith("handouts/")]
    assert handouts and {BOOKLET, UNFOLDED} <= set(checked.findings)


def read_by_people(checked: Checked) -> dict[str, Structure]:
    return {d: s for d, s in checked.structures.items() if d != BOOKLET}


@pytest.mark.slow
def test_every_pdf_a_reader_opens_is_tagged_pdf_ua(checked: Checked) -> None:
    """The guide, the trainer edition, handouts.pdf and every handout; the booklet, imposed
    for a printer, is not."""
    for document, structure in read_by_people(checked).items():
        where = f"{checked.org}/{document}"
        assert structure.marked and structure.ua_part == "1", where
        assert structure.lang and structure.lang.startswith(checked.locale), where
        assert structure.title and structure.shows_title, where
        assert structure.elements and structure.reading, where
    assert not checked.structures[BOOKLET].marked


@pytest.mark.slow
def test_headings_never_skip_a_level(checked: Checked) -> None:
    for document, structure in read_by_people(checked).items():
        levels = structure.headings()
        assert levels and levels[0] == 1, f"{checked.org}/{document}"
        skips = [(a, b) for a, b in itertools.pairwise(levels) if b > a + 1]
        assert not skips, f"{checked.org}/{document}: {skips}"


@pytest.mark.slow
def test_every_figure_has_alternative_text(checked: Checked) -> None:
    for document, structure in read_by_people(checked).items():
        figures = structure.of("/Figure")
        missing = [index for index, figure in enumerate(figures) if not (figure.alt or "").strip()]
        assert not missing, f"{checked.org}/{document}: figures {missing} of {len(figures)}"
        for figure in figures:
            if (figure.alt or "").startswith(("QR code", "Code QR")):
                assert "learn.microsoft.com/" in (figure.alt or ""), figure.alt


@pytest.mark.slow
def test_every_table_has_header_cells(checked: Checked) -> None:
    for document, structure in read_by_people(checked).items():
        elements = structure.elements
        for index, element in enumerate(elements):
            if element.kind != "/Table":
                continue
            inside = []
            for later in elements[index + 1 :]:
                if later.depth <= element.depth:
                    break
                inside.append(later.kind)
            assert "/TH" in inside, f"{checked.org}/{document}: table {index} has no header cell"
        scopes = {th.scope for th in structure.of("/TH")}
        assert scopes <= {"/Column", "/Row"}, f"{checked.org}/{document}: {scopes}"


@pytest.mark.slow
def test_pdfua_finds_nothing(checked: Checked) -> None:
    """pdfua (PyPI: PDF/UA-1's machine-checkable subset, on pikepdf) reports no finding on
    any file a reader opens; it checks what the structure tests above do not restate (the
    annotations' tags and contents, the fonts' Unicode maps, the metadata's title)."""
    import pdfua

    for document in read_by_people(checked):
        report = pdfua.validate(str(checked.root / document))
        found = [f"{f.rule_id}: {f.message}" for f in report.findings]
        assert not found, f"{checked.org}/{document}: {found[:5]}"
        assert len(report.outcomes) >= 10, report.outcomes  # the rules ran


@pytest.mark.slow
def test_every_link_is_one_link_element(checked: Checked) -> None:
    """Each link annotation belongs to a ``Link`` element, and no link is inside another
    (a contents line is one link to a reader, not one per generated part of it)."""
    for document, structure in read_by_people(checked).items():
        where = f"{checked.org}/{document}"
        assert set(structure.link_owners) <= {"/Link"}, f"{where}: {structure.link_owners}"
        open_links: list[int] = []
        for element in structure.elements:
            while open_links and open_links[-1] >= element.depth:
                open_links.pop()
            if element.kind == "/Link":
                assert not open_links, f"{where}: a link inside a link"
                open_links.append(element.depth)
    guide = checked.structures["guide.pdf"]
    assert guide.link_owners and len(guide.of("/Link")) >= 10


@pytest.mark.slow
def test_running_heads_and_folios_are_artifacts(checked: Checked) -> None:
    """Nothing is drawn outside the structure unless it is an artifact, and "Page N of M"
    is read by no screen reader: it is drawn, as an artifact, on every numbered page."""
    for document, structure in read_by_people(checked).items():
        where = f"{checked.org}/{document}"
        assert not structure.untagged, f"{where}: {structure.untagged[:5]}"
        folio = re.compile(r"(Page|Page) \d+ (of|sur) \d+")
        assert not [text for text in structure.reading if folio.search(text)], where
        assert any(folio.search(page) for page in structure.artifacts), where


@pytest.mark.slow
def test_a_screen_reader_reads_the_guide_in_order(checked: Checked) -> None:
    """The cover, then the contents, then each chapter: the top-level headings a reader
    meets are the guide's bookmarks, in their order."""
    structure = checked.structures["guide.pdf"]
    text = re.sub(r"\s+", " ", " ".join(structure.reading))
    contents = "Contents" if checked.locale == "en" else "Sommaire"
    assert 0 < text.index(contents) < text.index(checked.bookmarks[1])
    headings = [
        re.sub(r"\s+", " ", structure.text_under(index)).strip()
        for index, element in enumerate(structure.elements)
        if element.kind == "/H1"
    ]
    bookmarks = [re.sub(r"\s+", " ", title) for title in checked.bookmarks]  # French spaces
    read = [title for title in headings if title in bookmarks]
    assert read == [title for title in bookmarks if title in read]
    assert len(read) >= len(bookmarks) - 1, (headings, bookmarks)
