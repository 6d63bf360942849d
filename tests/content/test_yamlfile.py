"""YAML with positions: every key's line and column, and one located error per refusal."""

from __future__ import annotations

from pathlib import Path

import pytest

from guide.content.yamlfile import MAX_DEPTH, dotted, load_yaml
from guide.errors import InputError, Problem

FILE = Path("acme.yaml")

TEAM = """\
organisation:
  name: Acme
team:
  members:
    - name: Ann
      role: endpoint-admin
    - {name: Bo, role: security-admin}
"""


def refusal(text: str, first_line: int = 1) -> Problem:
    with pytest.raises(InputError) as raised:
        load_yaml(FILE, text, first_line=first_line)
    [problem] = raised.value.problems
    return problem


def test_plain_data_comes_back_as_python() -> None:
    document = load_yaml(FILE, "a: 1\nb: [true, 2.5, null, '7']\nc: 2027-03-01\n")
    assert str(document.data["c"]) == "2027-03-01"
    assert document.data == {"a": 1, "b": [True, 2.5, None, "7"], "c": document.data["c"]}


def test_every_key_path_has_the_line_and_column_of_its_key() -> None:
    document = load_yaml(FILE, TEAM)
    assert document.positions == {
        (): (1, 1),
        ("organisation",): (1, 1),
        ("organisation", "name"): (2, 3),
        ("team",): (3, 1),
        ("team", "members"): (4, 3),
        ("team", "members", 0): (5, 7),  # a list item: where its value starts
        ("team", "members", 0, "name"): (5, 7),
        ("team", "members", 0, "role"): (6, 7),
        ("team", "members", 1): (7, 7),
        ("team", "members", 1, "name"): (7, 8),  # inside a flow mapping
        ("team", "members", 1, "role"): (7, 18),
    }


def test_positions_count_from_the_first_line_given() -> None:
    """Front matter starts on the chapter's line 2: its positions say so."""
    document = load_yaml(FILE, "id: a\ntitle: T\n", first_line=2)
    assert document.positions[("title",)] == (3, 1)


def test_a_key_path_that_is_not_in_the_file_is_located_at_its_nearest_ancestor() -> None:
    document = load_yaml(FILE, TEAM)
    assert document.locate(("team", "members", 1, "role", "extra")) == (7, 18)
    assert document.locate(("team", "roles", "endpoint-admin")) == (3, 1)
    assert load_yaml(FILE, "").locate(("team",)) is None


def test_a_problem_names_the_file_line_column_and_dotted_key() -> None:
    problem = load_yaml(FILE, TEAM).problem(("team", "members", 0, "role"), "unknown role")
    assert problem == Problem(FILE, "unknown role", 6, 7, "team.members[0].role")
    assert str(problem) == "acme.yaml:6:7: team.members[0].role: unknown role"


def test_a_problem_about_the_whole_file_has_no_key() -> None:
    assert str(load_yaml(FILE, "a: 1\n").problem((), "bad")) == "acme.yaml:1:1: bad"


@pytest.mark.parametrize(
    "path, text",
    [
        (("team", "members", 1, "role"), "team.members[1].role"),
        (("roles", "help-desk", "path", 0), "roles.help-desk.path[0]"),
        ((3,), "[3]"),
        ((), ""),
    ],
)
def test_dotted(path: tuple[str | int, ...], text: str) -> None:
    assert dotted(path) == text


@pytest.mark.parametrize("text", ["", "# only a comment\n", "---\n", "~\n"])
def test_an_empty_document_is_none(text: str) -> None:
    assert load_yaml(FILE, text).data is None


