"""A guide rendered in parts and joined is the same document as the guide rendered whole:
page by page text, pictures, outline, destinations, links, metadata, structure."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import ImageChops
from pypdf import PdfReader

from guide import defaults
from guide.compose.edition import compose
from guide.compose.gather import gather, load_shared_content
from guide.compose.layout import Edition
from guide.editions.documents import render_job
from guide.options import BuildOptions
from guide.render.job import RenderedPdf
from guide.render.parts.plan import render_in_parts
from guide.render.variants import PLAIN, Archival, Attached
from tests.pdf_structure import read_structure

NOTES = """\
---
id: our-notes
title: Our own notes
order: 65
audience: all
reviewed: 2026-11-01
---
## Before the session

Read [the details](more.md#the-details) first, then [the table below](#who-does-what),
and see [Microsoft Learn](https://learn.microsoft.com/en-us/credentials/) for the exams.[^1]

## Who does what

| Step | Who |
|---|---|
| Book | Everyone |
| Study | Everyone |

[^1]: Exam pages change often.
"""

MORE = """\
---
id: more-notes
title: More of our notes
order: 66
audience: all
reviewed: 2026-11-01
---
## The details

Back to [our notes](notes.md#before-the-session).
"""

ORG = """\
organisation:
  name: Acme
training:
  date: 2027-03-12
team:
  members:
    - {name: Ann Martin, role: endpoint-admin}
    - {name: Bo Chen, role: m365-admin}
content:
  add: [notes.md, more.md]
"""


DRAFT = """\
organisation: {name: Draft Co}
training: {date: 2027-03-12, trainer: Sam Lee}
paper: Letter
draft: true
team:
  roles: {endpoint-admin: 3, m365-admin: 2, security-admin: 1}
"""


@pytest.fixture(scope="module")
def acme(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("parts")
    (folder / "notes.md").write_text(NOTES, encoding="utf-8")
    (folder / "more.md").write_text(MORE, encoding="utf-8")
    (folder / "acme.yaml").write_text(ORG, encoding="utf-8")
    return folder / "acme.yaml"


def both(
    org_file: Path, runs: int = 4, archival: Archival = PLAIN
) -> tuple[RenderedPdf, RenderedPdf, int]:
    """The guide rendered whole, and in about ``runs`` documents joined; and how many
    parts were laid out again for their page references."""
    options = BuildOptions()
    gathered = gather(org_file, load_shared_content(options.folders), options)
    composed = compose(gathered, Edition(), options, in_parts=runs)
    job = render_job(composed.html, gathered.org, options.folders, fit=True, archival=archival)
    whole = job.render()
    joined = render_in_parts(composed.parts, job.base_url, job.roots, fit=True, archival=archival)
    assert joined is not None
    return whole, joined.pdf, joined.again


@pytest.fixture(
    scope="module",
    params=[
        defaults.ORGS_DIR / "contoso.yaml",
        defaults.ORGS_DIR / "fabrikam.yaml",
        "acme",
        "draft",
    ],
    ids=["contoso", "fabrikam", "acme", "draft-letter"],
)
def rendered(request: pytest.FixtureRequest, acme: Path) -> tuple[RenderedPdf, RenderedPdf, int]:
    """The examples, an organisation with links across parts, and a draft on Letter paper
    (the DRAFT mark on every page, the cover's blank verso)."""
    if request.param == "draft":
        draft = acme.parent / "draft" / "draft.yaml"
        draft.parent.mkdir(exist_ok=True)
        draft.write_text(DRAFT, encoding="utf-8")
        return both(draft)
    return both(acme if request.param == "acme" else request.param)


def _texts(data: bytes) -> list[str]:
    return [(page.extract_text() or "").strip() for page in PdfReader(io.BytesIO(data)).pages]


def _outline(data: bytes) -> list[tuple[int, str, int]]:
    reader = PdfReader(io.BytesIO(data))
    found: list[tuple[int, str, int]] = []

    def walk(items: list, depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                found.append((depth, str(item.title), reader.get_destination_page_number(item)))

    walk(reader.outline, 0)
    return found


def _destinations(data: bytes) -> dict[str, tuple[int, int, int]]:
    """Each named destination: its page and where on it (rounded points)."""
    reader = PdfReader(io.BytesIO(data))
    return {
        name: (
            reader.get_destination_page_number(dest),
            round(float(dest.left or 0)),
            round(float(dest.top or 0)),
        )
        for name, dest in reader.named_destinations.items()
    }


def _links(data: bytes) -> list[list[tuple[str, tuple[int, ...]]]]:
    """Per page, each link's target (an address or a destination's name) and its box."""
    pages = []
    for page in PdfReader(io.BytesIO(data)).pages:
        links = []
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            action = annotation.get("/A")
            target = str(action["/URI"]) if action is not None else str(annotation.get("/Dest"))
            box = tuple(round(float(value)) for value in annotation["/Rect"])
            links.append((target, box))
        pages.append(sorted(links))
    return pages


@pytest.mark.slow
def test_the_same_pages_with_the_same_text(rendered: tuple[RenderedPdf, RenderedPdf, int]) -> None:
    whole, joined, _ = rendered
    assert joined.pages == whole.pages
    assert _texts(joined.data) == _texts(whole.data)
    assert joined.anchors == whole.anchors


@pytest.mark.slow
def test_the_same_pictures(rendered: tuple[RenderedPdf, RenderedPdf, int]) -> None:
    """Pixel by pixel at 36 dpi; a page moved from a right to a left page (3 mm) lands on
    other fractions of a pixel, so an edge may shade a few pixels differently."""
    whole, joined, _ = rendered
    first, second = pdfium.PdfDocument(whole.data), pdfium.PdfDocument(joined.data)
    different = {}
    for index in range(len(first)):
        a = first[index].render(scale=0.5).to_pil().convert("L")
        b = second[index].render(scale=0.5).to_pil().convert("L")
        changed = sum(ImageChops.difference(a, b).histogram()[41:])
        if changed > 8:
            different[index + 1] = changed
    assert not different, f"pages drawn differently (page: pixels): {different}"


@pytest.mark.slow
def test_the_same_outline_destinations_and_links(
    rendered: tuple[RenderedPdf, RenderedPdf, int],
) -> None:
    whole, joined, _ = rendered
    assert _outline(joined.data) == _outline(whole.data)
    assert _destinations(joined.data) == _destinations(whole.data)
    assert _links(joined.data) == _links(whole.data)


@pytest.mark.slow
def test_the_same_metadata_and_structure(rendered: tuple[RenderedPdf, RenderedPdf, int]) -> None:
    whole, joined, _ = rendered
    before, after = read_structure(whole.data), read_structure(joined.data)
    assert (after.title, after.lang, after.ua_part, after.marked, after.shows_title) == (
        before.title,
        before.lang,
        before.ua_part,
        before.marked,
        before.shows_title,
    )
    assert after.reading == before.reading  # a screen reader reads the same, in order
    assert [(e.kind, e.depth, e.alt, e.lang) for e in after.elements] == [
        (e.kind, e.depth, e.alt, e.lang) for e in before.elements
    ]
    assert not after.untagged and set(after.link_owners) == {"/Link"}
    assert len(after.ids) == len(before.ids)  # every note and header cell, once
    info = PdfReader(io.BytesIO(joined.data)).metadata
    assert info is not None and info == PdfReader(io.BytesIO(whole.data)).metadata


def _font_programs(data: bytes) -> int:
    from pikepdf import Dictionary, Pdf

    with Pdf.open(io.BytesIO(data)) as pdf:
        return sum(1 for obj in pdf.objects if isinstance(obj, Dictionary) and "/FontFile2" in obj)


@pytest.mark.slow
def test_the_parts_share_their_fonts(rendered: tuple[RenderedPdf, RenderedPdf, int]) -> None:
    """Each part embeds its own subsets; joined, subsets that agree are one font program."""
    whole, joined, _ = rendered
    assert _font_programs(joined.data) <= 2 * _font_programs(whole.data)
    assert len(joined.data) <= 1.2 * len(whole.data)


@pytest.mark.slow
def test_pdfua_finds_nothing_in_the_joined_guide(
    rendered: tuple[RenderedPdf, RenderedPdf, int], tmp_path: Path
) -> None:
    import pdfua

    path = tmp_path / "joined.pdf"
    path.write_bytes(rendered[1].data)
    assert not pdfua.validate(str(path)).findings


@pytest.mark.slow
def test_a_reference_to_another_part_prints_its_page_and_lands_there(acme: Path) -> None:
    whole, joined, again = both(acme, runs=8)
    page = joined.anchors["more-notes--the-details"]
    text = re.sub(r"\s+", " ", " ".join(_texts(joined.data)))
    assert f"the details (p. {page})" in text
    assert _destinations(joined.data)["more-notes--the-details"][0] == page - 1
    assert again >= 1  # the first layout could not know it: laid out again with the truth
    assert _texts(joined.data) == _texts(whole.data)


@pytest.mark.slow
def test_the_same_inputs_give_the_same_bytes(acme: Path) -> None:
    assert both(acme)[1].data == both(acme)[1].data


@pytest.mark.slow
def test_an_archival_guide_in_parts_is_pdf_a_with_its_files_once(acme: Path) -> None:
    attached = (
        Attached("acme.yaml", ORG.encode(), "The organisation file", "2027-03-12T00:00:00+00:00"),
        Attached("plan.json", b"{}", "The plan", "2027-03-12T00:00:00+00:00", "Data"),
    )
    whole, joined, _ = both(acme, archival=Archival("pdf/a-3u", attached))
    structure = read_structure(joined.data)
    assert (structure.pdfa, structure.ua_part) == ("3U", "1")
    assert structure.output_intent and all(structure.fonts.values())
    assert structure.attachments == {"acme.yaml": "/Source", "plan.json": "/Data"}
    reader = PdfReader(io.BytesIO(joined.data))
    assert len(reader.trailer["/Root"]["/AF"]) == 2
    flags = {
        int(annotation.get_object().get("/F", 0)) & 4
        for page in reader.pages
        for annotation in page.get("/Annots") or []
    }
    assert flags == {4}  # PDF/A: every link prints, in every part
    assert _texts(joined.data) == _texts(whole.data)
