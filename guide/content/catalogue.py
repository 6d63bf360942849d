"""The role and certification catalogues: data files in ``content/`` a trainer can edit.

This stage owns their schema and loads them once; later stages only read the models.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Literal

from pydantic import Field, HttpUrl, field_validator, model_validator

from guide.content.validation import Strict, validate
from guide.content.yamlfile import load_yaml
from guide.errors import InputError

Scope = Literal["device", "tenant", "identity"]


class Source(Strict):
    """Where a fact comes from, and when someone last checked it."""

    title: str
    publisher: str
    kind: Literal["official", "third-party"]
    url: HttpUrl | None = None
    checked: dt.date
    exams: tuple[str, ...] = ()  # what it is about: listed only when the plan uses one of them


class Domain(Strict):
    """One 'skills measured' domain of an exam outline."""

    name: str
    weight: str | None = Field(default=None, pattern=r"^\d{1,2}-\d{1,3}$")

    @property
    def weight_midpoint(self) -> float:
        if not self.weight:
            return 0.0
        low, high = (int(part) for part in self.weight.split("-"))
        return (low + high) / 2


class Skills(Strict):
    outline_date: dt.date | None = None
    domains: tuple[Domain, ...]
    source: str


class Lifecycle(Strict):
    """An exam's status as last checked; ``tailor`` works out its status on a given date."""

    status: Literal["active", "beta", "retiring"]
    retires: dt.date | None = None
    successor: str | None = None
    note: str | None = None
    source: str
    checked: dt.date


class Certification(Strict):
    code: str = ""
    exam_title: str
    short_title: str
    credential: str
    level: Literal["Fundamentals", "Associate", "Expert", "Specialty"]
    scope: Scope
    passing_score: int = Field(ge=1, le=1000)
    practice_assessment: bool = True  # a free one on Microsoft Learn
    duration_minutes: int | None = None
    url: HttpUrl
    prerequisites: str
    skills: Skills
    lifecycle: Lifecycle
    sources: dict[str, Source]

    @model_validator(mode="after")
    def _sources_exist(self) -> Certification:
        for used in (self.skills.source, self.lifecycle.source):
            if used not in self.sources:
                raise ValueError(
                    f"source '{used}' is not listed under sources ({', '.join(self.sources)})"
                )
        return self


class Role(Strict):
    id: str = ""
    title: str
    scope: Scope
    focus: str
    why: str
    path: tuple[str, ...] = Field(min_length=1)


class CertificationFile(Strict):
    reviewed: dt.date
    certifications: dict[str, Certification]

    @model_validator(mode="after")
    def _successors_exist(self) -> CertificationFile:
        for code, cert in self.certifications.items():
            successor = cert.lifecycle.successor
            if successor and successor not in self.certifications:
                raise ValueError(f"{code}: successor '{successor}' is not in the catalogue")
        return self


class RoleFile(Strict):
    reviewed: dt.date
    roles: dict[str, Role]

    @field_validator("roles")
    @classmethod
    def _ids_are_slugs(cls, roles: dict[str, Role]) -> dict[str, Role]:
        for role_id in roles:
            if not role_id.replace("-", "").isalnum() or role_id.lower() != role_id:
                raise ValueError(f"role id '{role_id}' must be lower-case letters, digits, -")
        return roles


class Catalogue(Strict):
    """Everything the tool knows about roles and certifications."""

    roles: dict[str, Role]
    certifications: dict[str, Certification]
    roles_reviewed: dt.date
    certifications_reviewed: dt.date


def load_catalogue(content_dir: Path) -> Catalogue:
    """Load ``roles.yaml`` and ``certifications.yaml`` from ``content_dir``; check they agree."""
    cert_doc = load_yaml(content_dir / "certifications.yaml")
    certs = validate(cert_doc, CertificationFile)
    role_doc = load_yaml(content_dir / "roles.yaml")
    roles = validate(role_doc, RoleFile)
    problems = [
        role_doc.problem(
            ("roles", role_id, "path", index),
            f"unknown exam '{code}'; the catalogue has {', '.join(certs.certifications)}",
        )
        for role_id, role in roles.roles.items()
        for index, code in enumerate(role.path)
        if code not in certs.certifications
    ]
    if problems:
        raise InputError(problems)
    return Catalogue(
        roles={rid: role.model_copy(update={"id": rid}) for rid, role in roles.roles.items()},
        certifications={
            code: cert.model_copy(update={"code": code})
            for code, cert in certs.certifications.items()
        },
        roles_reviewed=roles.reviewed,
        certifications_reviewed=certs.reviewed,
    )


class GlossaryFile(Strict):
    reviewed: dt.date
    terms: dict[str, str]


def load_glossary(content_dir: Path) -> dict[str, str]:
    """The bundled glossary (``content/glossary.yaml``): term -> definition."""
    path = content_dir / "glossary.yaml"
    if not path.is_file():
        return {}
    return dict(validate(load_yaml(path), GlossaryFile).terms)
