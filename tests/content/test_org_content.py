"""An organisation's own content and Learn-style material (chapters added, replaced and
skipped, includes, images), each built into a real PDF and read back."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from guide.build import BuildResult, build_guide
from guide.cli import main
from guide.errors import InputError
from guide.options import BuildOptions
from tests.conftest import FIXTURES, GOOD, WriteOrg

LEARN = FIXTURES / "learn"


def text(path: Path) -> str:
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in PdfReader(path).pages))


def chapters(path: Path) -> dict[str, int]:
    reader = PdfReader(path)
    return {
        item.title: reader.get_destination_page_number(item)
        for item in reader.outline
        if not isinstance(item, list)
    }


@pytest.fixture(scope="module")
def learn(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    folder = tmp_path_factory.mktemp("learn")
    shutil.copytree(LEARN, folder / "org")
    return build_guide(folder / "org" / "acme-learn.yaml", BuildOptions(output_dir=folder / "out"))


def test_chapters_added_replaced_and_skipped(learn: BuildResult) -> None:
    titles = list(chapters(learn.pdf))
    assert titles[1] == "Welcome to Acme"  # replaced, keeps the bundled order
    assert "Welcome" not in titles
    assert "Exam day" not in titles  # skipped
    assert "Encrypt Windows devices with BitLocker in Intune" in titles  # added
    content = text(learn.pdf)
    assert "Questions go to desk@acme.example" in content  # vars
    assert "Desk ticket A request logged with the Acme service desk." in content  # glossary


def test_custom_role_is_planned(learn: BuildResult) -> None:
    content = text(learn.pdf)
    assert "Dana Desk Service desk analyst MD-102" in content
    assert "Service desk analyst. First-line support for devices and accounts." in content


def test_learn_constructs_render(learn: BuildResult) -> None:
    reader = PdfReader(learn.pdf)
    start = chapters(learn.pdf)["Encrypt Windows devices with BitLocker in Intune"]
    pages = [reader.pages[i] for i in range(start, start + 3)]
    chapter = re.sub(r"\s+", " ", " ".join(page.extract_text() for page in pages))
    assert "Reviewed 3 October 2026" in chapter  # from ms.date
    assert "Sign in to the Microsoft Intune admin center" in chapter  # [!INCLUDE]
    assert "ms.topic" not in chapter
    assert "Note Silent encryption needs devices joined" in chapter  # > [!NOTE]
    assert "Warning Removing a disk encryption policy" in chapter
    assert "learn.microsoft.com/windows/client-management/mdm/bitlocker-csp" in chapter
    assert "The BitLocker settings page in the Intune admin center." in chapter  # :::image
    assert "The page lists the base settings first" in chapter  # complex image
    assert "Create a disk encryption profile" in chapter  # [!div class="checklist"]
    images = [
        x
        for page in pages
        for x in (page["/Resources"].get("/XObject") or {}).values()
        if x.get_object().get("/Subtype") == "/Image" and x.get_object().get("/Width") == 600
    ]
    assert len(images) >= 2


def test_missing_image_is_an_error_unless_placeholders_are_asked_for(tmp_path: Path) -> None:
    shutil.copytree(LEARN, tmp_path / "org")
    (tmp_path / "org" / "learn" / "media" / "encryption-settings.png").unlink()
    org = tmp_path / "org" / "acme-learn.yaml"
    with pytest.raises(
        InputError,
        match=r"encrypt-devices.md:\d+: image "
        r"'media/encryption-settings.png' not found; add the file, or set "
        "missing_images: placeholder",
    ):
        build_guide(org, BuildOptions(output_dir=tmp_path / "out"))
    org.write_text(org.read_text() + "missing_images: placeholder\n")
    result = build_guide(org, BuildOptions(output_dir=tmp_path / "out"))
    assert "Image not available The BitLocker settings page" in text(result.pdf)


def test_include_cycle_in_organisation_content(tmp_path: Path) -> None:
    shutil.copytree(LEARN, tmp_path / "org")
    (tmp_path / "org" / "includes" / "intune-portal.md").write_text(
        "[!INCLUDE [again](../learn/encrypt-devices.md)]\n"
    )
    org = tmp_path / "org" / "acme-learn.yaml"
    result = CliRunner().invoke(main, ["check", str(org)])
    assert result.exit_code == 1
    assert (
        "intune-portal.md:1: include cycle: encrypt-devices.md -> intune-portal.md -> "
        "encrypt-devices.md" in result.stderr
    )


def test_a_web_image_is_refused_with_its_line(write_org: WriteOrg, tmp_path: Path) -> None:
    chapters = tmp_path / "chapters"
    chapters.mkdir()
    (chapters / "remote.md").write_text(
        "---\ntitle: Remote\norder: 150\nreviewed: 2026-11-27\n---\nIntro.\n\n"
        "![A diagram](https://example.com/diagram.png)\n"
    )
    org = write_org(GOOD + "content: {add: [chapters]}\n")
    result = CliRunner().invoke(
        main, ["build", str(org), "-o", str(tmp_path / "out"), "-f", "html"]
    )
    assert result.exit_code == 1
    assert f"{chapters / 'remote.md'}:8: image 'https://example.com/diagram.png' is a web" in (
        result.stderr
    )
    assert not (tmp_path / "out" / "acme").exists()
