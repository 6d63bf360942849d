"""A new user's first hour: a quiet first run, and notes where they belong."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from guide.cli import main


@pytest.mark.slow
def test_a_first_build_of_the_examples_says_only_what_it_made(tmp_path: Path) -> None:
    """Nothing on stderr: the plans' notes are in the guides and in ``guide check``; the
    build's line for each guide says how many there are, and nothing follows."""
    result = CliRunner().invoke(main, ["build", "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert len(lines) == 3, lines
    assert all(" pages " in line for line in lines)
    contoso = next(line for line in lines if "contoso" in line)
    assert contoso.endswith("(2 notes on the plan: guide check orgs/contoso.yaml)")


def test_check_lists_the_plans_notes_but_not_the_bundled_contents() -> None:
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 0, result.stderr
    assert "orgs/contoso.yaml: important: MS-102 retired on 30 November 2026" in result.stderr
    assert "has no address" not in result.stderr
    assert "warning" not in result.stderr
    assert result.stdout.strip() == "3 file(s) checked: no problems"


def test_check_with_max_age_adds_the_notes_for_the_contents_maintainers() -> None:
    result = CliRunner().invoke(main, ["check", "--max-age", "365", "orgs/contoso.yaml"])
    assert result.exit_code == 0, result.stderr
    assert "content/chapters/choosing.md: warning: source '" in result.stderr
    assert "has no address" in result.stderr
    assert result.stdout.strip().startswith("1 file(s) checked: no problems, ")
    assert result.stdout.strip().endswith(" warnings above")


ORG = """\
organisation:
  name: Acme
training:
  date: 2027-03-12
team:
  roles:
    endpoint-admin: 2
  members:
    - name: Ann
      role: endpoint-admin
      certified: [MD-102]
"""


def checked(tmp_path: Path, text: str) -> list[str]:
    """``guide check``'s problem lines for an organisation file of ``text``, without the
    folder part of the path."""
    org = tmp_path / "acme.yaml"
    org.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(org)])
    lines = result.stderr.splitlines()
    return [line.replace(f"{tmp_path}/", "") for line in lines if "problem(s) in" not in line]


def test_exam_codes_match_in_any_case(tmp_path: Path) -> None:
    assert checked(tmp_path, ORG.replace("[MD-102]", "[md-102]")) == []
    assert checked(tmp_path, ORG.replace("[MD-102]", "[md-103]")) == [
        "acme.yaml:11:19: team.members[0].certified[0]: unknown exam 'md-103' (did you mean "
        "MD-102?); valid exams: MD-102, MS-102, AB-650, SC-300"
    ]


def test_one_misspelt_role_is_one_message(tmp_path: Path) -> None:
    assert checked(tmp_path, ORG.replace("    endpoint-admin: 2", "    endpoint-admn: 2")) == [
        "acme.yaml:7:5: team.roles.endpoint-admn: unknown role 'endpoint-admn' (did you mean "
        "endpoint-admin?); valid roles: endpoint-admin, it-operations, security-admin, "
        "m365-admin"
    ]


@pytest.mark.parametrize(
    "written, message",
    [
        (
            "12/03/2027",
            "'12/03/2027' is not in the form YYYY-MM-DD; write 2027-03-12 for 12 March 2027 or "
            "2027-12-03 for 3 December 2027",
        ),
        (
            "25/03/2027",
            "'25/03/2027' is not in the form YYYY-MM-DD; write 2027-03-25 for 25 March 2027",
        ),
        ("2027-3-12", "'2027-3-12': write the month and the day with two digits: 2027-03-12"),
        ("2027-02-30", "'2027-02-30' is not a date: February 2027 has no day 30"),
        ("2027-13-01", "'2027-13-01' has no month 13; write it as YYYY-MM-DD, e.g. 2027-03-12"),
        ("soon", "found 'soon', not a date; write it as YYYY-MM-DD, e.g. 2027-03-12"),
    ],
)
def test_a_date_in_another_form_is_met_with_the_date_meant(
    tmp_path: Path, written: str, message: str
) -> None:
    assert checked(tmp_path, ORG.replace("2027-03-12", written)) == [
        f"acme.yaml:4:3: training.date: {message}"
    ]


def test_a_list_without_brackets_is_shown_with_them(tmp_path: Path) -> None:
    assert checked(tmp_path, ORG.replace("[MD-102]", "MD-102")) == [
        "acme.yaml:11:7: team.members[0].certified: expected a list, found 'MD-102'; write it "
        "in brackets, e.g. [MD-102]"
    ]


def test_an_unquoted_colour_is_named_on_its_line(tmp_path: Path) -> None:
    text = ORG.replace("  name: Acme\n", "  name: Acme\n  colours: {primary: #0F6CBD}\n")
    assert checked(tmp_path, text) == [
        "acme.yaml:3:22: primary: #0F6CBD without quotes starts a YAML comment, so the rest "
        'of the line is lost; put it in quotes: primary: "#0F6CBD"'
    ]
    block = ORG.replace("  name: Acme\n", "  name: Acme\n  colours:\n    primary: #0F6CBD\n")
    assert checked(tmp_path, block) == [
        "acme.yaml:4:5: organisation.colours.primary: found nothing; write a colour as "
        '"#RRGGBB" in quotes, e.g. "#0F6CBD" (unquoted, YAML reads # as the start of a comment)'
    ]


@pytest.mark.slow
def test_a_new_organisation_is_reviewed_today_and_builds_quietly(tmp_path: Path) -> None:
    import datetime as dt

    runner = CliRunner()
    made = runner.invoke(main, ["new", "acme", "--dir", str(tmp_path)])
    assert made.exit_code == 0, made.output
    chapter = (tmp_path / "acme-content" / "local.md").read_text("utf-8")
    assert f"reviewed: {dt.date.today().isoformat()}\n" in chapter
    training = (tmp_path / "acme.yaml").read_text("utf-8")
    assert f"date: {(dt.date.today() + dt.timedelta(days=30)).isoformat()}" in training
    built = runner.invoke(main, ["build", str(tmp_path / "acme.yaml"), "-o", str(tmp_path / "o")])
    assert built.exit_code == 0, built.stderr
    assert built.stderr == ""


def test_bundled_examples_are_named_shortly_from_another_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After ``pip install .`` the examples live in site-packages: messages name them by
    their place among the bundled data, and point to ``guide check`` alone."""
    from guide import defaults
    from guide.batch.reporting import check_command, named

    contoso = defaults.ORGS_DIR / "contoso.yaml"
    monkeypatch.chdir(tmp_path)
    assert named(contoso) == "orgs/contoso.yaml (bundled)"
    assert check_command(contoso) == "guide check"
    result = CliRunner().invoke(main, ["check"])
    assert "orgs/contoso.yaml (bundled): important: MS-102 retired" in result.stderr
    own = tmp_path / "acme.yaml"
    assert named(own) == "acme.yaml" and check_command(own) == "guide check acme.yaml"


def test_a_name_without_its_suffix_is_told_the_file_meant(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "acme.yaml").write_text(ORG, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["build", "acme"])
    assert result.exit_code == 2
    assert "'acme' does not exist; did you mean acme.yaml?" in result.stderr
