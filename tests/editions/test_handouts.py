"""The session pack: handouts per member, the combined print file, the trainer edition and the
booklet, each opened and read."""

from __future__ import annotations

import re
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import zxingcpp
from pypdf import PdfReader

from guide import defaults
from guide.build import BuildResult, build_guide
from guide.compose.gather import load_shared_content
from guide.options import BuildOptions
from guide.plan.handouts import member_slugs

MEMBERS = ["Alice Martin", "Karim Haddad", "Sofia Rossi", "Bob Leroy", "Chloé Dubois"]


@pytest.fixture(scope="module")
def pack(tmp_path_factory: pytest.TempPathFactory) -> dict[str, BuildResult]:
    options = BuildOptions(output_dir=tmp_path_factory.mktemp("pack"), handouts=True, booklet=True)
    shared = load_shared_content(options.folders)
    return {
        slug: build_guide(defaults.ORGS_DIR / f"{slug}.yaml", options, shared)
        for slug in ("contoso", "fabrikam")
    }


def output(result: BuildResult, kind: str) -> Path:
    return next(o.path for o in result.outputs if o.kind == kind)


def text_of(path: Path) -> list[str]:
    return [re.sub(r"\s+", " ", page.extract_text() or "") for page in PdfReader(path).pages]


@pytest.mark.slow
def test_each_member_gets_a_short_handout_of_their_own(pack: dict[str, BuildResult]) -> None:
    result = pack["contoso"]
    folder = output(result, "guide").parent / "handouts"
    # the four unnamed endpoint administrators share one file, their role's
    assert sorted(p.stem for p in folder.glob("*.pdf")) == sorted(
        [*member_slugs(MEMBERS), "endpoint-admin"]
    )
    expected = {
        "Alice Martin": ("Endpoint administrator", "MD-102"),
        "Bob Leroy": ("Microsoft 365 administrator", "AB-650"),
        "Sofia Rossi": ("Endpoint security administrator", "MD-102"),
    }
    for name, (role, exam) in expected.items():
        pages = text_of(folder / f"{member_slugs([name])[0]}.pdf")
        assert len(pages) == 2  # the front and the back, both full
        text = " ".join(pages)
        assert name in text and role in text and f"{exam} at a glance" in text
        assert "18 January 2027" in text and "Lyon, building C" in text and "Jane Doe" in text
        assert "Notes" in pages[-1]
        for other in MEMBERS:
            if other != name:
                assert other not in text, f"{other} appears in {name}'s handout"


@pytest.mark.slow
def test_handouts_checklist_has_weights_and_tick_boxes(pack: dict[str, BuildResult]) -> None:
    folder = output(pack["contoso"], "guide").parent / "handouts"
    text = " ".join(text_of(folder / "alice-martin.pdf"))
    assert "Prepare infrastructure for devices 20–25%" in text
    assert "Studied Lab done Ready" in text


@pytest.mark.slow
def test_combined_handouts_start_each_person_on_a_right_hand_page(
    pack: dict[str, BuildResult],
) -> None:
    path = output(pack["contoso"], "handouts")
    reader = PdfReader(path)
    items = [item for item in reader.outline if not isinstance(item, list)]
    starts = [reader.get_destination_page_number(item) + 1 for item in items]
    titles = [item.title for item in items]
    assert titles == [*MEMBERS, *["Endpoint administrator"] * 4]  # a copy per unnamed person
    ends = [*starts[1:], len(reader.pages) + 1]
    for title, start, end in zip(titles, starts, ends, strict=True):
        assert start % 2 == 1, f"{title} starts on page {start}"
        assert (end - start) % 2 == 0, f"{title} takes {end - start} pages"
    assert len(reader.pages) % 2 == 0


@pytest.mark.slow
def test_role_handouts_when_no_member_is_named(pack: dict[str, BuildResult]) -> None:
    folder = output(pack["fabrikam"], "guide").parent / "handouts"
    assert sorted(p.stem for p in folder.glob("*.pdf")) == ["endpoint-admin", "security-admin"]
    pages = text_of(folder / "security-admin.pdf")
    assert "Endpoint security administrator" in pages[0] and "Name" in pages[0]
    combined = PdfReader(output(pack["fabrikam"], "handouts"))
    titles = [item.title for item in combined.outline if not isinstance(item, list)]
    assert titles == [*["Endpoint administrator"] * 8, *["Endpoint security administrator"] * 3]


def test_members_with_the_same_name_get_distinct_stable_slugs() -> None:
    assert member_slugs(["Ann Lee", "Bo", "Ann Lee", "Ann  Lee", "山田"]) == [
        "ann-lee",
        "bo",
        "ann-lee-2",
        "ann-lee-3",
        "shantian",
    ]


@pytest.mark.slow
def test_trainer_edition_has_notes_the_learner_guide_does_not(pack: dict[str, BuildResult]) -> None:
    result = pack["contoso"]
    trainer = " ".join(text_of(output(result, "trainer")))
    learner = " ".join(text_of(output(result, "guide")))
    assert trainer.count("Facilitator note") >= 5  # small capitals extract as the words
    assert "Facilitator note" not in learner and "Walk through the chart" not in learner
    assert "Walk through the chart before the tables" in trainer
    assert "Roster" in trainer and "Trainer edition" in trainer
    assert re.search(r"Bob Leroy Microsoft 365 administrator AB-650 – 3", trainer)


