"""Fonts: an organisation's own font embedded, names in other scripts printed, and every
character no installed font can show named in a warning."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from guide import defaults
from guide.build import build_guide
from guide.cli import main
from guide.compose.fonts import unprintable
from guide.options import BuildOptions
from tests.conftest import GOOD, WriteOrg


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


@pytest.mark.parametrize(
    "name, script",
    [
        ("Zoë Ångström-Łukasiewicz", "Latin"),
        ("דנה לוי", "Hebrew"),
        ("سارة العلي", "Arabic"),
        ("山田 太郎", "CJK"),
    ],
)
def test_unicode_names_render(write_org: WriteOrg, tmp_path: Path, name: str, script: str) -> None:
    if unprintable(name):
        pytest.skip(f"no {script} font installed (README: font packages)")
    org = write_org(
        GOOD.replace(
            "  roles:\n    endpoint-admin: 2\n",
            f"  members:\n    - {{name: '{name}', role: endpoint-admin}}\n",
        )
    )
    result = build_guide(org, BuildOptions(output_dir=tmp_path / "out"))
    assert not [w for w in result.warnings if "no installed font" in w.message]
    text = " ".join(page.extract_text() for page in PdfReader(result.pdf).pages)
    words = name.split()
    assert all(word in text or word[::-1] in text for word in words), (script, name)


def test_characters_no_font_can_show_are_named_in_a_warning(
    write_org: WriteOrg, tmp_path: Path
) -> None:
    org = write_org(GOOD.replace("Acme Corp", "Acme \U000f0001 Corp"))
    result = CliRunner().invoke(main, ["build", str(org), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert (
        f"{org}:2:3: warning: organisation.name: 'Acme \U000f0001 Corp': no installed font can "
        "show '\U000f0001' (U+F0001)"
    ) in result.stderr
    assert "fonts-noto" in result.stderr


def test_glyph_check_reads_the_given_fonts(tmp_path: Path) -> None:
    from guide import defaults

    bundled = sorted((defaults.STYLES_DIR / "fonts").glob("*.ttf"))
    assert unprintable("Chloé Dubois", bundled) == []
    assert unprintable("東京 Chloé", bundled) == ["東", "京"]
