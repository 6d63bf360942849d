"""Tailor: turn the team's role mix into a certification plan, as of the training date.

For every named member (and the unnamed rest of each role) it works out the exams still to
take, in order; the headcount per exam; the cohorts (device level first, then tenant level);
each exam's lifecycle on the training date (a retired exam is replaced by its successor); and
the warnings a trainer must see. It decides nothing about presentation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, replace

from guide.content.catalogue import Catalogue, Certification, Role
from guide.org.organisation import Organisation
from guide.org.schema import Member
from guide.plan.lifecycle import (
    LATER_STEP_MARGIN_DAYS,
    ExamStatus,
    Notice,
    NoticeKind,
    exam_status,
    lifecycle_notices,
    planned_exam,
)

SCOPE_ORDER = {"device": 0, "identity": 1, "tenant": 2}


@dataclass(frozen=True)
class Person:
    """A plan row: one named member, or the unnamed rest of a role (``name`` is None)."""

    name: str | None
    role: Role
    headcount: int
    held: tuple[str, ...]
    path: tuple[str, ...]
    notes: tuple[Notice, ...]

    @property
    def label(self) -> str:
        return self.name or (f"{self.headcount} unnamed" if self.headcount > 1 else "1 unnamed")

    @property
    def first(self) -> str | None:
        return self.path[0] if self.path else None

    @property
    def then(self) -> tuple[str, ...]:
        return self.path[1:]


@dataclass(frozen=True)
class ExamDemand:
    code: str
    title: str
    scope: str
    starting: int
    total: int


@dataclass(frozen=True)
class Cohort:
    """People taking one exam together; ``retires`` is set when the exam is about to go."""

    number: int
    exam: str
    scope: str
    headcount: int
    names: tuple[str, ...]
    unnamed: int
    retires: dt.date | None = None


@dataclass(frozen=True)
class Plan:
    as_of: dt.date
    people: tuple[Person, ...]
    exams: tuple[ExamDemand, ...]
    cohorts: tuple[Cohort, ...]
    notices: tuple[Notice, ...]
    lifecycle: Mapping[str, ExamStatus]
    team_roles: tuple[str, ...]
    headcount: int

    @property
    def planned_exams(self) -> tuple[str, ...]:
        """Every exam someone in the team has still to take, device level first."""
        return tuple(demand.code for demand in self.exams)

    def uses(self, code: str) -> bool:
        """Whether anyone in the team has ``code`` still to take."""
        return any(code in person.path for person in self.people)


def make_plan(org: Organisation, catalogue: Catalogue, as_of: dt.date) -> Plan:
    certs = catalogue.certifications
    lifecycle = {code: exam_status(cert, as_of) for code, cert in certs.items()}
    notices: list[Notice] = []
    people: list[Person] = []
    team = org.spec.team
    window = _Window(as_of, 7 * org.spec.training.preparation_weeks)
    for role_id, headcount in org.headcount_by_role().items():
        role = catalogue.roles[role_id]
        members = [m for m in team.members if m.role == role_id]
        for member in members:
            people.append(_person(member.name, role, 1, member, catalogue, lifecycle, window))
        if headcount > len(members):
            people.append(
                _person(None, role, headcount - len(members), None, catalogue, lifecycle, window)
            )
    # an exam too close to prepare for is said once: its notice already says the plan uses
    # the successor, for later steps as for first exams
    too_soon = {n.exam for p in people for n in p.notes if n.kind == "too-soon"}
    replaced_later = {
        n.exam for p in people for n in p.notes if n.kind == "replaced" and n.exam not in too_soon
    }
    planned = {code for person in people for code in person.path}
    wanted = {code for person in people for code in person.role.path}
    for notice in lifecycle_notices(planned, wanted, lifecycle, as_of):
        if notice.kind == "retiring" and notice.exam in replaced_later:
            notice = replace(notice, successor_for_later_steps=True)
            replaced_later.discard(notice.exam)
        notices.append(notice)
    notices.extend(
        n
        for p in people
        for n in p.notes
        if n.kind in {"mismatch", "no-endpoint", "too-soon"}
        or (n.kind == "replaced" and n.exam in replaced_later)
    )
    return Plan(
        as_of=as_of,
        people=tuple(people),
        exams=_demand(people, certs),
        cohorts=_cohorts(people, certs, lifecycle, as_of),
        notices=tuple(dict.fromkeys(notices)),
        lifecycle=lifecycle,
        team_roles=tuple(org.headcount_by_role()),
        headcount=sum(person.headcount for person in people),
    )


def _person(
    name: str | None,
    role: Role,
    headcount: int,
    member: Member | None,
    catalogue: Catalogue,
    lifecycle: Mapping[str, ExamStatus],
    window: _Window,
) -> Person:
    certs = catalogue.certifications
    held = member.certified if member else ()
    wanted = (member.path if member and member.path else None) or role.path
    notes: list[Notice] = []
    path: list[str] = []
    for code in wanted:
        if code in held:
            continue
        planned = planned_exam(code, lifecycle, window.as_of, bool(path), window.days)
        if planned in held or planned in path:
            continue
        if planned != code:
            status = lifecycle[code]
            kind: NoticeKind = "retired" if status.state == "retired" else "replaced"
            days = None
            if kind == "replaced" and not path:
                kind = "too-soon"
                days = (status.retires - window.as_of).days if status.retires else None
            notes.append(Notice(kind, code, other=planned, date=status.retires, days=days))
        path.append(planned)
    who = name or f"{headcount} × {role.title}"
    if path:
        notes.extend(_mismatch(who, role, member, held, path[0], certs))
    return Person(name, role, headcount, tuple(held), tuple(path), tuple(notes))


@dataclass(frozen=True)
class _Window:
    """The plan date and the days a candidate needs to prepare for a first exam."""

    as_of: dt.date
    days: int


def _mismatch(
    who: str,
    role: Role,
    member: Member | None,
    held: tuple[str, ...],
    first: str,
    certs: Mapping[str, Certification],
) -> list[Notice]:
    if certs[first].scope != "tenant":
        return []
    device_exams = [code for code, cert in certs.items() if cert.scope == "device"]
    recommended = device_exams[0] if device_exams else None
    has_endpoint = any(certs[code].scope == "device" for code in held) or (
        member is not None and member.endpoint_experience
    )
    if role.scope == "device":
        return [Notice("mismatch", first, who=who, role=role.title, other=recommended)]
    if not has_endpoint:
        return [Notice("no-endpoint", first, who=who, role=role.title, other=recommended)]
    return []


def _demand(people: list[Person], certs: Mapping[str, Certification]) -> tuple[ExamDemand, ...]:
    codes = sorted({code for p in people for code in p.path}, key=lambda c: _rank(c, certs))
    return tuple(
        ExamDemand(
            code,
            certs[code].exam_title,
            certs[code].scope,
            starting=sum(p.headcount for p in people if p.first == code),
            total=sum(p.headcount for p in people if code in p.path),
        )
        for code in codes
    )


def _rank(code: str, certs: Mapping[str, Certification]) -> tuple[int, str]:
    return SCOPE_ORDER[certs[code].scope], code


def _cohorts(
    people: list[Person],
    certs: Mapping[str, Certification],
    lifecycle: Mapping[str, ExamStatus],
    as_of: dt.date,
) -> tuple[Cohort, ...]:
    """One cohort per exam: device level first, then tenant level; an exam about to retire
    goes before everything, since its candidates cannot wait."""

    def urgent(code: str) -> bool:
        status = lifecycle[code]
        return (
            status.state == "retiring"
            and status.retires is not None
            and (status.retires - as_of).days < LATER_STEP_MARGIN_DAYS
        )

    codes = sorted(
        {code for p in people for code in p.path},
        key=lambda c: (not urgent(c), *_rank(c, certs)),
    )
    cohorts = []
    for number, code in enumerate(codes, start=1):
        taking = [p for p in people if code in p.path]
        cohorts.append(
            Cohort(
                number=number,
                exam=code,
                scope=certs[code].scope,
                headcount=sum(p.headcount for p in taking),
                names=tuple(p.name for p in taking if p.name),
                unnamed=sum(p.headcount for p in taking if not p.name),
                retires=lifecycle[code].retires if urgent(code) else None,
            )
        )
    return tuple(cohorts)
