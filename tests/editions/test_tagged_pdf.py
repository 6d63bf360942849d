"""The tagged PDF carries what the engine does not write by itself: the language of a part
in another language, pictures without alternative text as decoration, each handout's own
title and tree (tests/pdf_structure.py reads them as a screen reader would)."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from guide.build import build_guide
from guide.check import check
from guide.options import BuildOptions
from tests.pdf_structure import read_structure

CHAPTER = """\
---
id: ours
title: Our English notes
order: 65
audience: all
reviewed: 2026-11-01
lang: en
---
## How we book exams

Ask the [service desk](https://example.com/desk) before you book.

![](rule.png)

![The booking form, filled in](form.png)
"""

ORG = """\
organisation:
  name: Acme
  locale: fr
training:
  date: 2027-03-12
team:
  members:
    - {name: Ann Martin, role: endpoint-admin}
    - {name: Bo Chen, role: m365-admin}
content:
  add: [ours.md]
"""


@pytest.fixture(scope="module")
def org(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("tagged")
    (folder / "ours.md").write_text(CHAPTER, encoding="utf-8")
    for name in ("rule.png", "form.png"):
        Image.new("RGB", (200, 40), "#336699").save(folder / name)
    (folder / "acme.yaml").write_text(ORG, encoding="utf-8")
    return folder / "acme.yaml"


@pytest.fixture(scope="module")
def built(org: Path) -> Path:
    result = build_guide(org, BuildOptions(output_dir=org.parent / "out", handouts=True))
    return result.pdf.parent


@pytest.mark.slow
def test_an_english_chapter_in_a_french_guide_says_its_language(built: Path) -> None:
    structure = read_structure((built / "guide.pdf").read_bytes())
    assert structure.lang == "fr-FR"
    english = [i for i, e in enumerate(structure.elements) if e.lang == "en"]
    assert len(english) == 1
    text = structure.text_under(english[0])
    assert "Our English notes" in text and "Ask the service desk" in text
    assert "Bienvenue" not in text
    # the chapter's own heading and note are in the guide's language, and say so
    depth = structure.elements[english[0]].depth
    inside = []
    for i in range(english[0] + 1, len(structure.elements)):
        if structure.elements[i].depth <= depth:
            break
        inside.append(i)
    french = [structure.text_under(i) for i in inside if structure.elements[i].lang == "fr-FR"]
    assert any("Chapitre" in t for t in french)
    assert any("Pas encore traduit" in t for t in french)
    assert not any("Ask the service desk" in t for t in french)


@pytest.mark.slow
def test_a_printed_link_address_is_a_note_read_after_its_call(built: Path) -> None:
    structure = read_structure((built / "guide.pdf").read_bytes())
    kinds = [e.kind for e in structure.elements]
    notes = [i for i, kind in enumerate(kinds) if kind == "/Note"]
    desk = [i for i in notes if "https://example.com/desk" in structure.text_under(i)]
    assert len(desk) == 1
    note = desk[0]
    assert structure.elements[note].id  # PDF/UA: every note has an ID, indexed in the IDTree
    assert structure.elements[note].id in structure.ids
    call = max(i for i in range(note) if kinds[i] == "/Reference")
    assert structure.elements[call].depth == structure.elements[note].depth
    assert structure.text_under(call).strip() == structure.text_under(note + 1).strip(" .\n")
    reading = "".join(structure.reading)  # in the sentence, not at the foot of the page
    assert reading.index("example.com/desk") < reading.index("before you book")


@pytest.mark.slow
def test_a_picture_without_alternative_text_is_decoration(org: Path, built: Path) -> None:
    structure = read_structure((built / "guide.pdf").read_bytes())
    alts = [figure.alt for figure in structure.of("/Figure")]
    assert "The booking form, filled in" in alts
    assert all(alts)  # the one without is an artifact, out of the tree
    report = check([org], BuildOptions())
    warned = [str(w) for f in report.files for w in f.warnings if "rule.png" in str(w)]
    assert len(warned) == 1 and "ours.md:13: warning: image 'rule.png'" in warned[0]


@pytest.mark.slow
def test_each_handout_is_a_tagged_document_of_its_own(built: Path) -> None:
    handouts = sorted((built / "handouts").glob("*.pdf"))
    assert [path.name for path in handouts] == ["ann-martin.pdf", "bo-chen.pdf"]
    for path, name in zip(handouts, ["Ann Martin", "Bo Chen"], strict=True):
        structure = read_structure(path.read_bytes())
        assert structure.marked and structure.ua_part == "1" and structure.lang == "fr-FR"
        assert structure.title is not None and structure.title.startswith(f"{name} – ")
        assert not structure.untagged
        reading = " ".join(structure.reading)
        assert name in reading
        other = "Bo Chen" if name == "Ann Martin" else "Ann Martin"
        assert other not in reading  # its own pages only


@pytest.mark.slow
def test_an_archival_copy_is_pdf_a_and_pdf_ua_with_its_sources(org: Path, tmp_path: Path) -> None:
    """``archive`` in the organisation file: PDF/A-3u, still tagged PDF/UA-1, fonts
    embedded, an output intent, the organisation file and the plan embedded; the same
    bytes from the same inputs."""
    folder = tmp_path / "archived"
    shutil.copytree(org.parent, folder, ignore=shutil.ignore_patterns("*.yaml", "out"))
    archived = folder / "archived.yaml"
    archived.write_text(ORG + "archive: {standard: pdf/a-3u, attach: true}\n", encoding="utf-8")
    built = []
    for run in ("one", "two"):
        options = BuildOptions(output_dir=tmp_path / run, handouts=True)
        built.append(build_guide(archived, options).pdf.parent)
    for name in ("guide.pdf", "trainer.pdf", "handouts.pdf", "handouts/ann-martin.pdf"):
        data = (built[0] / name).read_bytes()
        assert data == (built[1] / name).read_bytes(), name
        structure = read_structure(data)
        assert structure.pdfa == "3U" and structure.ua_part == "1", name
        assert structure.marked and not structure.untagged, name
        assert structure.output_intent, name
        assert structure.fonts and all(structure.fonts.values()), structure.fonts
        assert structure.attachments == {"archived.yaml": "/Source", "plan.json": "/Data"}
        assert len(PdfReader(io.BytesIO(data)).trailer["/Root"]["/AF"]) == 2  # each once


def test_attachments_need_pdf_a_3(org: Path) -> None:
    from guide.compose.gather import load_shared_content
    from guide.errors import InputError
    from guide.org.organisation import load_organisation

    bad = org.parent / "bad.yaml"
    bad.write_text(ORG + "archive: {standard: pdf/a-2u, attach: true}\n", encoding="utf-8")
    catalogue = load_shared_content(BuildOptions().folders).catalogue
    with pytest.raises(InputError) as raised:
        load_organisation(bad, catalogue)
    assert "attach needs PDF/A-3 (pdf/a-2u may embed only PDF/A files)" in str(
        raised.value.problems[0]
    )


@pytest.mark.slow
def test_the_draft_watermark_is_read_by_no_one(tmp_path: Path) -> None:
    draft = tmp_path / "draft.yaml"
    draft.write_text(
        "organisation: {name: Draft Co}\ntraining: {date: 2027-03-12}\n"
        "team: {roles: {endpoint-admin: 2}}\ndraft: true\n",
        encoding="utf-8",
    )
    result = build_guide(draft, BuildOptions(output_dir=tmp_path / "out"))
    structure = read_structure(result.pdf.read_bytes())
    assert not [text for text in structure.reading if "DRAFT" in text]
    assert sum("DRAFT" in page for page in structure.artifacts) >= len(structure.artifacts) - 2
    assert not structure.untagged
