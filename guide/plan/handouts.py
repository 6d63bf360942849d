"""Handouts for a training session: one per named member, and one per role for the unnamed
rest of the team, printed once for each of them with a line to write their name.

This stage only gathers what each handout says (who, role, path and why, the first exam and
its skills, the session) and how many copies the session needs; the templates lay it out.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from guide.content.catalogue import Catalogue, Certification
from guide.content.slugs import slugify
from guide.org.organisation import Organisation
from guide.plan.lifecycle import ExamStatus, Notice
from guide.plan.tailor import Person, Plan


@dataclass(frozen=True)
class Handout:
    """What one handout prints."""

    slug: str
    title: str
    person: Person
    exam: Certification | None
    status: ExamStatus | None
    later: tuple[Certification, ...]
    notices: tuple[Notice, ...]
    copies: int = 1  # prints in the combined file: the headcount of an unnamed role

    @property
    def named(self) -> bool:
        return self.person.name is not None

    @property
    def anchor(self) -> str:
        return f"handout-{self.slug}"

    def copy_anchor(self, copy: int) -> str:
        """The anchor of print ``copy`` (1-based); the first is ``anchor``. Slugs never hold
        a dot, so no copy's anchor is another handout's."""
        return self.anchor if copy == 1 else f"{self.anchor}.{copy}"


#: The longest slug a name gives, well inside any file system's limit on a file name.
MAX_SLUG = 80


def member_slugs(names: list[str]) -> list[str]:
    """File names for members: their name transliterated to a slug (Søren Ødegård ->
    soren-odegard), numbered in the file's order when two people share one."""
    slugs: list[str] = []
    for index, name in enumerate(names, start=1):
        base = slugify(name)[:MAX_SLUG].strip("-")
        base = f"member-{index}" if base == "section" else base
        slug, counter = base, 2
        while slug in slugs:
            slug, counter = f"{base}-{counter}", counter + 1
        slugs.append(slug)
    return slugs


def make_handouts(org: Organisation, plan: Plan, catalogue: Catalogue) -> tuple[Handout, ...]:
    """One handout per named member, in the file's order; then one per role for its unnamed
    rest, to print as many times as they are (its file named after the role)."""
    certs = catalogue.certifications
    named = [person for person in plan.people if person.name]
    member_order = {member.name: index for index, member in enumerate(org.spec.team.members)}
    people = sorted(named, key=lambda person: member_order.get(person.name or "", 0))
    slugs = member_slugs([person.name or "" for person in people])
    handouts = [
        _handout(slug, person.name or "", person, certs, plan)
        for slug, person in zip(slugs, people, strict=True)
    ]
    for person in plan.people:
        if person.name is None and person.headcount > 0:
            slug = person.role.id if person.role.id not in slugs else f"{person.role.id}-unnamed"
            handouts.append(
                _handout(slug, person.role.title, person, certs, plan, person.headcount)
            )
    return tuple(handouts)


def _handout(
    slug: str,
    title: str,
    person: Person,
    certs: Mapping[str, Certification],
    plan: Plan,
    copies: int = 1,
) -> Handout:
    first = person.first
    notices = [n for n in person.notes if n.kind in {"mismatch", "no-endpoint"}]
    notices += [
        n
        for n in plan.notices
        if (n.exam in person.path or n.other in person.path)
        and n.kind not in {"mismatch", "no-endpoint"}
    ]
    return Handout(
        slug=slug,
        title=title,
        person=person,
        exam=certs[first] if first else None,
        status=plan.lifecycle[first] if first else None,
        later=tuple(certs[code] for code in person.then),
        notices=tuple(dict.fromkeys(notices)),
        copies=copies,
    )
