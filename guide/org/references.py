"""Cross-check an organisation file against the catalogue and the disk.

Runs on the raw YAML data, so its problems (unknown roles and exams, headcounts, missing or
misplaced files, files that are not what their key says) are reported together with the
schema's, each at its line.
"""

from __future__ import annotations

from guide.content.catalogue import Catalogue
from guide.content.confine import MAX_RESOURCE_BYTES, inside, other_organisations, read_input
from guide.content.validation import closest, suggest
from guide.content.yamlfile import YamlDocument
from guide.errors import InputError, Problem


def _mapping(value: object) -> dict[object, object]:
    return value if isinstance(value, dict) else {}


def _items(value: object) -> list[object]:
    return value if isinstance(value, list) else []


def with_canonical_codes(data: object, catalogue: Catalogue) -> object:
    """``data`` with exam codes written in another case (``md-102``) spelt as the catalogue
    spells them (``MD-102``), wherever an organisation file names exams."""
    codes = {code.casefold(): code for code in catalogue.certifications}

    def spelt(value: object) -> object:
        if isinstance(value, list):
            return [codes.get(v.casefold(), v) if isinstance(v, str) else v for v in value]
        return value

    if not isinstance(data, dict):
        return data
    data = dict(data)
    roles = data.get("roles")
    if isinstance(roles, dict):
        data["roles"] = {
            role_id: {**role, "path": spelt(role.get("path"))}
            if isinstance(role, dict) and "path" in role
            else role
            for role_id, role in roles.items()
        }
    team = data.get("team")
    if isinstance(team, dict) and isinstance(team.get("members"), list):
        members = [
            {**m, **{k: spelt(m[k]) for k in ("certified", "path") if k in m}}
            if isinstance(m, dict)
            else m
            for m in team["members"]
        ]
        data["team"] = {**team, "members": members}
    return data


def check_references(document: YamlDocument, catalogue: Catalogue) -> list[Problem]:
    """Role ids, exam codes, headcounts and files, checked on the raw data.

    Working on the raw data (rather than the validated model) lets these problems be
    reported together with schema problems elsewhere in the file.
    """
    data = _mapping(document.data)
    own_roles = _mapping(data.get("roles"))
    roles: dict[str, object] = {**catalogue.roles, **{str(k): v for k, v in own_roles.items()}}
    exams = catalogue.certifications
    problems: list[Problem] = []

    def unknown(kind: str, value: object, choices: dict[str, object]) -> str:
        return (
            f"unknown {kind} '{value}'{suggest(str(value), choices)}; "
            f"valid {kind}s: {', '.join(choices)}"
        )

    for role_id, raw_role in own_roles.items():
        for position, code in enumerate(_items(_mapping(raw_role).get("path"))):
            if isinstance(code, str) and code not in exams:
                problems.append(
                    document.problem(
                        ("roles", str(role_id), "path", position),
                        unknown("exam", code, dict(exams)),
                    )
                )
    team = _mapping(data.get("team"))
    declared = _mapping(team.get("roles"))
    meant: set[str] = set()  # the roles misspelt under team.roles: their typo says it all
    for role_id in declared:
        if role_id not in roles:
            problems.append(
                document.problem(
                    ("team", "roles", str(role_id)), unknown("role", role_id, dict(roles))
                )
            )
            meant.add(closest(str(role_id), roles) or "")
    named: dict[object, int] = {}
    for index, raw_member in enumerate(_items(team.get("members"))):
        member = _mapping(raw_member)
        here = ("team", "members", index)
        role = member.get("role")
        if isinstance(role, str) and role not in roles:
            problems.append(document.problem((*here, "role"), unknown("role", role, dict(roles))))
        elif isinstance(role, str) and declared and role not in declared and role not in meant:
            problems.append(
                document.problem(
                    (*here, "role"),
                    f"role '{role}' is not listed under team.roles; add it there with a "
                    "headcount, or leave team.roles out to count the named members",
                )
            )
        if isinstance(role, str):
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
    problems.extend(_check_files(document, data))
    return problems


def _check_files(document: YamlDocument, data: dict[object, object]) -> list[Problem]:
    """Files the organisation file names: beside it, present, and of the right kind."""
    organisation = _mapping(data.get("organisation"))
    content = _mapping(data.get("content"))
    wanted: list[tuple[tuple[str | int, ...], object, set[str], str]] = [
        (("organisation", "logo"), organisation.get("logo"), {".svg", ".png"}, "logo"),
    ]
    for style, value in _mapping(organisation.get("fonts")).items():
        wanted.append((("organisation", "fonts", str(style)), value, FONT_SUFFIXES, "font"))
    for index, value in enumerate(_items(content.get("add"))):
        wanted.append((("content", "add", index), value, {".md", ""}, "chapter"))
    for chapter_id, value in _mapping(content.get("replace")).items():
        wanted.append((("content", "replace", str(chapter_id)), value, {".md"}, "chapter"))
    problems = []
    for key, value, suffixes, what in wanted:
        if isinstance(value, str):
            problem = _check_file(document, key, value, suffixes, what)
            if problem:
                problems.append(problem)
    return problems


FONT_SUFFIXES = {".ttf", ".otf", ".woff", ".woff2"}
#: TrueType, TrueType (Apple), OpenType with CFF outlines, WOFF, WOFF2.
FONT_MAGIC = (b"\x00\x01\x00\x00", b"true", b"OTTO", b"wOFF", b"wOF2")


def _check_file(
    document: YamlDocument, key: tuple[str | int, ...], name: str, suffixes: set[str], what: str
) -> Problem | None:
    folder = document.file.resolve().parent
    path = (folder / name).resolve()
    if not inside(path, [folder]):
        return document.problem(
            key,
            f"{what} '{name}' is outside the organisation file's folder; put the "
            f"{what} beside the file",
        )
    if path.is_dir() and "" in suffixes:
        others = other_organisations(document.file)
        if path == folder and others:
            return document.problem(
                key,
                f"{what} folder '{name}' also holds other organisation files "
                f"({', '.join(other.name for other in others[:3])}); put this organisation's "
                "chapters in a folder of their own and name that folder",
            )
        return None
    if path.suffix.lower() not in suffixes:
        kinds = " or ".join(sorted(s for s in suffixes if s))
        return document.problem(key, f"{what} '{name}' must be a {kinds} file")
    if not path.exists():
        return document.problem(key, f"{what} file '{name}' not found next to {document.file.name}")
    try:
        head = read_input(path, MAX_RESOURCE_BYTES, head=4)
    except InputError as error:
        return document.problem(key, f"{what} '{name}': {error.problems[0].message}")
    if what == "font" and not head.startswith(FONT_MAGIC):
        return document.problem(
            key,
            f"font '{name}' is not a TrueType, OpenType, WOFF or WOFF2 font (by its first "
            "bytes); name the font file itself",
        )
    return None
