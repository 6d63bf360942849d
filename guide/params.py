"""Load and validate an organisation file: the user's contract with the tool.

The schema is declared up front; every problem is reported at once with its file, line and
key. Values that reach CSS (colours) or file paths (logo) are checked here, so later stages
can trust them.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from guide.catalogue import Catalogue
from guide.defaults import SLUG_PATTERN
from guide.errors import InputError, Problem, input_error
from guide.validation import suggest, validate
from guide.yamlfile import YamlDocument, load_yaml

_FORBIDDEN_CHARS = re.compile(r"[\x00-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


def _plain_text(value: str) -> str:
    if _FORBIDDEN_CHARS.search(value):
        raise ValueError(
            "contains a control, newline or bidi-override character; "
            "write it on one line as plain text"
        )
    if not value.strip():
        raise ValueError("must not be empty")
    return value.strip()


def _colour(value: object) -> str:
    if not isinstance(value, str) or not re.fullmatch(r"#[0-9A-Fa-f]{6}", value):
        shown = "nothing" if value is None else repr(value)
        raise ValueError(
            f'found {shown}; write a colour as "#RRGGBB" in quotes, e.g. '
            '"#0F6CBD" (unquoted, YAML reads # as the start of a comment)'
        )
    return value.upper()


Text = Annotated[str, Field(max_length=200), AfterValidator(_plain_text)]
Colour = Annotated[str, BeforeValidator(_colour)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Colours(Strict):
    primary: Colour = "#0F6CBD"
    accent: Colour = "#C4314B"


class OrganisationInfo(Strict):
    name: Text
    logo: str | None = None
    colours: Colours = Colours()


class Training(Strict):
    title: Text = "Microsoft endpoint and Microsoft 365 certification plan"
    date: dt.date | None = None
    trainer: Text | None = None
    venue: Text | None = None


class Member(Strict):
    name: Text
    role: str
    certified: tuple[str, ...] = ()
    endpoint_experience: bool = False
    path: tuple[str, ...] | None = Field(default=None, min_length=1)


class Team(Strict):
    roles: dict[str, Annotated[int, Field(ge=1, le=10_000)]] = {}
    members: tuple[Member, ...] = Field(default=(), max_length=1000)

    @model_validator(mode="after")
    def _not_empty(self) -> Team:
        if not self.roles and not self.members:
            raise ValueError("give team.roles (role id: headcount) or team.members")
        return self


class OrganisationFile(Strict):
    """The schema of an organisation file."""

    organisation: OrganisationInfo
    paper: Literal["A4", "Letter"] = "A4"
    training: Training = Training()
    team: Team


@dataclass(frozen=True)
class Organisation:
    """A validated organisation file, with what its path tells: slug and folder."""

    file: Path
    slug: str
    spec: OrganisationFile

    @property
    def name(self) -> str:
        return self.spec.organisation.name

    @property
    def folder(self) -> Path:
        return self.file.resolve().parent

    @property
    def logo_path(self) -> Path | None:
        logo = self.spec.organisation.logo
        return (self.folder / logo).resolve() if logo else None

    def headcount_by_role(self) -> dict[str, int]:
        """Headcount per role: ``team.roles`` where given, else counted from the members."""
        team = self.spec.team
        counts = dict(team.roles)
        for member in team.members:
            if member.role not in team.roles:
                counts[member.role] = counts.get(member.role, 0) + 1
        return counts


def slug_for(file: Path) -> str:
    """The output slug: the file's stem, which must be lower-case letters, digits, hyphens."""
    if not SLUG_PATTERN.match(file.stem):
        raise input_error(
            file,
            f"file name '{file.stem}' cannot be used as an output folder; "
            "rename the file using lower-case letters, digits and hyphens "
            "(e.g. contoso-lyon.yaml)",
        )
    return file.stem


def load_organisation(file: Path, catalogue: Catalogue) -> Organisation:
    """Read, validate and cross-check ``file``; every problem is reported at once."""
    slug = slug_for(file)
    document = load_yaml(file)
    problems: list[Problem] = []
    spec: OrganisationFile | None = None
    try:
        spec = validate(document, OrganisationFile)
    except InputError as error:
        problems.extend(error.problems)
    if isinstance(document.data, dict):
        seen = {(p.line, p.key) for p in problems}
        problems.extend(
            p for p in _check_references(document, catalogue) if (p.line, p.key) not in seen
        )
    if problems or spec is None:
        raise InputError(sorted(problems, key=lambda p: (p.line or 0, p.column or 0)))
    return Organisation(file=file, slug=slug, spec=spec)


def _mapping(value: object) -> dict[object, object]:
    return value if isinstance(value, dict) else {}


def _items(value: object) -> list[object]:
    return value if isinstance(value, list) else []


def _check_references(document: YamlDocument, catalogue: Catalogue) -> list[Problem]:
    """Role ids, exam codes, headcounts and the logo, checked on the raw data.

    Working on the raw data (rather than the validated model) lets these problems be
    reported together with schema problems elsewhere in the file.
    """
    roles = catalogue.roles
    exams = catalogue.certifications
    problems: list[Problem] = []

    def unknown(kind: str, value: object, choices: dict[str, object]) -> str:
        return (
            f"unknown {kind} '{value}'{suggest(str(value), choices)}; "
            f"valid {kind}s: {', '.join(choices)}"
        )

    team = _mapping(_mapping(document.data).get("team"))
    declared = _mapping(team.get("roles"))
    for role_id in declared:
        if role_id not in roles:
            problems.append(
                document.problem(
                    ("team", "roles", str(role_id)), unknown("role", role_id, dict(roles))
                )
            )
    named: dict[object, int] = {}
    for index, raw_member in enumerate(_items(team.get("members"))):
        member = _mapping(raw_member)
        here = ("team", "members", index)
        role = member.get("role")
        if isinstance(role, str) and role not in roles:
            problems.append(document.problem((*here, "role"), unknown("role", role, dict(roles))))
        elif isinstance(role, str) and declared and role not in declared:
            problems.append(
                document.problem(
                    (*here, "role"),
                    f"role '{role}' is not listed under team.roles; add it there with a "
                    "headcount, or leave team.roles out to count the named members",
                )
            )
        named[role] = named.get(role, 0) + 1
        for key in ("certified", "path"):
            for position, code in enumerate(_items(member.get(key))):
                if isinstance(code, str) and code not in exams:
                    problems.append(
                        document.problem((*here, key, position), unknown("exam", code, dict(exams)))
                    )
    for role_id, count in named.items():
        headcount = declared.get(role_id)
        if isinstance(headcount, int) and count > headcount:
            problems.append(
                document.problem(
                    ("team", "roles", str(role_id)),
                    f"headcount {headcount} is less than the {count} members named with this "
                    "role; raise the headcount or remove it to count the members",
                )
            )
    logo = _mapping(_mapping(document.data).get("organisation")).get("logo")
    if isinstance(logo, str):
        problems.extend(_check_logo(document, logo))
    return problems


def _check_logo(document: YamlDocument, logo: str) -> list[Problem]:
    key = ("organisation", "logo")
    folder = document.file.resolve().parent
    path = (folder / logo).resolve()
    if not path.is_relative_to(folder):
        return [
            document.problem(
                key,
                f"logo '{logo}' is outside the organisation file's "
                "folder; put the logo beside the file",
            )
        ]
    if path.suffix.lower() not in {".svg", ".png"}:
        return [document.problem(key, f"logo '{logo}' must be an .svg or .png file")]
    if not path.is_file():
        return [document.problem(key, f"logo file '{logo}' not found next to {document.file.name}")]
    return []
