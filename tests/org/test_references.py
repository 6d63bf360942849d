"""Cross-checks of an organisation file against the bundled catalogue and the disk."""

from __future__ import annotations

import os
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from guide import defaults
from guide.content.catalogue import Catalogue, load_catalogue
from guide.content.yamlfile import load_yaml
from guide.org.references import check_references

EXAMS = "valid exams: MD-102, MS-102, AB-650, SC-300"
ROLES = "valid roles: endpoint-admin, it-operations, security-admin, m365-admin"


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue(defaults.CONTENT_DIR)


def check(folder: Path, text: str, catalogue: Catalogue, name: str = "acme.yaml") -> list[str]:
    """The problems of an organisation file written into ``folder``, as printed."""
    file = folder / name
    file.write_text(textwrap.dedent(text), encoding="utf-8")
    prefix = f"{file}:"
    return [str(p).removeprefix(prefix) for p in check_references(load_yaml(file), catalogue)]


def test_a_consistent_file_has_no_problems(tmp_path: Path, catalogue: Catalogue) -> None:
    (tmp_path / "logo.svg").write_text("<svg/>", encoding="utf-8")
    (tmp_path / "own").mkdir()
    text = """\
        organisation:
          name: Acme
          logo: logo.svg
        team:
          roles:
            endpoint-admin: 2
          members:
            - name: Ann
              role: endpoint-admin
              certified: [MD-102]
              path: [MS-102]
        content:
          add: [own]
        """
    assert check(tmp_path, text, catalogue) == []


def test_unknown_roles_and_exams_are_named_with_the_valid_ones(
    tmp_path: Path, catalogue: Catalogue
) -> None:
    text = """\
        organisation:
          name: Acme
        roles:
          helpdesk:
            title: Help desk
            focus: Tickets
            path: [MD-102, MD-103]
        team:
          roles:
            endpoint-admn: 2
            helpdesk: 1
          members:
            - name: Ann
              role: helpdesk
              certified: [MD-120]
            - name: Bo
              role: nobody
              path: [SC-300, XX-1]
        """
    assert check(tmp_path, text, catalogue) == [
        f"7:20: roles.helpdesk.path[1]: unknown exam 'MD-103' (did you mean MD-102?); {EXAMS}",
        "10:5: team.roles.endpoint-admn: unknown role 'endpoint-admn' (did you mean "
        f"endpoint-admin?); {ROLES}, helpdesk",
        f"15:19: team.members[0].certified[0]: unknown exam 'MD-120' (did you mean MD-102?); "
        f"{EXAMS}",
        f"17:7: team.members[1].role: unknown role 'nobody'; {ROLES}, helpdesk",
        f"18:22: team.members[1].path[1]: unknown exam 'XX-1'; {EXAMS}",
    ]


def test_named_members_must_fit_the_declared_roles(tmp_path: Path, catalogue: Catalogue) -> None:
    text = """\
        organisation:
          name: Acme
        team:
          roles:
            endpoint-admin: 1
          members:
            - {name: Ann, role: endpoint-admin}
            - {name: Bo, role: endpoint-admin}
            - {name: Cy, role: security-admin}
        """
    assert check(tmp_path, text, catalogue) == [
        "9:18: team.members[2].role: role 'security-admin' is not listed under team.roles; "
        "add it there with a headcount, or leave team.roles out to count the named members",
        "5:5: team.roles.endpoint-admin: headcount 1 is less than the 2 members named with "
        "this role; raise the headcount or remove it to count the members",
    ]


def test_without_declared_roles_the_named_members_are_the_headcount(
    tmp_path: Path, catalogue: Catalogue
) -> None:
    text = """\
        organisation:
          name: Acme
        team:
          members:
            - {name: Ann, role: endpoint-admin}
            - {name: Bo, role: security-admin}
        """
    assert check(tmp_path, text, catalogue) == []


def test_files_must_be_beside_present_and_of_their_kind(
    tmp_path: Path, catalogue: Catalogue
) -> None:
    (tmp_path / "logo.gif").write_bytes(b"GIF89a")
    (tmp_path / "regular.ttf").write_bytes(b"\x00\x01\x00\x00 glyphs")
    (tmp_path / "bold.ttf").write_bytes(b"<html>not a font</html>")
    text = """\
        organisation:
          name: Acme
          logo: logo.gif
          fonts:
            regular: regular.ttf
            bold: bold.ttf
            italic: ../elsewhere.ttf
            bold_italic: missing.otf
        team:
          roles:
            endpoint-admin: 1
        content:
          add: [extra.md, notes.txt]
          replace:
            welcome: welcome.txt
        """
    assert check(tmp_path, text, catalogue) == [
        "3:3: organisation.logo: logo 'logo.gif' must be a .png or .svg file",
        "6:5: organisation.fonts.bold: font 'bold.ttf' is not a TrueType, OpenType, WOFF or "
        "WOFF2 font (by its first bytes); name the font file itself",
        "7:5: organisation.fonts.italic: font '../elsewhere.ttf' is outside the organisation "
        "file's folder; put the font beside the file",
        "8:5: organisation.fonts.bold_italic: font file 'missing.otf' not found next to acme.yaml",
        "13:9: content.add[0]: chapter file 'extra.md' not found next to acme.yaml",
        "13:19: content.add[1]: chapter 'notes.txt' must be a .md file",
        "15:5: content.replace.welcome: chapter 'welcome.txt' must be a .md file",
    ]


@pytest.mark.parametrize(
    "make, reason",
    [
        (Path.mkdir, "is a folder, not a file"),
        (os.mkfifo, "not a regular file (a pipe, device or socket); only files are read"),
    ],
)
def test_a_named_file_that_is_a_folder_or_a_pipe_is_refused(
    tmp_path: Path, catalogue: Catalogue, make: Callable[[Path], None], reason: str
) -> None:
    make(tmp_path / "logo.png")
    text = "organisation:\n  name: Acme\n  logo: logo.png\nteam:\n  roles:\n    m365-admin: 1\n"
    assert check(tmp_path, text, catalogue) == [
        f"3:3: organisation.logo: logo 'logo.png': {reason}"
    ]


ADD_FOLDER = (
    "organisation:\n  name: Acme\nteam:\n  roles:\n    m365-admin: 1\ncontent:\n  add: [.]\n"
)


def test_an_organisation_alone_may_add_its_own_folder(tmp_path: Path, catalogue: Catalogue) -> None:
    assert check(tmp_path, ADD_FOLDER, catalogue) == []


def test_a_folder_shared_with_other_organisations_cannot_be_added(
    tmp_path: Path, catalogue: Catalogue
) -> None:
    (tmp_path / "globex.yaml").write_text("organisation: {name: Globex}\n", encoding="utf-8")
    assert check(tmp_path, ADD_FOLDER, catalogue) == [
        "7:9: content.add[0]: chapter folder '.' also holds other organisation files "
        "(globex.yaml); put this organisation's chapters in a folder of their own and name "
        "that folder"
    ]


@pytest.mark.parametrize("data", ["", "- a list\n", "team: 3\norganisation: []\n"])
def test_data_of_the_wrong_shape_is_left_to_the_schema(
    tmp_path: Path, catalogue: Catalogue, data: str
) -> None:
    assert check(tmp_path, data, catalogue) == []
