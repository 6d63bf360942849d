"""The ``guide`` command: exit codes, one-line errors naming file, line and key, safe writes."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from pypdf import PdfReader

from guide import __version__
from guide.cli import main
from tests.conftest import GOOD, WriteOrg


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def test_version_and_help() -> None:
    assert run("--version").output.strip() == f"guide, version {__version__}"
    result = run("build", "--help")
    assert result.exit_code == 0
    assert "organisation file" in result.output


@pytest.mark.slow
def test_build_writes_slug_folder_and_reports_pages(write_org: WriteOrg, tmp_path: Path) -> None:
    org = write_org(GOOD, "acme-lyon.yaml")
    result = run("build", str(org), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    pdf = tmp_path / "out" / "acme-lyon" / "guide.pdf"
    pages = len(PdfReader(pdf).pages)
    assert f"{pages} pages" in result.output
    assert "guide.pdf" in result.output


@pytest.mark.slow
def test_build_folder_builds_every_yaml(write_org: WriteOrg, tmp_path: Path) -> None:
    write_org(GOOD, "one.yaml")
    write_org(GOOD.replace("Acme Corp", "Beta Ltd"), "two.yaml")
    result = run("build", str(tmp_path), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "one" / "guide.pdf").is_file()
    assert (tmp_path / "out" / "two" / "guide.pdf").is_file()


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            GOOD.replace("endpoint-admin", "endpoint-admn"),
            ":7:5: team.roles.endpoint-admn: unknown role 'endpoint-admn' (did you mean "
            "endpoint-admin?); valid roles: endpoint-admin, it-operations, security-admin, "
            "m365-admin",
        ),
        (
            GOOD.replace("  name: Acme Corp", "  name: Acme Corp\n  colour: red"),
            ":3:3: organisation.colour: unknown key 'colour' (did you mean colours?); valid keys "
            "here: name, logo, colours",
        ),
        (
            GOOD.replace("  name: Acme Corp", "  title: Acme Corp"),
            ":2:3: organisation.title: unknown key 'title'",
        ),
        (GOOD.replace("team:", "teams:"), ":5:1: teams: unknown key 'teams' (did you mean team?)"),
        (
            GOOD.replace("  date: 2027-03-01", "  date: 2027-02-30"),
            ":4:3: training.date: '2027-02-30' is not a date: February 2027 has no day 30",
        ),
        (
            GOOD.replace(
                "endpoint-admin: 2",
                "endpoint-admin: 2\n  members:\n    - name: A\n      role: m365-admn",
            ),
            ":10:7: team.members[0].role: unknown role 'm365-admn' (did you mean m365-admin?)",
        ),
        (GOOD + "paper: A5\n", ":8:1: paper: 'A5' is not allowed; use 'A4' or 'Letter'"),
        (
            GOOD.replace("  name: Acme Corp", '  name: Acme\n  colours: {primary: "red"}'),
            ":3:13: organisation.colours.primary: found 'red'; "
            'write a colour as "#RRGGBB" in quotes',
        ),
        (
            GOOD.replace("  name: Acme Corp", "  name: Acme\n  colours:\n    primary: #0F6CBD"),
            ':4:5: organisation.colours.primary: found nothing; write a colour as "#RRGGBB"',
        ),
        (
            GOOD.replace("team:\n  roles:\n    endpoint-admin: 2", "team: {}"),
            ":5:1: team: give team.roles (role id: headcount) or team.members",
        ),
        ("organisation:\n  name: [unclosed\nteam: {}\n", ":3:5: invalid YAML: expected ',' or ']'"),
        ("- just\n- a list\n", ":1: expected a mapping of keys, found list"),
        (GOOD + "team: {}\n", ":8:1: duplicate key 'team'"),
    ],
)
def test_bad_organisation_file_is_one_clear_line(
    write_org: WriteOrg, tmp_path: Path, text: str, expected: str
) -> None:
    org = write_org(text)
    result = run("build", str(org), "-o", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert f"{org}{expected}" in result.stderr or expected in result.stderr, result.stderr
    assert "Traceback" not in result.output
    assert not (tmp_path / "out" / "acme").exists()


def test_missing_name_and_other_problems_are_all_reported_at_once(
    write_org: WriteOrg, tmp_path: Path
) -> None:
    org = write_org("organisation:\n  logo: x.svg\npaper: A3\nteam:\n  roles: {cook: 1}\n")
    result = run("build", str(org), "-o", str(tmp_path / "out"))
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if line.startswith(str(org))]
    assert lines == [
        f"{org}:1:1: organisation: missing required key 'name'",
        f"{org}:2:3: organisation.logo: logo file 'x.svg' not found next to acme.yaml",
        f"{org}:3:1: paper: 'A3' is not allowed; use 'A4' or 'Letter'",
        f"{org}:5:11: team.roles.cook: unknown role 'cook'; valid roles: endpoint-admin, "
        "it-operations, security-admin, m365-admin",
    ]


def test_bad_slug_is_rejected(write_org: WriteOrg, tmp_path: Path) -> None:
    org = write_org(GOOD, "Acme Corp.yaml")
    result = run("build", str(org), "-o", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert "file name 'Acme Corp' cannot be used as an output folder" in result.stderr


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert run("build", str(tmp_path / "missing.yaml")).exit_code == 2
    assert run("build", "--bogus").exit_code == 2
    assert run("nonsense").exit_code == 2
    empty = tmp_path / "empty"
    empty.mkdir()
    assert run("build", str(empty)).exit_code == 2


def test_one_failure_does_not_stop_the_others(write_org: WriteOrg, tmp_path: Path) -> None:
    write_org(GOOD, "good.yaml")
    write_org(GOOD.replace("endpoint-admin", "chef"), "bad.yaml")
    result = run("build", str(tmp_path), "-o", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert (tmp_path / "out" / "good" / "guide.pdf").is_file()
    assert "1 of 2 organisation(s) failed" in result.stderr


def test_plan_warnings_are_printed_on_stderr(write_org: WriteOrg, tmp_path: Path) -> None:
    org = write_org(
        GOOD.replace("2027-03-01", "2026-10-20").replace(
            "endpoint-admin: 2",
            "endpoint-admin: 2\n  members:\n    - name: Eve\n"
            "      role: endpoint-admin\n      path: [MS-102]",
        )
    )
    result = run("build", str(org), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert "warning: Eve (Endpoint administrator) would start with MS-102" in result.stderr
    assert "warning: MS-102 retires on 30 November 2026, 41 days after" in result.stderr


def test_failed_build_keeps_the_earlier_pdf_and_leaves_no_temporary_file(
    write_org: WriteOrg, tmp_path: Path
) -> None:
    org = write_org(GOOD)
    out = tmp_path / "out"
    assert run("build", str(org), "-o", str(out)).exit_code == 0
    pdf = out / "acme" / "guide.pdf"
    before = pdf.read_bytes()
    org.write_text(GOOD.replace("  name: Acme Corp", "  name: Acme Corp\n  logo: gone.png"))
    result = run("build", str(org), "-o", str(out))
    assert result.exit_code == 1
    assert "logo file 'gone.png' not found" in result.stderr
    assert pdf.read_bytes() == before
    assert os.listdir(out / "acme") == ["guide.pdf"]


@pytest.mark.slow
def test_bundled_examples_build_with_no_arguments(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("build")
    assert result.exit_code == 0, result.output
    built = sorted(path.parent.name for path in (tmp_path / "build").glob("*/guide.pdf"))
    assert built == ["contoso", "fabrikam", "northwind"]


def test_serve_on_a_busy_port_is_one_clear_error(write_org: WriteOrg) -> None:
    import socket

    org = write_org(GOOD)
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = CliRunner().invoke(main, ["serve", str(org), "--port", str(port)])
    assert result.exit_code == 2  # a usage error
    assert f"--port: cannot listen on 127.0.0.1:{port}" in result.stderr
    assert "choose another port" in result.stderr


def test_list_shows_roles_certifications_and_chapters() -> None:
    result = CliRunner().invoke(main, ["list"])
    assert result.exit_code == 0
    assert re.search(r"m365-admin\s+Microsoft 365 administrator\s+MD-102 → MS-102", result.output)
    assert re.search(
        r"MS-102\s+Microsoft 365 Administrator\s+retire[sd] on 2026-11-30; successor", result.output
    )
    assert re.search(r"plan\s+Your team’s certification plan\s+all", result.output)
