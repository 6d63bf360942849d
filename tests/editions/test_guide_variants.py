"""The guide in French, and as a DRAFT (every page of every edition marked)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from guide.build import build_guide
from guide.options import BuildOptions
from tests.conftest import WriteOrg


def text(path: Path) -> str:
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in PdfReader(path).pages))


def test_french_guide(write_org: WriteOrg, tmp_path: Path) -> None:
    org = write_org(
        "organisation: {name: Équipe Lyon, locale: fr}\ntraining: {date: 2027-01-18}\n"
        "team: {roles: {m365-admin: 2, endpoint-admin: 3}}\n",
        "lyon.yaml",
    )
    result = build_guide(org, BuildOptions(output_dir=tmp_path / "out"))
    reader = PdfReader(result.pdf)
    contents = reader.pages[2].extract_text()
    assert contents.startswith("Sommaire")
    assert "Bienvenue" in contents and "Le plan de certification de votre équipe" in contents
    total = len(reader.pages)
    assert f"Page 5 sur {total}" in reader.pages[4].extract_text()
    cover = reader.pages[0].extract_text()
    assert "18 janvier 2027" in cover and "Date de la" in cover
    all_text = text(result.pdf)
    assert "MS-102 a été retiré le 30 novembre 2026" in all_text
    assert "Pas encore traduit" not in all_text  # every bundled chapter has a French translation
    assert "MD-102 : administrateur des points de terminaison" in all_text  # \s folds U+202F
    assert "Gérer et maintenir les appareils" in all_text
    assert "Who this exam is for" not in all_text and "Exam-day checklist" not in all_text
    assert "Effectif par examen" in all_text
    assert reader.trailer["/Root"]["/Lang"] == "fr-FR"


@pytest.mark.slow
def test_draft_watermark_on_every_page(write_org: WriteOrg, tmp_path: Path) -> None:
    org = write_org(
        "organisation: {name: Draft Co}\ndraft: true\nteam: {roles: {endpoint-admin: 2}}\n"
    )
    result = build_guide(org, BuildOptions(output_dir=tmp_path / "out", handouts=True))
    for kind in ("guide", "handouts", "trainer"):
        path = next(o.path for o in result.outputs if o.kind == kind)
        pages = PdfReader(path).pages
        assert all("DRAFT" in page.extract_text() for page in pages), kind
