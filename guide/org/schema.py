"""The organisation file's schema: every key, its type and its limits, declared up front.

Values that reach CSS (colours) or print (names) are constrained here, so later stages can
trust them. Cross-checks against the catalogue and the disk live in ``organisation``.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BeforeValidator, Field, model_validator

from guide.content.catalogue import Scope
from guide.content.validation import Strict

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


class Colours(Strict):
    primary: Colour = "#0F6CBD"
    accent: Colour = "#C4314B"


class Fonts(Strict):
    """Font files shipped beside the organisation file, used for all text instead of Noto Sans."""

    regular: str
    bold: str | None = None
    italic: str | None = None
    bold_italic: str | None = None


class OrganisationInfo(Strict):
    name: Text
    logo: str | None = None
    colours: Colours = Colours()
    locale: Literal["en", "fr"] = "en"
    fonts: Fonts | None = None


class Training(Strict):
    title: Text = "Microsoft endpoint and Microsoft 365 certification plan"
    date: dt.date | None = None
    trainer: Text | None = None
    venue: Text | None = None
    # an exam retiring sooner after the training than this is planned with its successor
    preparation_weeks: Annotated[int, Field(ge=0, le=52)] = 4


class Member(Strict):
    name: Text
    role: str
    certified: tuple[str, ...] = ()
    endpoint_experience: bool = False
    path: tuple[str, ...] | None = Field(default=None, min_length=1)


class Team(Strict):
    roles: dict[str, Annotated[int, Field(ge=1, le=10_000)]] = Field(default_factory=dict)
    members: tuple[Member, ...] = Field(default=(), max_length=1000)

    @model_validator(mode="after")
    def _not_empty(self) -> Team:
        if not self.roles and not self.members:
            raise ValueError("give team.roles (role id: headcount) or team.members")
        return self


class Content(Strict):
    """The organisation's own chapters and wording."""

    add: tuple[str, ...] = ()
    replace: dict[str, str] = Field(default_factory=dict)
    skip: tuple[str, ...] = ()
    vars: dict[str, Text] = Field(default_factory=dict)
    glossary: dict[str, Annotated[str, Field(min_length=1, max_length=1000)]] = Field(
        default_factory=dict
    )
    #: A folder of Learn articles -> its base address on Learn, for links to its articles
    #: that the guide does not include (``{"memdocs/autopilot": "https://learn.microsoft.com/autopilot/"}``).
    docsets: dict[str, Annotated[str, Field(pattern=r"^https://\S+$", max_length=500)]] = Field(
        default_factory=dict
    )
    #: The zone pivots to print (``::: zone pivot="..."``); with none, every zone prints under
    #: its pivot's name.
    pivots: tuple[Annotated[str, Field(pattern=r"^[A-Za-z0-9_.-]+$")], ...] = ()


class CustomRole(Strict):
    """A role of the organisation's own, usable in ``team`` like a bundled one."""

    title: Text
    focus: Annotated[str, Field(min_length=1, max_length=500)]
    path: tuple[str, ...] = Field(min_length=1)
    scope: Scope | None = None
    why: Annotated[str, Field(max_length=500)] = ""


PdfStandard = Literal["pdf/a-2b", "pdf/a-2u", "pdf/a-3b", "pdf/a-3u"]


class Archive(Strict):
    """Archival copies of the session's PDFs (PDF/A), for training records."""

    standard: PdfStandard = "pdf/a-3u"
    #: Embed the organisation file and the plan (as JSON) in each PDF: PDF/A-3 only.
    attach: bool = False

    @model_validator(mode="after")
    def _attach_needs_pdf_a_3(self) -> Archive:
        if self.attach and not self.standard.startswith("pdf/a-3"):
            raise ValueError(
                f"attach needs PDF/A-3 ({self.standard} may embed only PDF/A files); use "
                "standard: pdf/a-3u"
            )
        return self


class OrganisationFile(Strict):
    """The schema of an organisation file."""

    organisation: OrganisationInfo
    paper: Literal["A4", "Letter"] = "A4"
    training: Training = Training()
    team: Team
    roles: dict[str, CustomRole] = Field(default_factory=dict)
    content: Content = Content()
    draft: bool = False
    missing_images: Literal["error", "placeholder"] = "error"
    archive: Archive | None = None
