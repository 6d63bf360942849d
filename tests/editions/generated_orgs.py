"""Organisation files made up for the page-quality tests: each case picks a paper, a language, a
short or long name, a team of 1 to 40 named members and a logo (SVG, PNG or none), and is
written as YAML into a folder of its own."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw

from guide import defaults

ROLES = ("endpoint-admin", "security-admin", "it-operations", "m365-admin")
FIRST = ("Alice", "Søren", "Łukasz", "Chloé", "Karim", "Yuki", "Maximilian-Alexander", "Zoë")
LAST = ("Martin", "Ødegård", "Wiśniewski", "Dubois", "Haddad", "Sato", "Featherstonehaugh")
SHORT_NAME = "Io"
LONG_NAME = (
    "Compagnie Générale des Établissements de Formation et de Conseil en Systèmes "
    "d'Information de la Métropole du Grand Lyon"
)


@dataclass(frozen=True)
class OrgCase:
    paper: str  # A4 or Letter
    locale: str  # en or fr
    long_name: bool
    members: int  # 1 to 40
    logo: str  # "svg", "png" or ""

    @property
    def slug(self) -> str:
        name = "long" if self.long_name else "short"
        logo = self.logo or "nologo"
        return f"{self.paper.lower()}-{self.locale}-{name}-{self.members}-{logo}"


#: Every value of every dimension at least twice, in five builds (a build of every combination
#: would take the best part of an hour on a CI machine).
CASES = (
    OrgCase("A4", "en", long_name=False, members=1, logo="svg"),
    OrgCase("Letter", "fr", long_name=True, members=40, logo=""),
    OrgCase("Letter", "en", long_name=True, members=7, logo="png"),
    OrgCase("A4", "fr", long_name=False, members=13, logo=""),
    OrgCase("Letter", "en", long_name=False, members=3, logo="svg"),
)


def member_name(index: int, long_name: bool) -> str:
    first, last = FIRST[index % len(FIRST)], LAST[(index // len(FIRST) + index) % len(LAST)]
    name = f"{first} {last}"
    return f"{name}-{LAST[(index + 3) % len(LAST)]}" if long_name and index % 3 == 0 else name


def write_org(case: OrgCase, folder: Path) -> Path:
    """The case's organisation file (and its logo) in `folder`; returns the file's path."""
    folder.mkdir(parents=True, exist_ok=True)
    logo = ""
    if case.logo == "svg":
        shutil.copy(defaults.ORGS_DIR / "contoso-logo.svg", folder / "logo.svg")
        logo = "\n  logo: logo.svg"
    elif case.logo == "png":
        image = Image.new("RGB", (600, 200), "white")
        ImageDraw.Draw(image).rectangle((20, 20, 180, 180), fill="#5C2D91")
        image.save(folder / "logo.png")
        logo = "\n  logo: logo.png"
    members = "".join(
        f'    - {{name: "{member_name(i, case.long_name)}", role: {ROLES[i % len(ROLES)]}}}\n'
        for i in range(case.members)
    )
    name = LONG_NAME if case.long_name else SHORT_NAME
    venue = "Villeurbanne, bâtiment C, salle 204" if case.locale == "fr" else "Room 1"
    text = (
        f'organisation:\n  name: "{name}"\n  locale: {case.locale}{logo}\n'
        '  colours: {primary: "#5C2D91", accent: "#D83B01"}\n'
        f"paper: {case.paper}\n"
        f"training:\n  date: 2027-01-18\n  trainer: Jane Doe\n  venue: {venue}\n"
        f"team:\n  members:\n{members}"
    )
    path = folder / f"{case.slug}.yaml"
    path.write_text(text, encoding="utf-8")
    return path
