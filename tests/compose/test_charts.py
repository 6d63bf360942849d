"""The plan-at-a-glance figure: every text in a cohort card on a line of its own."""

from __future__ import annotations

import datetime as dt
import itertools
import xml.etree.ElementTree as ET

from guide.compose.charts import plan_at_a_glance
from guide.compose.colours import Palette
from guide.plan.tailor import Cohort, Plan

SVG = "{http://www.w3.org/2000/svg}"


def _plan(retires: dt.date | None) -> Plan:
    cohorts = (
        Cohort(1, "MS-102", "tenant", 1, ("Ann",), 0, retires),
        Cohort(2, "MD-102", "device", 6, (), 6),
        Cohort(3, "AB-650", "tenant", 5, (), 5),
    )
    return Plan(dt.date(2026, 10, 20), (), (), cohorts, (), {}, (), 7)


def _card_lines(svg: str) -> list[list[float]]:
    """The baselines of the texts inside each cohort card, card by card."""
    root = ET.fromstring(svg)
    cards = [rect for rect in root.iter(f"{SVG}rect") if rect.get("rx")]  # rounded corners
    texts = list(root.iter(f"{SVG}text"))
    lines = []
    for card in cards:
        left, top = float(card.get("x", 0)), float(card.get("y", 0))
        right, bottom = left + float(card.get("width", 0)), top + float(card.get("height", 0))
        lines.append(
            [
                float(text.get("y", 0))
                for text in texts
                if left <= float(text.get("x", 0)) <= right
                and top <= float(text.get("y", 0)) <= bottom
            ]
        )
    return lines


FRENCH = {"person": "personne", "people": "personnes", "retires": "retrait"}


def _french(text: str) -> str:
    return FRENCH.get(text, text)


def test_a_retiring_cohort_says_so_on_a_line_of_its_own() -> None:
    for say, retires in ((str, "retires 30 Nov 2026"), (_french, "retrait 30 Nov 2026")):
        svg = str(
            plan_at_a_glance(
                _plan(dt.date(2026, 11, 30)),
                Palette("#0F6CBD", "#E3008C"),
                "20 October 2026",
                lambda day: day.strftime("%d %b %Y"),
                say,
            )
        )
        assert retires in svg
        for baselines in _card_lines(svg):
            ordered = sorted(baselines)
            assert len(ordered) >= 3
            assert all(b - a >= 14 for a, b in itertools.pairwise(ordered)), ordered


def test_cards_without_a_retirement_stay_short() -> None:
    svg = str(
        plan_at_a_glance(
            _plan(None), Palette("#0F6CBD", "#E3008C"), "1 March 2027", lambda day: str(day)
        )
    )
    assert "retires" not in svg
    assert all(len(set(lines)) == len(lines) == 3 for lines in _card_lines(svg))
