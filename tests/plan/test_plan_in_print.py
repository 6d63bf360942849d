"""The plan as printed in the bundled examples' guides: headcount, members, cohorts, MS-102's
retirement on either side of 30 November 2026, and chapters no role needs left out."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import BuiltGuide, WriteOrg, build_one


@pytest.mark.parametrize(
    "slug, rows",
    [
        # exam, title start, level, start with it, in total: worked out by hand from orgs/*.yaml
        (
            "contoso",
            [("MD-102", "Device", 8, 8), ("SC-300", "Identity", 0, 1), ("AB-650", "Tenant", 1, 2)],
        ),
        ("fabrikam", [("MD-102", "Device", 11, 11), ("SC-300", "Identity", 0, 3)]),
        (
            "northwind",
            [("MD-102", "Device", 6, 6), ("AB-650", "Tenant", 2, 7)],  # MS-102: too soon
        ),
    ],
)
def test_plan_headcount_per_exam(
    examples: dict[str, BuiltGuide], slug: str, rows: list[tuple[str, str, int, int]]
) -> None:
    text = examples[slug].squashed
    section = text[text.index("Headcount per exam Exam Title") :]
    section = section[: section.index("Cohorts, in order")]
    found = re.findall(r"([A-Z]{2}-\d{3}) .+? (Device|Identity|Tenant) (\d+) (\d+)", section)
    assert [(code, level, int(a), int(b)) for code, level, a, b in found] == rows


def test_plan_names_members_and_their_first_exam(examples: dict[str, BuiltGuide]) -> None:
    text = examples["contoso"].squashed
    assert "Bob Leroy Microsoft 365 administrator AB-650" in text  # holds MD-102 already
    assert "Chloé Dubois Microsoft 365 administrator MD-102 AB-650" in text
    assert "Sofia Rossi Endpoint security administrator MD-102 SC-300" in text
    assert "4 unnamed Endpoint administrator MD-102" in text


def cohort_section(guide: BuiltGuide) -> str:
    text = guide.squashed
    section = text[text.rindex("Cohorts, in order") :]
    return section[: section.index("Why each role follows its path")]


def test_plan_cohorts_put_device_level_first(examples: dict[str, BuiltGuide]) -> None:
    cohorts = cohort_section(examples["contoso"])
    device = cohorts.index("MD-102 (device level): 8 people")
    identity = cohorts.index("SC-300 (identity level): 1 person: Sofia Rossi")
    tenant = cohorts.index("AB-650 (tenant level): 2 people: Bob Leroy, Chloé Dubois")
    assert device < identity < tenant


def test_plan_cohorts_put_an_exam_about_to_retire_first(
    write_org: WriteOrg, tmp_path: Path
) -> None:
    guide = build_one(_org_with_date(write_org, "2026-10-20"), tmp_path / "out")
    cohorts = cohort_section(guide)
    retiring = cohorts.index("MS-102 (tenant level): 1 person: Dana Cruz")
    assert retiring < cohorts.index("MD-102 (device level): 4 people")
    assert retiring < cohorts.index("AB-650 (tenant level): 2 people")


def test_plan_opens_with_an_inline_svg_picture(examples: dict[str, BuiltGuide]) -> None:
    guide = examples["fabrikam"]
    page = guide.chapter_starts()["Your team’s certification plan"]
    text = guide.page_text(page - 1)
    assert "Headcount per exam" in text and "Cohort order" in text and "Cohort 1" in text


def _org_with_date(write_org: WriteOrg, day: str) -> Path:
    return write_org(f"""
        organisation: {{name: Tailspin Toys}}
        training: {{date: {day}}}
        team:
          roles: {{m365-admin: 3, endpoint-admin: 2}}
          members:
            - {{name: Dana Cruz, role: m365-admin, certified: [MD-102]}}
        """)


def test_ms102_is_retiring_before_30_november_2026(write_org: WriteOrg, tmp_path: Path) -> None:
    guide = build_one(_org_with_date(write_org, "2026-10-20"), tmp_path / "out")
    text = guide.squashed
    assert "MS-102 retires on 30 November 2026, 41 days after the training date" in text
    assert "Retiring on 30 November 2026" in text
    assert "Dana Cruz Microsoft 365 administrator MS-102" in text
    assert "retired on 30 November 2026" not in text


def test_ms102_too_close_to_prepare_for_is_replaced_by_ab650(
    write_org: WriteOrg, tmp_path: Path
) -> None:
    guide = build_one(_org_with_date(write_org, "2026-11-20"), tmp_path / "out")
    text = guide.squashed
    assert (
        "MS-102 retires on 30 November 2026, 10 days after the training date, too soon to "
        "prepare for it; this plan uses its successor, AB-650." in text
    )
    assert "Dana Cruz Microsoft 365 administrator AB-650" in text


def test_ms102_is_replaced_by_ab650_after_30_november_2026(
    write_org: WriteOrg, tmp_path: Path
) -> None:
    guide = build_one(_org_with_date(write_org, "2026-12-01"), tmp_path / "out")
    text = guide.squashed
    assert "MS-102 retired on 30 November 2026 and can no longer be taken" in text
    assert "Dana Cruz Microsoft 365 administrator AB-650" in text
    assert "2 unnamed Microsoft 365 administrator MD-102 AB-650" in text
    assert "retires on 30 November 2026, 10 days" not in text


def test_chapter_left_out_when_no_role_needs_it(examples: dict[str, BuiltGuide]) -> None:
    assert "AB-650: Microsoft 365 and AI Services Administrator" not in (
        examples["fabrikam"].chapter_starts()
    )
    assert "AB-650: Microsoft 365 and AI Services Administrator" in (
        examples["contoso"].chapter_starts()
    )
    assert "ab-650" not in examples["fabrikam"].result.chapters
    assert "ms-102" not in examples["contoso"].result.chapters  # retired before its training