@pytest.mark.slow
def test_trainer_page_references_match_the_learner_guide(pack: dict[str, BuildResult]) -> None:
    result = pack["contoso"]
    learner = PdfReader(output(result, "guide"))
    outline: list[tuple[str, int]] = []  # every heading, in reading order

    def walk(items: list[object]) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                outline.append((item.title, learner.get_destination_page_number(item) + 1))  # type: ignore[attr-defined]

    walk(learner.outline)
    learner_pages = {title: page for title, page in reversed(outline)}  # the first of a title
    trainer_text = "\n".join(
        page.extract_text() for page in PdfReader(output(result, "trainer")).pages
    )
    references = re.findall(r"([^\n]+)\n→\s?Learners: p\. (\d+)", trainer_text)
    assert len(references) >= 20
    position = 0
    for heading, page in references:
        # the next heading of that title (one that wraps, at a space or a hyphen, is read
        # back by its last line)
        found = next(
            index
            for index in range(position, len(outline))
            if outline[index][0] == heading.strip()
            or outline[index][0].endswith((" " + heading.strip(), "-" + heading.strip()))
        )
        assert outline[found][1] == int(page), heading
        position = found + 1
    chapter_refs = re.findall(r"Reviewed \d+ \w+ \d{4} · Learners: p\. (\d+)", trainer_text)
    assert [int(p) for p in chapter_refs] == [
        learner_pages[t]
        for t in (
            "Welcome",
            "Your team’s certification plan",
            "Choosing by responsibility",
            "MD-102: Endpoint Administrator",
            "AB-650: Microsoft 365 and AI Services Administrator",
            "SC-300: Identity and Access Administrator",
            "Exam day",
        )
    ]


def halves(path: Path, index: int) -> tuple[str, str]:
    page = pdfium.PdfDocument(path)[index]
    width, height = page.get_size()
    text = page.get_textpage()
    left = text.get_text_bounded(0, 0, width / 2, height)
    right = text.get_text_bounded(width / 2, 0, width, height)
    return re.sub(r"\s+", " ", left), re.sub(r"\s+", " ", right)


@pytest.mark.slow
@pytest.mark.parametrize("slug, sheet", [("contoso", (842, 595)), ("fabrikam", (792, 612))])
def test_booklet_is_imposed_for_saddle_stitching(
    pack: dict[str, BuildResult], slug: str, sheet: tuple[int, int]
) -> None:
    path = output(pack[slug], "booklet")
    reader = PdfReader(path)
    sides = len(reader.pages)
    pages = sides * 2
    assert pages % 4 == 0
    assert float(reader.pages[0].mediabox.width) == pytest.approx(sheet[0], abs=1)
    assert float(reader.pages[0].mediabox.height) == pytest.approx(sheet[1], abs=1)
    front_left, front_right = halves(path, 0)
    org = "Contoso Pharmaceuticals" if slug == "contoso" else "Fabrikam Logistics"
    assert org in front_right and "Training date" in front_right  # the cover, page 1
    every_side = " ".join(" ".join(halves(path, index)) for index in range(sides))
    totals = {int(total) for total in re.findall(r"Page \d+ of (\d+)", every_side)}
    assert len(totals) == 1
    total = totals.pop()
    assert total + 1 <= pages < total + 5  # the back cover, blank pages padded before it
    back_left, back_right = halves(path, 1)
    assert back_left.strip() == ""  # page 2, the back of the cover
    assert org in front_left and "Your exams on Microsoft Learn" in front_left  # back cover
    if pages - 1 == total:
        assert f"Page {pages - 1} of {total}" in back_right
    else:
        assert back_right.strip() == "Notes"  # a ruled page added to reach a multiple of 4
    _, second_right = halves(path, 2)
    assert f"Page 3 of {total}" in second_right or "Contents" in second_right


def decode_qr(path: Path, index: int) -> list[str]:
    image = pdfium.PdfDocument(path)[index].render(scale=3).to_pil()
    return [barcode.text for barcode in zxingcpp.read_barcodes(image)]


@pytest.mark.slow
def test_handout_qr_code_decodes_to_the_official_exam_page(pack: dict[str, BuildResult]) -> None:
    folder = output(pack["contoso"], "guide").parent / "handouts"
    assert decode_qr(folder / "alice-martin.pdf", 0) == [
        "https://learn.microsoft.com/en-us/credentials/certifications/modern-desktop/"
    ]
    assert decode_qr(folder / "bob-leroy.pdf", 0) == [
        "https://learn.microsoft.com/en-us/credentials/certifications/exams/ab-650/"
    ]


@pytest.mark.slow
def test_guide_exam_facts_carry_qr_codes(pack: dict[str, BuildResult]) -> None:
    path = output(pack["contoso"], "guide")
    reader = PdfReader(path)
    chapters = [item for item in reader.outline if not isinstance(item, list)]
    start = next(
        reader.get_destination_page_number(item)
        for item in chapters
        if item.title == "MD-102: Endpoint Administrator"
    )
    assert decode_qr(path, start) == [
        "https://learn.microsoft.com/en-us/credentials/certifications/modern-desktop/"
    ]


@pytest.mark.slow
def test_every_external_link_has_its_address_printed(pack: dict[str, BuildResult]) -> None:
    path = output(pack["contoso"], "guide")
    reader = PdfReader(path)
    printed = re.sub(r"\s+", "", " ".join(page.extract_text() for page in reader.pages))
    addresses = {
        str(annot.get_object()["/A"]["/URI"])
        for page in reader.pages
        for annot in page.get("/Annots", [])
        if "/A" in annot.get_object() and "/URI" in annot.get_object()["/A"]
    }
    assert len(addresses) >= 10
    for address in addresses:
        assert address in printed, address
