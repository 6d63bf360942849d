"""The values a chapter's Jinja may read: plain frozen records built for it, nothing else.

Chapters are trainer- and client-edited data. They never see the pydantic models, the plan or
the catalogue themselves, whose public methods (``parse_raw``, ``parse_file``, ``model_copy``…)
could read files or unpickle bytes. Every record here holds only text, numbers, dates,
tuples, read-only mappings and other records of this module; the sandbox (``guide.compose.sandbox``)
lets templates read exactly their fields. README 'Writing chapters' documents each one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from guide.content.catalogue import Catalogue, Certification, Role
from guide.org.organisation import Organisation
from guide.plan.lifecycle import ExamStatus
from guide.plan.tailor import Cohort, ExamDemand, Person, Plan
from guide.plan.wording import PrintedNotice, format_weight, printed


@dataclass(frozen=True)
class OrgInfo:
    name: str
    locale: str


@dataclass(frozen=True)
class TrainingInfo:
    title: str
    date: dt.date | None
    trainer: str | None
    venue: str | None


@dataclass(frozen=True)
class RoleInfo:
    id: str
    title: str
    scope: str
    focus: str
    why: str
    path: tuple[str, ...]


@dataclass(frozen=True)
class PersonInfo:
    name: str | None
    label: str
    role: RoleInfo
    headcount: int
    held: tuple[str, ...]
    path: tuple[str, ...]
    first: str | None
    then: tuple[str, ...]


@dataclass(frozen=True)
class ExamCheck:
    """``plan.uses('MS-102')``: whether anyone still has that exam to take."""

    codes: frozenset[str]

    def __call__(self, code: str) -> bool:
        return code in self.codes


@dataclass(frozen=True)
class PlanInfo:
    as_of: dt.date
    headcount: int
    people: tuple[PersonInfo, ...]
    exams: tuple[ExamDemand, ...]
    cohorts: tuple[Cohort, ...]
    uses: ExamCheck


@dataclass(frozen=True)
class DomainInfo:
    name: str
    weight: str | None
    weight_label: str


@dataclass(frozen=True)
class SkillsInfo:
    outline_date: dt.date | None
    domains: tuple[DomainInfo, ...]


@dataclass(frozen=True)
class LifecycleInfo:
    """An exam's lifecycle as last checked (its status on the plan's date is ``lifecycle``)."""

    status: str
    retires: dt.date | None
    successor: str | None
    note: str | None
    checked: dt.date


@dataclass(frozen=True)
class CertInfo:
    code: str
    exam_title: str
    short_title: str
    credential: str
    level: str
    scope: str
    passing_score: int
    duration_minutes: int | None
    url: str
    prerequisites: str
    skills: SkillsInfo
    lifecycle: LifecycleInfo
    practice_assessment: bool = True


#: Every record type a chapter can reach; the sandbox allows their fields and nothing else.
RECORD_TYPES: tuple[type, ...] = (
    OrgInfo,
    TrainingInfo,
    RoleInfo,
    PersonInfo,
    ExamDemand,  # the plan's own records are plain already
    Cohort,
    ExamCheck,
    PlanInfo,
    PrintedNotice,  # the plan's printed notices are plain already
    DomainInfo,
    SkillsInfo,
    LifecycleInfo,
    CertInfo,
    ExamStatus,
)


def frozen(mapping: Mapping[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType(dict(mapping))


def org_info(org: Organisation) -> OrgInfo:
    return OrgInfo(org.spec.organisation.name, org.spec.organisation.locale)


def training_info(org: Organisation) -> TrainingInfo:
    training = org.spec.training
    return TrainingInfo(training.title, training.date, training.trainer, training.venue)


def role_info(role_id: str, role: Role) -> RoleInfo:
    return RoleInfo(role_id, role.title, role.scope, role.focus, role.why, tuple(role.path))


def cert_info(code: str, cert: Certification, locale: str) -> CertInfo:
    domains = tuple(
        DomainInfo(domain.name, domain.weight, format_weight(domain.weight, locale))
        for domain in cert.skills.domains
    )
    life = cert.lifecycle
    return CertInfo(
        code=code,
        exam_title=cert.exam_title,
        short_title=cert.short_title,
        credential=cert.credential,
        level=cert.level,
        scope=cert.scope,
        passing_score=cert.passing_score,
        duration_minutes=cert.duration_minutes,
        url=str(cert.url),
        prerequisites=cert.prerequisites,
        skills=SkillsInfo(cert.skills.outline_date, domains),
        lifecycle=LifecycleInfo(life.status, life.retires, life.successor, life.note, life.checked),
        practice_assessment=cert.practice_assessment,
    )


def cert_records(catalogue: Catalogue, locale: str) -> Mapping[str, CertInfo]:
    certs = catalogue.certifications
    return frozen({code: cert_info(code, cert, locale) for code, cert in certs.items()})


def person_info(person: Person) -> PersonInfo:
    return PersonInfo(
        name=person.name,
        label=person.label,
        role=role_info(person.role.id, person.role),
        headcount=person.headcount,
        held=tuple(person.held),
        path=tuple(person.path),
        first=person.first,
        then=tuple(person.then),
    )


def plan_info(plan: Plan) -> PlanInfo:
    people = tuple(person_info(person) for person in plan.people)
    uses = ExamCheck(frozenset(code for person in plan.people for code in person.path))
    return PlanInfo(plan.as_of, plan.headcount, people, plan.exams, plan.cohorts, uses)


def chapter_context(
    org: Organisation, plan: Plan, catalogue: Catalogue, locale: str
) -> dict[str, Any]:
    """The variables a chapter may use, as plain records (README 'Writing chapters')."""
    return {
        "org": org_info(org),
        "training": training_info(org),
        "plan": plan_info(plan),
        "notices": tuple(printed(plan.notices, locale)),
        "certs": cert_records(catalogue, locale),
        "roles": frozen({role_id: role_info(role_id, r) for role_id, r in catalogue.roles.items()}),
        "lifecycle": frozen(plan.lifecycle),
        "team_roles": tuple(plan.team_roles),
        "vars": frozen(org.spec.content.vars),
    }
