"""Pydantic's errors as one located line each: the key, what is wrong, the valid choices."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import BaseModel, ConfigDict

from guide.content.chapters import ChapterMeta
from guide.content.validation import suggest, validate
from guide.content.yamlfile import load_yaml
from guide.errors import InputError
from guide.org.schema import OrganisationFile

FILE = Path("acme.yaml")


def problems(
    text: str, schema: type[BaseModel] = OrganisationFile, first_line: int = 1
) -> list[str]:
    with pytest.raises(InputError) as raised:
        validate(load_yaml(FILE, text, first_line=first_line), schema)
    return [str(problem) for problem in raised.value.problems]


def test_a_valid_file_gives_the_model() -> None:
    text = "organisation:\n  name: ' Acme '\nteam:\n  roles:\n    endpoint-admin: 2\n"
    spec = validate(load_yaml(FILE, text), OrganisationFile)
    assert (spec.organisation.name, dict(spec.team.roles)) == ("Acme", {"endpoint-admin": 2})


@pytest.mark.parametrize(
    "text, found",
    [("", "an empty file"), ("- a\n", "list"), ("just words\n", "str")],
)
def test_anything_but_a_mapping_is_one_problem_on_line_1(text: str, found: str) -> None:
    assert problems(text) == [f"acme.yaml:1: expected a mapping of keys, found {found}"]


def test_an_unknown_key_suggests_the_close_one_and_lists_the_valid_keys() -> None:
    text = "organisation:\n  name: Acme\n  colour: {}\nteam:\n  roles:\n    endpoint-admin: 2\n"
    assert problems(text) == [
        "acme.yaml:3:3: organisation.colour: unknown key 'colour' (did you mean colours?); "
        "valid keys here: name, logo, colours, locale, fonts"
    ]


def test_an_unknown_key_in_a_list_item_lists_the_item_keys() -> None:
    text = "organisation:\n  name: Acme\nteam:\n  members:\n    - name: Ann\n      role: x\n"
    text += "      extra: 1\n"
    assert problems(text) == [
        "acme.yaml:7:7: team.members[0].extra: unknown key 'extra'; "
        "valid keys here: name, role, certified, endpoint_experience, path"
    ]


def test_a_missing_key_is_reported_at_its_parent() -> None:
    text = "organisation:\n  logo: x.png\nteam:\n  roles:\n    endpoint-admin: 2\n"
    assert problems(text) == ["acme.yaml:1:1: organisation: missing required key 'name'"]


def test_a_choice_outside_the_literal_names_the_allowed_values() -> None:
    text = "organisation:\n  name: Acme\npaper: A5\nteam:\n  roles:\n    endpoint-admin: 2\n"
    assert problems(text) == ["acme.yaml:3:1: paper: 'A5' is not allowed; use 'A4' or 'Letter'"]


def test_wrong_types_show_the_value_found() -> None:
    text = """\
organisation:
  name: 2024
training:
  date: next week
team:
  roles:
    endpoint-admin: many
  members:
    - name: Ann
      role: endpoint-admin
      endpoint_experience: perhaps
