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
from guide.i18n import gettext
from guide.plan.lifecycle import Notice


def format_date(value: dt.date | None, locale: str = LOCALE, style: str = "long") -> str:
    """A date as readers expect it in print: '30 November 2026' (style 'medium': '30 Nov 2026')."""
    return babel_format_date(value, format=style, locale=locale) if value else ""


def format_number(value: float, locale: str = LOCALE) -> str:
    return str(format_decimal(value, locale=locale))


def format_weight(weight: str | None, locale: str = LOCALE) -> str:
    """A domain's weight range ('25-30') as the locale writes a percentage range, with an
    en dash: '25-30%' in English, '25-30 %' in French (narrow no-break space); a lone en
    dash when unknown."""
    if not weight:
        return "–"
    low, high = weight.split("-")
    sign = "\u202f%" if locale.startswith("fr") else "%"
    return f"{low}–{high}{sign}"


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
    "too-soon": "IMPORTANT",
    "beta": "NOTE",
}


def printed(notices: Iterable[Notice], locale: str = LOCALE) -> list[PrintedNotice]:
    """``notices`` as sentences, most pressing first."""
    shown = [PrintedNotice(describe(n, locale), CALLOUTS[n.kind]) for n in notices]
    return sorted(shown, key=lambda n: ["WARNING", "IMPORTANT", "NOTE"].index(n.callout))


#: Each notice as a sentence with named fields; ``guide/locales/*.po`` translate them.
SENTENCES = {
    "mismatch": "{who} ({role}) would start with {exam}, a tenant-level exam; that mismatches "
    "their daily device work. Start with {other} and build up from device to platform.",
    "no-endpoint": "{who} ({role}) would start with {exam} without {other} or equivalent "
    "endpoint experience; take {other} first, or set endpoint_experience: true for this "
    "member if they have it.",
    "retired": "{exam} retired on {date} and can no longer be taken; this plan uses its "
    "successor, {other}.",
    "retiring": "{exam} retires on {date}, {days} days after the training date: candidates "
    "must pass it by then.",
    "retiring-tomorrow": "{exam} retires on {date}, the day after the training: candidates "
    "must pass it by then.",
    "retiring-successor": " After that date its successor is {other}.",
    "retiring-later": " Where {exam} would come after a first exam, this plan already uses "
    "{other}.",
    "replaced": "{exam} retires on {date}, too soon to be reached after a first exam; this "
    "plan uses its successor, {other}, for later steps.",
    "too-soon": "{exam} retires on {date}, {days} days after the training date, too soon to "
    "prepare for it; this plan uses its successor, {other}. Anyone already prepared for "
    "{exam} can still take it until then.",
    "too-soon-tomorrow": "{exam} retires on {date}, the day after the training, too soon to "
    "prepare for it; this plan uses its successor, {other}. Anyone already prepared for "
    "{exam} can still take it until then.",
    "too-soon-today": "{exam} retires on {date}, the day of the training, too soon to prepare "
    "for it; this plan uses its successor, {other}. Anyone already prepared for {exam} can "
    "still take it that day.",
    "beta": "{exam} was still in beta when last checked ({date}); confirm on Microsoft Learn "
    "that it is generally available before booking.",
}


def describe(notice: Notice, locale: str = LOCALE) -> str:
    """One self-contained sentence for ``notice``, in ``locale``'s language."""
    fields = {
        "who": notice.who,
        "role": notice.role,
        "exam": notice.exam,
        "other": notice.other or gettext(locale, "the device-level exam"),
        "date": format_date(notice.date, locale),
        "days": notice.days,
    }

    def say(key: str) -> str:
        return gettext(locale, SENTENCES[key]).format(**fields)

    text = say(_variant(notice))
    if notice.kind == "retiring" and notice.other:
        text += say("retiring-successor")
        if notice.successor_for_later_steps:
            text += say("retiring-later")
    return text


def _variant(notice: Notice) -> str:
    """The sentence for ``notice``: some kinds are worded apart on the day before or of."""
    if notice.kind == "retiring" and notice.days == 1:
        return "retiring-tomorrow"
    if notice.kind == "too-soon" and notice.days in {0, 1}:
        return "too-soon-tomorrow" if notice.days == 1 else "too-soon-today"
    return notice.kind