@pytest.mark.parametrize(
    "text, message, line, column",
    [
        ("a: 1\nb: 2\na: 3\n", "duplicate key 'a'; each key may appear once", 7, 1),
        ("a: &x 1\nb: *x\n", "YAML anchors and aliases are not allowed; write values out", 5, 4),
        ("a: 1\n---\nb: 2\n", "several YAML documents in one file; keep only the first", 6, None),
        (
            "a: !!python/object:os.system 1\n",
            "YAML tag 'tag:yaml.org,2002:python/object:os.system' is not allowed; use plain values",
            5,
            4,
        ),
        (
            "a: !!binary aGk=\n",
            "YAML tag 'tag:yaml.org,2002:binary' is not allowed; use plain values",
            5,
            4,
        ),
        ("a: !custom x\n", "YAML tag '!custom' is not allowed; use plain values", 5, 4),
        ("? [a, b]\n: 1\n", "keys must be plain text", 5, 1),
        (
            "a:\n\t- b\n",
            "invalid YAML: found character '\\t' that cannot start any token "
            "(indent with spaces, not tabs)",
            6,
            1,
        ),
        ("a: [1, 2\n", "invalid YAML: expected ',' or ']', but got '<stream end>'", 6, 1),
    ],
)
def test_refusals_name_the_line_and_column_in_the_file(
    text: str, message: str, line: int, column: int | None
) -> None:
    """Each text starts on line 5 of its file, as a chapter's front matter would."""
    assert refusal(text, first_line=5) == Problem(FILE, message, line, column)


def test_a_date_that_does_not_exist_stays_text_for_the_schema_to_explain() -> None:
    """YAML reads ``2026-13-40`` as a date and fails; kept as text, the schema's message
    names the key and says what is wrong (``validation.date_message``)."""
    assert load_yaml(FILE, "start: 2026-13-40\n").data == {"start": "2026-13-40"}


def test_an_unquoted_colour_in_braces_is_named_on_its_own_line() -> None:
    """``#`` starts a comment: the rest of the line is lost and YAML fails on the next."""
    text = "organisation:\n  colours: {primary: #0F6CBD, accent: '#00AA00'}\nteam: {}\n"
    assert refusal(text, first_line=5) == Problem(
        FILE,
        "primary: #0F6CBD without quotes starts a YAML comment, so the rest of the line is "
        'lost; put it in quotes: primary: "#0F6CBD"',
        6,
        22,
    )


def test_nesting_is_refused_one_level_past_the_limit() -> None:
    assert load_yaml(FILE, "- " * MAX_DEPTH + "x\n").data is not None
    problem = refusal("- " * (MAX_DEPTH + 1) + "x\n")
    assert problem.message == f"YAML nested more than {MAX_DEPTH} levels deep; flatten the data"
    assert (problem.line, problem.column) == (1, 2 * MAX_DEPTH + 1)


def test_a_file_is_read_as_utf8_without_its_byte_order_mark(tmp_path: Path) -> None:
    file = tmp_path / "acme.yaml"
    file.write_bytes("\ufeffname: Zoë\n".encode())
    document = load_yaml(file)
    assert (document.data, document.file) == ({"name": "Zoë"}, file)


def test_text_that_is_not_utf8_names_its_line(tmp_path: Path) -> None:
    file = tmp_path / "acme.yaml"
    file.write_bytes(b"a: 1\nb: 2\nname: Zo\xeb\n")
    with pytest.raises(InputError) as raised:
        load_yaml(file)
    assert str(raised.value) == f"{file}:3: not UTF-8 text; save the file as UTF-8"


def test_a_missing_file_is_one_located_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"nope\.yaml: file not found$"):
        load_yaml(tmp_path / "nope.yaml")


@pytest.mark.parametrize("control", ["\x0b", "\x0c", "\x07"])
def test_a_control_character_is_named_with_its_line_and_column(control: str) -> None:
    """YAML refuses most control characters (a vertical tab pasted from a word processor):
    the error says which and where, not an offset in PyYAML's own words."""
    with pytest.raises(InputError) as raised:
        load_yaml(FILE, f"organisation:\n  name: Acme{control} Ltd\n")
    assert str(raised.value) == (
        f"acme.yaml:2:13: invalid YAML: character U+{ord(control):04X} is not allowed in YAML "
        "(a control character: delete it)"
    )
