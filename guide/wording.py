"""The sentences the tool itself prints: notices, dates and numbers, formatted with Babel.

Kept apart from the templates so the same words reach the PDF and the terminal, and so a
second language only has to be added here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from babel.dates import format_date as babel_format_date
from babel.numbers import format_decimal

from guide.defaults import LOCALE
from guide.tailor import Notice


def format_date(value: dt.date | None, locale: str = LOCALE, style: str = "long") -> str:
    """A date as readers expect it in print: '30 November 2026' (style 'medium': '30 Nov 2026')."""
    return babel_format_date(value, format=style, locale=locale) if value else ""


def format_number(value: float, locale: str = LOCALE) -> str:
    return str(format_decimal(value, locale=locale))


@dataclass(frozen=True)
class PrintedNotice:
    """A notice as printed: its sentence and the callout type that frames it."""

    text: str
    callout: str


CALLOUTS = {
    "mismatch": "WARNING",
    "no-endpoint": "WARNING",
    "retiring": "WARNING",
    "retired": "IMPORTANT",
    "replaced": "IMPORTANT",
    "beta": "NOTE",
}


def printed(notices: Iterable[Notice], locale: str = LOCALE) -> list[PrintedNotice]:
    """``notices`` as sentences, most pressing first."""
    shown = [PrintedNotice(describe(n, locale), CALLOUTS[n.kind]) for n in notices]
    return sorted(shown, key=lambda n: ["WARNING", "IMPORTANT", "NOTE"].index(n.callout))


def describe(notice: Notice, locale: str = LOCALE) -> str:
    """One self-contained sentence for ``notice``."""
    when = format_date(notice.date, locale)
    other = notice.other or "the device-level exam"
    match notice.kind:
        case "mismatch":
            return (
                f"{notice.who} ({notice.role}) would start with {notice.exam}, a tenant-level "
                f"exam; that mismatches their daily device work. Start with {other} and "
                "build up from device to platform."
            )
        case "no-endpoint":
            return (
                f"{notice.who} ({notice.role}) would start with {notice.exam} without "
                f"{other} or equivalent endpoint experience; take {other} first, or set "
                "endpoint_experience: true for this member if they have it."
            )
        case "retired":
            return (
                f"{notice.exam} retired on {when} and can no longer be taken; this plan uses "
                f"its successor, {notice.other}."
            )
        case "retiring":
            days = f"{notice.days} day{'s' if notice.days != 1 else ''}"
            successor = f" After that date its successor is {notice.other}." if notice.other else ""
            if notice.other and notice.successor_for_later_steps:
                successor += (
                    f" Where {notice.exam} would come after a first exam, this plan already "
                    f"uses {notice.other}."
                )
            return (
                f"{notice.exam} retires on {when}, {days} after the training date: "
                f"candidates must pass it by then.{successor}"
            )
        case "replaced":
            return (
                f"{notice.exam} retires on {when}, too soon to be reached after a first "
                f"exam; this plan uses its successor, {notice.other}, for later steps."
            )
        case "beta":
            return (
                f"{notice.exam} was still in beta when last checked ({when}); confirm on "
                "Microsoft Learn that it is generally available before booking."
            )
    raise AssertionError(notice.kind)