"""
    assert problems(text) == [
        "acme.yaml:2:3: organisation.name: expected text, found 2024; "
        "put the value in quotes to keep it as text",
        "acme.yaml:4:3: training.date: found 'next week', not a date; "
        "write it as YYYY-MM-DD, e.g. 2027-03-12",
        "acme.yaml:7:5: team.roles.endpoint-admin: expected a whole number, found 'many'",
        "acme.yaml:11:7: team.members[0].endpoint_experience: expected true or false, "
        "found 'perhaps'",
    ]


def test_our_validators_messages_keep_their_words() -> None:
    text = "organisation:\n  name: Acme\n  colours:\n    primary: red\nteam: {}\n"
    assert problems(text) == [
        "acme.yaml:4:5: organisation.colours.primary: found 'red'; write a colour as "
        '"#RRGGBB" in quotes, e.g. "#0F6CBD" (unquoted, YAML reads # as the start of a comment)',
        "acme.yaml:5:1: team: give team.roles (role id: headcount) or team.members",
    ]


def test_problems_are_sorted_by_their_place_in_the_file() -> None:
    """Pydantic reports by field order (organisation first); the reader wants file order."""
    text = "team:\n  roles:\n    endpoint-admin: 0\norganisation:\n  name: Acme\n  nmae: A\n"
    assert problems(text) == [
        "acme.yaml:3:5: team.roles.endpoint-admin: must be at least 1 (found 0)",
        "acme.yaml:6:3: organisation.nmae: unknown key 'nmae' (did you mean name?); "
        "valid keys here: name, logo, colours, locale, fonts",
    ]


def test_front_matter_problems_carry_the_chapter_lines() -> None:
    text = "id: Not A Slug\ntitle: T\nreviewed: 2026-01-01\naudience: [1]\n"
    assert problems(text, ChapterMeta, first_line=2) == [
        "acme.yaml:2:1: id: found 'Not A Slug'; write lowercase letters and digits, words "
        "joined by single hyphens, e.g. 'intune-basics'",
        "acme.yaml:5:1: audience: '[1]' is not allowed; use 'all'",
        "acme.yaml:5:12: audience[0]: expected text, found 1; "
        "put the value in quotes to keep it as text",
    ]


class Shape(BaseModel):
    model_config = ConfigDict(extra="forbid")
    value: int | list[int]


def test_the_type_names_pydantic_puts_in_a_union_path_are_left_out() -> None:
    assert problems("value: [1, x]\n", Shape) == [
        "acme.yaml:1:1: value: expected a whole number, found [1, 'x']",
        "acme.yaml:1:12: value[1]: expected a whole number, found 'x'",
    ]


@pytest.mark.parametrize(
    "word, choices, hint",
    [
        ("colour", ["name", "colours"], " (did you mean colours?)"),
        ("endpoint-admn", ["endpoint-admin", "m365-admin"], " (did you mean endpoint-admin?)"),
        ("zzz", ["name", "colours"], ""),
        ("name", [], ""),
    ],
)
def test_suggest(word: str, choices: list[str], hint: str) -> None:
    assert suggest(word, choices) == hint


def test_an_unknown_key_in_an_optional_section_lists_that_sections_keys() -> None:
    text = "organisation:\n  name: Acme\n  fonts:\n    regular: a.ttf\n    bolt: b.ttf\n"
    text += "team:\n  roles:\n    endpoint-admin: 2\n"
    assert problems(text) == [
        "acme.yaml:5:5: organisation.fonts.bolt: unknown key 'bolt' (did you mean bold?); "
        "valid keys here: regular, bold, italic, bold_italic"
    ]


def test_a_mapping_where_a_union_is_expected_is_reported_at_its_key() -> None:
    text = "id: a\ntitle: T\nreviewed: 2026-01-01\naudience: {role: x}\n"
    assert problems(text, ChapterMeta, first_line=2) == [
        "acme.yaml:5:1: audience: '{'role': 'x'}' is not allowed; use 'all'",
        "acme.yaml:5:1: audience: expected a list, found {'role': 'x'}; write it in "
        "brackets, e.g. [first, second]",
    ]


class Size(BaseModel):
    model_config = ConfigDict(extra="forbid")
    width: int


class Frame(BaseModel):
    model_config = ConfigDict(extra="forbid")
    size: Size | str
    more: list[Size | int] = []


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "size:\n  width: 2\n  widht: 3\n",
            [
                "acme.yaml:1:1: size: expected text, found {'width': 2, 'widht': 3}",
                "acme.yaml:3:3: size.widht: unknown key 'widht' (did you mean width?); "
                "valid keys here: width",
            ],
        ),
        (
            "size: {}\n",
            [
                "acme.yaml:1:1: size: missing required key 'width'",
                "acme.yaml:1:1: size: expected text, found {}",
            ],
        ),
        (
            "size: s\nmore:\n  - {width: 1, colour: 2}\n",
            [
                "acme.yaml:3:5: more[0]: expected a whole number, found {'width': 1, 'colour': 2}",
                "acme.yaml:3:16: more[0].colour: unknown key 'colour'; valid keys here: width",
            ],
        ),
    ],
)
def test_models_inside_unions_keep_their_keys_and_lose_the_type_names(
    text: str, expected: list[str]
) -> None:
    assert problems(text, Frame) == expected
