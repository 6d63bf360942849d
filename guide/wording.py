"""The sentences the tool itself prints: notices, dates and numbers, formatted with Babel.

Kept apart from the templates so the same words reach the PDF and the terminal, and so a
second language only has to be added here.
"""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date as babel_format_date
from babel.numbers import format_decimal

from guide.defaults import LOCALE
from guide.tailor import Notice


def format_date(value: dt.date | None, locale: str = LOCALE) -> str:
    """A date as readers expect it in print: '30 November 2026'."""
    return babel_format_date(value, format="long", locale=locale) if value else ""


def format_number(value: float, locale: str = LOCALE) -> str:
    return str(format_decimal(value, locale=locale))


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
