"""Figures the tool draws for a plan, as inline SVG: a trainer takes in a picture faster.

``plan_at_a_glance`` shows the headcount per exam as bars and the cohort order as a sequence
of boxes. Colour is never the only carrier: device- and tenant-level exams differ by fill
pattern and by label, so the figure survives a grey-scale photocopy.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from markupsafe import Markup, escape

from guide.compose.colours import Palette
from guide.plan.tailor import Plan

WIDTH = 680
FONT = 'font-family="Noto Sans, DejaVu Sans, sans-serif"'
SCOPE_LABEL = {"device": "Device level", "identity": "Identity", "tenant": "Tenant level"}


def _text(
    x: float,
    y: float,
    content: str,
    *,
    size: float = 11,
    weight: str = "normal",
    anchor: str = "start",
    fill: str = "#1A1A1A",
) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" font-weight="{weight}" '
        f'text-anchor="{anchor}" fill="{fill}" {FONT}>{escape(content)}</text>'
    )


def _fill(scope: str) -> str:
    return (
        "url(#hatch-tenant)"
        if scope == "tenant"
        else ("url(#dots-identity)" if scope == "identity" else "var-device")
    )


def _total_label(x: float, y: float, total: int, starting: int, say: Callable[[str], str]) -> str:
    """The bar's total in bold, then how many start with that exam when not all do."""
    detail = ""
    if starting != total:
        if starting == 1:
            text = say("1 starts with it")
        else:
            text = (
                say("%(num)s start with it") % {"num": starting} if starting else say("later step")
            )
        detail = (
            f'<tspan font-weight="normal" font-size="10" fill="#555555"> · {escape(text)}</tspan>'
        )
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="12" font-weight="bold" fill="#1A1A1A" '
        f"{FONT}>{total}{detail}</text>"
    )


def text_equivalent(
    plan: Plan, as_of: str, short_date: Callable[[dt.date], str], say: Callable[[str], str]
) -> str:
    """What the chart shows, as a sentence a screen reader reads in its place (the figure's
    ``<title>``, which the PDF's ``Alt`` and the page's accessible name come from)."""
    people = f"{plan.headcount} {say('people')}, {say('as of %(date)s') % {'date': as_of}}"
    rows = []
    for row in plan.exams:
        level = say(SCOPE_LABEL.get(row.scope, row.scope))
        starting = ""
        if row.starting != row.total:
            starting = (
                say("1 starts with it")
                if row.starting == 1
                else say("%(num)s start with it") % {"num": row.starting}
                if row.starting
                else say("later step")
            )
            starting = f" ({starting})"
        rows.append(f"{row.code}, {level}: {row.total}{starting}")
    cohorts = []
    for cohort in plan.cohorts:
        count = say("person" if cohort.headcount == 1 else "people")
        retires = f", {say('retires')} {short_date(cohort.retires)}" if cohort.retires else ""
        cohorts.append(
            f"{say('Cohort')} {cohort.number}: {cohort.exam}, {cohort.headcount} {count}{retires}"
        )
    text = f"{say('Headcount per exam')} ({people}): {'; '.join(rows)}."
    if cohorts:
        text += f" {say('Cohort order')}: {' → '.join(cohorts)}."
    return text


