"""Per-organisation content and Learn-style material, currency warnings, French, DRAFT,
scaffolding: each built into a real PDF and read back."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from guide import defaults
from guide.build import BuildResult, build_guide
from guide.cli import main
from guide.errors import InputError
from guide.options import BuildOptions
from tests.conftest import GOOD, WriteOrg

FIXTURES = Path(__file__).parent / "fixtures" / "learn"


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
    shutil.copytree(FIXTURES, folder / "org")
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
    assert "NOTE Silent encryption needs devices joined" in chapter  # > [!NOTE]
    assert "WARNING Removing a disk encryption policy" in chapter
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
    shutil.copytree(FIXTURES, tmp_path / "org")
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
    shutil.copytree(FIXTURES, tmp_path / "org")
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


def test_stale_chapter_is_reported(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES, tmp_path / "org")
    welcome = tmp_path / "org" / "our-welcome.md"
    welcome.write_text(welcome.read_text().replace("2026-11-20", "2025-01-10"))
    result = CliRunner().invoke(main, ["check", str(tmp_path / "org" / "acme-learn.yaml")])
    assert result.exit_code == 0
    assert (
        "our-welcome.md: warning: chapter 'welcome' was last reviewed on 2025-01-10, more than "
        "180 days ago"
    ) in result.stderr
    relaxed = CliRunner().invoke(
        main, ["check", "--max-age", "1000", str(tmp_path / "org" / "acme-learn.yaml")]
    )
    assert "last reviewed on 2025-01-10" not in relaxed.stderr


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
    assert "18 janvier 2027" in cover and "DATE DE LA" in cover
    all_text = text(result.pdf)
    assert "MS-102 a été retiré le 30 novembre 2026" in all_text
    assert "Pas encore traduit" not in all_text  # every bundled chapter has a French translation
    assert "MD-102 : administrateur des points de terminaison" in all_text
    assert "Gérer et maintenir les appareils (Manage and maintain devices)" in all_text
    assert "Who this exam is for" not in all_text and "Exam-day checklist" not in all_text
    assert "Effectif par examen" in all_text
    assert reader.trailer["/Root"]["/Lang"] == "fr-FR"


def test_draft_watermark_on_every_page(write_org: WriteOrg, tmp_path: Path) -> None:
    org = write_org(
        "organisation: {name: Draft Co}\ndraft: true\nteam: {roles: {endpoint-admin: 2}}\n"
    )
    result = build_guide(org, BuildOptions(output_dir=tmp_path / "out", handouts=True))
    for kind in ("guide", "handouts", "trainer"):
        path = next(o.path for o in result.outputs if o.kind == kind)
        pages = PdfReader(path).pages
        assert all("DRAFT" in page.extract_text() for page in pages), kind


def test_organisation_font_is_embedded(tmp_path: Path) -> None:
    folder = tmp_path / "org"
    folder.mkdir()
    shutil.copy(defaults.STYLES_DIR / "fonts" / "NotoSansMono-Regular.ttf", folder / "corp.ttf")
    (folder / "corp.yaml").write_text(
        "organisation: {name: Corp, fonts: {regular: corp.ttf}}\n"
        "team: {roles: {endpoint-admin: 2}}\n"
    )
    result = build_guide(folder / "corp.yaml", BuildOptions(output_dir=tmp_path / "out"))
    fonts = {
        str(font.get_object()["/BaseFont"])
        for page in PdfReader(result.pdf).pages[:5]
        for font in page["/Resources"].get_object().get("/Font", {}).values()
    }
    assert any("Organisation" in name for name in fonts), fonts


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


def test_list_shows_roles_certifications_and_chapters() -> None:
    result = CliRunner().invoke(main, ["list"])
    assert result.exit_code == 0
    assert re.search(
        r"m365-admin\s+Microsoft 365 administrator\s+path: MD-102 -> MS-102", result.output
    )
    assert re.search(
        r"MS-102\s+Microsoft 365 Administrator\s+\w+, retires 2026-11-30, "
        r"successor AB-650",
        result.output,
    )
    assert re.search(r"plan\s+Your team's certification plan\s+for: all", result.output)


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
