"""Exam lifecycles on a given date: active, beta, retiring or retired, and what replaces them.

Owns the rules the plan follows: an exam past its retirement date is replaced by its
successor; one retiring too soon to be reached after a first exam is replaced for later
steps; and the notices that tell the trainer so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from guide.content.catalogue import Certification

State = Literal["active", "beta", "retiring", "retired"]
#: A later step in someone's path that retires this soon is planned with its successor.
LATER_STEP_MARGIN_DAYS = 90


@dataclass(frozen=True)
class ExamStatus:
    """An exam's lifecycle on the plan date."""

    code: str
    state: State
    retires: dt.date | None
    successor: str | None
    checked: dt.date


NoticeKind = Literal[
    "mismatch", "no-endpoint", "replaced", "too-soon", "retired", "retiring", "beta"
]


@dataclass(frozen=True)
class Notice:
    """Something the trainer must know; ``wording`` turns it into a sentence.

    ``who`` names the person or group concerned, ``exam`` the exam, ``other`` the exam
    recommended or planned instead, ``date`` the retirement (or check) date.
    """

    kind: NoticeKind
    exam: str
    who: str | None = None
    role: str | None = None
    other: str | None = None
    date: dt.date | None = None
    days: int | None = None
    successor_for_later_steps: bool = False


def exam_status(cert: Certification, on: dt.date) -> ExamStatus:
    life = cert.lifecycle
    state: State = life.status
    if life.retires is not None:
        state = "retired" if on > life.retires else "retiring"
    return ExamStatus(cert.code, state, life.retires, life.successor, life.checked)


def planned_exam(
    code: str,
    lifecycle: Mapping[str, ExamStatus],
    as_of: dt.date,
    later_step: bool,
    preparation_days: int = 0,
) -> str:
    """The exam to plan for ``code``: its successor once retired, or retiring before a
    candidate could prepare for it (``preparation_days`` after the training for a first
    exam, ``LATER_STEP_MARGIN_DAYS`` for a later one)."""
    margin = max(preparation_days, LATER_STEP_MARGIN_DAYS) if later_step else preparation_days
    seen = {code}
    status = lifecycle[code]
    while (
        status.successor
        and status.retires
        and (status.state == "retired" or (status.retires - as_of).days < margin)
    ):
        code = status.successor
        if code in seen:
            break
        seen.add(code)
        status = lifecycle[code]
    return code


def lifecycle_notices(
    planned: set[str], wanted: Iterable[str], lifecycle: Mapping[str, ExamStatus], as_of: dt.date
) -> list[Notice]:
    """Notices for the exams the plan uses (``planned``) or the roles asked for (``wanted``)."""
    considered = planned | set(wanted)
    notices = []
    for code in sorted(considered):
        status = lifecycle[code]
        if status.state == "retired" and status.successor:
            notices.append(Notice("retired", code, other=status.successor, date=status.retires))
        elif status.state == "retiring" and status.retires and code in planned:
            notices.append(
                Notice(
                    "retiring",
                    code,
                    other=status.successor,
                    date=status.retires,
                    days=(status.retires - as_of).days,
                )
            )
        elif status.state == "beta" and code in planned:
            notices.append(Notice("beta", code, date=status.checked))
    return notices