def plan_at_a_glance(
    plan: Plan,
    palette: Palette,
    as_of: str,
    short_date: Callable[[dt.date], str],
    say: Callable[[str], str] = str,
) -> Markup:
    """Headcount per exam (bars) above the cohort order (boxes joined by arrows)."""
    device_fill = palette.primary
    rows = plan.exams
    bar_left, bar_right, row_height = 150, WIDTH - 170, 34
    top = 48
    bars_height = top + row_height * max(1, len(rows))
    cohort_top = bars_height + 44
    # A cohort whose exam retires says so on a line of its own, under its headcount.
    box_height = 98 if any(cohort.retires for cohort in plan.cohorts) else 78
    height = cohort_top + box_height + 18
    biggest = max((row.total for row in rows), default=1) or 1
    parts = [
        f'<svg class="chart plan-at-a-glance" xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {WIDTH} {height}" width="100%" role="img">',
        f"<title>{escape(text_equivalent(plan, as_of, short_date, say))}</title>",
        "<defs>",
        '<pattern id="hatch-tenant" width="7" height="7" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)">'
        f'<rect width="7" height="7" fill="{palette.accent_tint}"/>'
        f'<rect width="3" height="7" fill="{palette.accent}"/></pattern>',
        '<pattern id="dots-identity" width="6" height="6" patternUnits="userSpaceOnUse">'
        f'<rect width="6" height="6" fill="{palette.primary_tint}"/>'
        f'<circle cx="3" cy="3" r="1.6" fill="{palette.primary}"/></pattern>',
        '<marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#555555"/></marker>',
        "</defs>",
        _text(0, 16, say("Headcount per exam"), size=13, weight="bold"),
        _text(
            WIDTH,
            16,
            f"{plan.headcount} {say('people')} · {say('as of %(date)s') % {'date': as_of}}",
            size=10,
            anchor="end",
            fill="#555555",
        ),
    ]
    for index, row in enumerate(rows):
        y = top + index * row_height
        width = (bar_right - bar_left) * row.total / biggest
        fill = _fill(row.scope)
        fill = device_fill if fill == "var-device" else fill
        parts += [
            _text(0, y + 13, row.code, size=12, weight="bold"),
            _text(0, y + 26, say(SCOPE_LABEL.get(row.scope, row.scope)), size=10, fill="#555555"),
            f'<rect x="{bar_left}" y="{y + 2}" width="{bar_right - bar_left}" height="22" '
            'fill="#F2F2F2"/>',
            f'<rect x="{bar_left}" y="{y + 2}" width="{width:.1f}" height="22" fill="{fill}" '
            'stroke="#1A1A1A" stroke-width="0.6"/>',
            _total_label(bar_left + width + 8, y + 18, row.total, row.starting, say),
        ]
    parts.append(_text(0, cohort_top - 14, say("Cohort order"), size=13, weight="bold"))
    cohorts = plan.cohorts
    if cohorts:
        gap = 34
        box_width = (WIDTH - gap * (len(cohorts) - 1)) / len(cohorts)
        for index, cohort in enumerate(cohorts):
            x = index * (box_width + gap)
            fill = _fill(cohort.scope)
            stripe = device_fill if fill == "var-device" else fill
            parts += [
                f'<rect x="{x:.1f}" y="{cohort_top}" width="{box_width:.1f}" '
                f'height="{box_height}" rx="4" fill="#FFFFFF" stroke="#1A1A1A" '
                'stroke-width="0.8"/>',
                f'<rect x="{x:.1f}" y="{cohort_top}" width="10" height="{box_height}" '
                f'fill="{stripe}" stroke="#1A1A1A" stroke-width="0.8"/>',
                _text(
                    x + 20,
                    cohort_top + 18,
                    f"{say('Cohort')} {cohort.number} · {say(SCOPE_LABEL[cohort.scope])}",
                    size=10,
                    fill="#555555",
                ),
                _text(x + 20, cohort_top + 42, cohort.exam, size=17, weight="bold"),
                _text(
                    x + 20,
                    cohort_top + 64,
                    f"{cohort.headcount} {say('person' if cohort.headcount == 1 else 'people')}",
                    size=11,
                ),
            ]
            if cohort.retires:
                parts.append(
                    _text(
                        x + 20,
                        cohort_top + 84,
                        f"{say('retires')} {short_date(cohort.retires)}",
                        size=10,
                        weight="bold",
                    )
                )
            if index:
                parts.append(
                    f'<line x1="{x - gap + 4:.1f}" y1="{cohort_top + 39}" '
                    f'x2="{x - 4:.1f}" y2="{cohort_top + 39}" stroke="#555555" '
                    'stroke-width="1.6" marker-end="url(#arrow)"/>'
                )
    parts.append("</svg>")
    return Markup("".join(parts))
