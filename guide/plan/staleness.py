"""Staleness: what in the guide may have gone stale, as of the plan's date.

Certification outlines change several times a year. This stage lists content not reviewed
for longer than the allowed age, exams a plan still uses past their retirement, and sources
without an address: maintenance notes for trainers (``guide check``, the trainer edition's
'Sources and currency' appendix, and ``guide build`` for the organisation's own files),
never for learners. They are worked out as of the training date, so a guide built later
for the same training says the same thing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from guide import defaults
from guide.content.catalogue import Catalogue
from guide.content.chapters import Chapter
from guide.plan.tailor import Plan


@dataclass(frozen=True)
class Staleness:
    """One currency finding: where, what, and since when."""

    where: str
    message: str
    since: dt.date | None = None
    file: Path | None = None  # the file to edit


def _where(chapter: Chapter) -> str:
    try:
        return str(chapter.file.resolve().relative_to(defaults.DATA_ROOT))
    except ValueError:
        return str(chapter.file)


def find_stale(
    chapters: Iterable[Chapter], catalogue: Catalogue, plan: Plan, max_age_days: int
) -> list[Staleness]:
    """What in ``chapters`` and the exams ``plan`` uses is older than ``max_age_days`` on
    the plan's date, or has a source without an address."""
    limit = plan.as_of - dt.timedelta(days=max_age_days)
    findings: list[Staleness] = []
    used = list(chapters)
    for chapter in used:
        if chapter.meta.reviewed is not None and chapter.meta.reviewed < limit:
            findings.append(
                Staleness(
                    _where(chapter),
                    f"chapter '{chapter.meta.id}' was last reviewed on {chapter.meta.reviewed}, "
                    f"more than {max_age_days} days ago; review it and update 'reviewed'",
                    chapter.meta.reviewed,
                    chapter.file,
                )
            )
        for source in chapter.meta.sources:
            if source.url is None:
                findings.append(
                    Staleness(
                        _where(chapter),
                        f"source '{source.title}' has no address",
                        file=chapter.file,
                    )
                )
    exams = {code for person in plan.people for code in person.path}
    for code in sorted(exams):
        cert = catalogue.certifications[code]
        if cert.lifecycle.checked < limit:
            findings.append(
                Staleness(
                    f"certifications.yaml ({code})",
                    f"{code} lifecycle last checked on {cert.lifecycle.checked}, more than "
                    f"{max_age_days} days ago; check Microsoft Learn and update 'checked'",
                    cert.lifecycle.checked,
                )
            )
        if plan.lifecycle[code].state == "retired":
            findings.append(
                Staleness(
                    f"certifications.yaml ({code})",
                    f"{code} retired on {plan.lifecycle[code].retires} and has no successor in the "
                    "catalogue, yet the plan still uses it; add a successor or change the path",
                )
            )
        for source in cert.sources.values():
            if source.url is None:
                findings.append(
                    Staleness(
                        f"certifications.yaml ({code})", f"source '{source.title}' has no address"
                    )
                )
    if catalogue.roles_reviewed < limit:
        findings.append(
            Staleness(
                "roles.yaml",
                f"role catalogue last reviewed on "
                f"{catalogue.roles_reviewed}, more than {max_age_days} days ago",
                catalogue.roles_reviewed,
            )
        )
    return list(dict.fromkeys(findings))
