"""Every page of every edition passes the page-quality checker (bench/page_quality.py): the
bundled examples, and organisations made up for it (Letter and A4, English and French, short
and long names, 1 to 40 members, with and without a logo), each built with its handouts,
trainer edition and booklet.

Each kind of finding is its own test, so a failure names what a trainer would see.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

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

BUNDLED = ("contoso", "fabrikam", "northwind")
#: The booklet's pages are sheets with two pages side by side: only what does not depend on
#: where a page ends is checked there; its pages, unfolded in reading order, get every check.
SHEET_KINDS = {OVERLAP, OFF_PAGE, LONG_LINES}
BOOKLET, UNFOLDED = "guide-booklet.pdf", "guide-booklet.pdf, unfolded"


@dataclass(frozen=True)
class Checked:
    org: str
    findings: dict[str, list[Finding]]  # document (path under the organisation's folder) -> ...

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
    return Checked(name, findings)


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
