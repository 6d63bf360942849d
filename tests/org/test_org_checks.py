"""An organisation file checked against the catalogue and the disk (each problem names its
key), and the file `guide new` writes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from guide.cli import main
from tests.conftest import WriteOrg


def text(path: Path) -> str:
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in PdfReader(path).pages))


@pytest.mark.parametrize(
    "content, message",
    [
        (
            "content: {skip: [exam-days]}",
            "content.skip[0]: no bundled chapter 'exam-days' (did you mean exam-day?)",
        ),
        (
            "content: {replace: {welcom: w.md}}",
            "content.replace.welcom: chapter file 'w.md' not found",
        ),
        ("content: {add: [nowhere]}", "content.add[0]: chapter file 'nowhere' not found next to"),
        (
            "roles: {desk: {title: Desk, focus: Help, path: [MD-103]}}",
            "roles.desk.path[0]: unknown exam 'MD-103' (did you mean MD-102?)",
        ),
        (
            "organisation: {name: X, fonts: {regular: ../x.ttf}}",
            "organisation.fonts.regular: font '../x.ttf' is outside the organisation file's folder",
        ),
    ],
)
def test_content_problems_name_the_key(write_org: WriteOrg, content: str, message: str) -> None:
    base = "organisation: {name: X}\nteam: {roles: {endpoint-admin: 1}}\n"
    text_ = (
        base.replace("organisation: {name: X}\n", "")
        if content.startswith("organisation")
        else base
    )
    org = write_org(text_ + content + "\n")
    result = CliRunner().invoke(main, ["check", str(org)])
    assert result.exit_code == 1
    assert message in result.stderr, result.stderr


def test_new_writes_an_organisation_that_builds(tmp_path: Path) -> None:
    runner = CliRunner()
    made = runner.invoke(main, ["new", "acme-lyon", "--dir", str(tmp_path)])
    assert made.exit_code == 0, made.output
    assert (tmp_path / "acme-lyon.yaml").read_text().startswith("# Organisation file")
    built = runner.invoke(
        main, ["build", str(tmp_path / "acme-lyon.yaml"), "-o", str(tmp_path / "out")]
    )
    assert built.exit_code == 0, built.output
    assert "How we work at Acme Lyon" in text(tmp_path / "out" / "acme-lyon" / "guide.pdf")
    again = runner.invoke(main, ["new", "acme-lyon", "--dir", str(tmp_path)])
    assert again.exit_code == 1 and "already exists" in again.stderr
    assert runner.invoke(main, ["new", "Bad Name", "--dir", str(tmp_path)]).exit_code == 1
