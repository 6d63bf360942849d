"""Editions that look their part: handouts numbered per handout and printed for every attendee,
named or not; the trainer edition marked on every page; the booklet's own back cover."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import zxingcpp
from pypdf import PdfReader

from guide.build import BuildResult, build_guide
from guide.compose.gather import load_shared_content
from guide.compose.prepare import prepare_file
from guide.editions.documents import PendingFile, handout_files
from guide.options import BuildOptions

TEAM = (
    "training: {title: Endpoint day, date: 2027-01-18, trainer: Jane Doe, venue: Lyon C}\n"
    "team:\n  roles: {endpoint-admin: 3, m365-admin: 1}\n"
    "  members: [{name: Bob Leroy, role: m365-admin}]\n"
)
ENGLISH = "organisation: {name: Tailspin Toys}\n" + TEAM
FRENCH = "organisation: {name: Tailspin Toys, locale: fr}\npaper: Letter\n" + TEAM


def pages_of(data: bytes | Path) -> list[str]:
    reader = PdfReader(data if isinstance(data, Path) else io.BytesIO(data))
    return [re.sub(r"\s+", " ", page.extract_text() or "") for page in reader.pages]


def handouts_of(org_text: str, tmp_path: Path) -> list[PendingFile]:
    """The session's handout files, rendered without the guide."""
    org = tmp_path / "tailspin.yaml"
    org.write_text(org_text, encoding="utf-8")
    options = BuildOptions(output_dir=tmp_path / "out", handouts=True)
    return handout_files(prepare_file(org, options, load_shared_content(options.folders)), options)


@pytest.mark.parametrize(
    ("org_text", "page_of", "name", "role"),
    [
        (ENGLISH, "Page {} of {}", "Name", "Endpoint administrator"),
        (FRENCH, "Page {} sur {}", "Nom", "Administrateur des points de terminaison"),
    ],
    ids=["en-A4", "fr-Letter"],
)
def test_every_attendee_gets_a_numbered_handout(
    org_text: str, page_of: str, name: str, role: str, tmp_path: Path
) -> None:
    files = handouts_of(org_text, tmp_path)
    combined = next(f for f in files if f.name == "handouts.pdf")
    reader = PdfReader(io.BytesIO(combined.data))
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    role = (
        "Endpoint administrator" if name == "Name" else "Administrateur des points de terminaison"
    )
    assert titles == ["Bob Leroy", role, role, role]  # 1 named + 3 unnamed, one copy each
    starts = [reader.get_destination_page_number(item) + 1 for item in reader.outline]
    ends = [*(start - 1 for start in starts[1:]), len(reader.pages)]
    texts = pages_of(combined.data)
    for start, end in zip(starts, ends, strict=True):
        total = end - start + 1
        assert total == 2, f"a handout of {total} pages"  # two full pages, or one
        for number in range(1, total + 1):
            assert page_of.format(number, total) in texts[start + number - 2]
    for start in starts[1:]:  # the unnamed have a line to write their name
        assert re.search(rf"\b{name}\b", texts[start - 1])
    assert "Bob Leroy" not in " ".join(texts[starts[1] - 1 :])
    # one file per named member, one per unnamed role: each numbered on its own
    singles = {f.name: pages_of(f.data) for f in files if f.kind == "handout"}
    assert sorted(singles) == ["handouts/bob-leroy.pdf", "handouts/endpoint-admin.pdf"]
    for pages in singles.values():
        assert [page_of.format(n, len(pages)) in text for n, text in enumerate(pages, 1)] == [
            True
        ] * len(pages)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    folder = tmp_path_factory.mktemp("editions")
    org = folder / "tailspin.yaml"
    org.write_text(ENGLISH, encoding="utf-8")
    options = BuildOptions(output_dir=folder / "out", handouts=True, booklet=True)
    return build_guide(org, options, load_shared_content(options.folders))


def output(result: BuildResult, kind: str) -> Path:
    return next(o.path for o in result.outputs if o.kind == kind)


@pytest.mark.slow
def test_every_page_of_the_trainer_edition_says_it_is_not_for_learners(
    built: BuildResult,
) -> None:
    trainer = pages_of(output(built, "trainer"))
    assert len(trainer) > 20
    missing = [
        n for n, text in enumerate(trainer, 1) if "Trainer edition — not for learners" not in text
    ]
    assert missing == []
    learner = " ".join(pages_of(output(built, "guide")))
    assert "not for learners" not in learner


@pytest.mark.slow
def test_the_booklet_ends_with_its_back_cover(built: BuildResult) -> None:
    path = output(built, "booklet")
    page = pdfium.PdfDocument(path)[0]  # first sheet, front: last page | first page
    width, height = page.get_size()
    last = re.sub(r"\s+", " ", page.get_textpage().get_text_bounded(0, 0, width / 2, height))
    for words in ("Tailspin Toys", "Endpoint day", "18 January 2027", "Jane Doe", "Lyon C"):
        assert words in last
    assert "Your exams on Microsoft Learn" in last and "Page " not in last
    image = page.render(scale=3).to_pil()
    left = image.crop((0, 0, image.width // 2, image.height))
    codes = sorted(barcode.text for barcode in zxingcpp.read_barcodes(left))
    assert codes and all(code.startswith("https://learn.microsoft.com/") for code in codes)
    assert any("modern-desktop" in code for code in codes)  # MD-102, the endpoint admins'
