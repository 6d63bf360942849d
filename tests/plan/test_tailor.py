"""Tailoring: the plan worked out from a team's roles, as of the training date."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from guide import defaults
from guide.content.catalogue import Catalogue, load_catalogue
from guide.org.organisation import load_organisation
from guide.plan.tailor import Plan, make_plan
from guide.plan.wording import describe
from tests.conftest import WriteOrg


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue(defaults.CONTENT_DIR)


def plan_for(write_org: WriteOrg, catalogue: Catalogue, team: str, day: str) -> Plan:
    org = write_org(f"organisation: {{name: Test}}\nteam:\n{team}")
    return make_plan(load_organisation(org, catalogue), catalogue, dt.date.fromisoformat(day))


def paths(plan: Plan) -> dict[str, tuple[str, ...]]:
    return {person.label: person.path for person in plan.people}


def test_role_paths_and_held_exams(write_org: WriteOrg, catalogue: Catalogue) -> None:
    plan = plan_for(
        write_org,
        catalogue,
        """\
  roles: {endpoint-admin: 3, m365-admin: 2}
  members:
    - {name: Ann, role: m365-admin, certified: [MD-102]}
""",
        "2026-06-01",
    )
    assert paths(plan) == {
        "3 unnamed": ("MD-102",),
        "Ann": ("MS-102",),
        "1 unnamed": ("MD-102", "MS-102"),
    }
    assert [(e.code, e.starting, e.total) for e in plan.exams] == [
        ("MD-102", 4, 4),
        ("MS-102", 1, 2),
    ]
    assert [(c.exam, c.headcount, c.names) for c in plan.cohorts] == [
        ("MD-102", 4, ()),
        ("MS-102", 2, ("Ann",)),
    ]
    assert plan.headcount == 5


def test_headcount_derived_from_members(write_org: WriteOrg, catalogue: Catalogue) -> None:
    plan = plan_for(
        write_org,
        catalogue,
        """\
  members:
    - {name: A, role: security-admin}
    - {name: B, role: security-admin, certified: [MD-102]}
""",
        "2026-06-01",
    )
    assert paths(plan) == {"A": ("MD-102", "SC-300"), "B": ("SC-300",)}
    assert plan.team_roles == ("security-admin",)


def test_retired_exam_is_replaced_by_its_successor(
    write_org: WriteOrg, catalogue: Catalogue
) -> None:
    plan = plan_for(write_org, catalogue, "  roles: {m365-admin: 1}\n", "2026-12-01")
    assert paths(plan) == {"1 unnamed": ("MD-102", "AB-650")}
    assert plan.lifecycle["MS-102"].state == "retired"
    kinds = {notice.kind for notice in plan.notices}
    assert "retired" in kinds
    assert not plan.uses("MS-102")
    assert plan.uses("AB-650")


def test_exam_retiring_before_anyone_could_prepare_is_not_planned(
    write_org: WriteOrg, catalogue: Catalogue
) -> None:
    """Two days before MS-102 retires, an MD-102 holder is planned for its successor."""
    plan = plan_for(
        write_org,
        catalogue,
        """\
  members:
    - {name: Ann, role: m365-admin, certified: [MD-102]}
""",
        "2026-11-28",
    )
    assert paths(plan) == {"Ann": ("AB-650",)}
    assert not plan.uses("MS-102")
    too_soon = [n for n in plan.notices if n.kind == "too-soon"]
    assert [(n.exam, n.other, n.days) for n in too_soon] == [("MS-102", "AB-650", 2)]
    assert describe(too_soon[0]) == (
        "MS-102 retires on 30 November 2026, 2 days after the training date, too soon to "
        "prepare for it; this plan uses its successor, AB-650. Anyone already prepared for "
        "MS-102 can still take it until then."
    )
    assert not [n for n in plan.notices if n.kind == "retiring"]


def test_exam_too_close_to_prepare_for_is_one_notice_for_first_and_later_steps(
    write_org: WriteOrg, catalogue: Catalogue
) -> None:
    """Two days before MS-102 retires, one person would have taken it first and another
    after MD-102: both are planned for AB-650, and the guide says so once."""
    plan = plan_for(
        write_org,
        catalogue,
        """\
  members:
    - {name: Ann, role: m365-admin, certified: [MD-102]}
    - {name: Bob, role: m365-admin}
""",
        "2026-11-28",
    )
    assert paths(plan) == {"Ann": ("AB-650",), "Bob": ("MD-102", "AB-650")}
    about_ms102 = [n.kind for n in plan.notices if n.exam == "MS-102"]
    assert about_ms102 == ["too-soon"]


def test_preparation_window_is_set_per_organisation(
    write_org: WriteOrg, catalogue: Catalogue
) -> None:
    """With no preparation window, an exam retiring on the training day is still planned,
    with its deadline; with six weeks, one retiring in five is not."""

    def plan_with(weeks: int, day: str) -> Plan:
        org = write_org(
            "organisation: {name: Test}\n"
            f"training: {{preparation_weeks: {weeks}}}\n"
            "team:\n  members:\n    - {name: Ann, role: m365-admin, certified: [MD-102]}\n"
        )
        org_data = load_organisation(org, catalogue)
        return make_plan(org_data, catalogue, dt.date.fromisoformat(day))

    kept = plan_with(0, "2026-11-30")
    assert paths(kept) == {"Ann": ("MS-102",)}
    retiring = [n for n in kept.notices if n.kind == "retiring"]
    assert retiring and retiring[0].days == 0
    assert paths(plan_with(6, "2026-10-26")) == {"Ann": ("AB-650",)}
    assert paths(plan_with(4, "2026-10-26")) == {"Ann": ("MS-102",)}


def test_too_soon_notice_on_the_day_before_and_in_french(
    write_org: WriteOrg, catalogue: Catalogue
) -> None:
    team = "  members:\n    - {name: Ann, role: m365-admin, certified: [MD-102]}\n"
    plan = plan_for(write_org, catalogue, team, "2026-11-29")
    assert paths(plan) == {"Ann": ("AB-650",)}
    (notice,) = [n for n in plan.notices if n.kind == "too-soon"]
    assert describe(notice).startswith(
        "MS-102 retires on 30 November 2026, the day after the training, too soon"
    )
    assert describe(notice, "fr").startswith(
        "MS-102 sera retiré le 30 novembre 2026, le lendemain de la formation\u202f: trop tôt"
    )


def test_retiring_exam_far_ahead_stays_in_later_steps(
    write_org: WriteOrg, catalogue: Catalogue
) -> None:
    plan = plan_for(write_org, catalogue, "  roles: {m365-admin: 1}\n", "2026-03-01")
    assert paths(plan) == {"1 unnamed": ("MD-102", "MS-102")}
    assert [c.exam for c in plan.cohorts] == ["MD-102", "MS-102"]


def test_retiring_exam_too_close_for_a_later_step_uses_the_successor(
    write_org: WriteOrg, catalogue: Catalogue
) -> None:
    plan = plan_for(write_org, catalogue, "  roles: {m365-admin: 1}\n", "2026-10-15")
    assert paths(plan) == {"1 unnamed": ("MD-102", "AB-650")}


def test_device_admin_sent_to_the_tenant_exam_first_is_warned(
    write_org: WriteOrg, catalogue: Catalogue
) -> None:
    plan = plan_for(
        write_org,
        catalogue,
        """\
  members:
    - {name: Eve, role: endpoint-admin, path: [MS-102]}
""",
        "2026-06-01",
    )
    mismatch = [n for n in plan.notices if n.kind == "mismatch"]
    assert len(mismatch) == 1
    assert describe(mismatch[0]).startswith(
        "Eve (Endpoint administrator) would start with MS-102, a tenant-level exam; that "
        "mismatches their daily device work. Start with MD-102"
    )


def test_tenant_admin_without_endpoint_experience_is_warned(
    write_org: WriteOrg, catalogue: Catalogue
) -> None:
    plan = plan_for(
        write_org,
        catalogue,
        """\
  members:
    - {name: Sam, role: m365-admin, path: [MS-102]}
    - {name: Kim, role: m365-admin, path: [MS-102], endpoint_experience: true}
""",
        "2026-06-01",
    )
    warned = [n.who for n in plan.notices if n.kind == "no-endpoint"]
    assert warned == ["Sam"]


def test_more_named_members_than_headcount_is_an_error(
    write_org: WriteOrg, catalogue: Catalogue
) -> None:
    from guide.errors import InputError

    org = write_org(
        "organisation: {name: T}\nteam:\n  roles: {endpoint-admin: 1}\n  members:\n"
        "    - {name: A, role: endpoint-admin}\n    - {name: B, role: endpoint-admin}\n"
    )
    with pytest.raises(InputError, match="headcount 1 is less than the 2 members named"):
        load_organisation(org, catalogue)


def test_catalogue_paths_must_name_known_exams(tmp_path: Path) -> None:
    from guide.errors import InputError

    (tmp_path / "certifications.yaml").write_bytes(
        (defaults.CONTENT_DIR / "certifications.yaml").read_bytes()
    )
    roles = (defaults.CONTENT_DIR / "roles.yaml").read_text().replace("[MD-102]", "[MD-103]")
    (tmp_path / "roles.yaml").write_text(roles)
    with pytest.raises(
        InputError,
        match=r"roles.yaml:\d+:\d+: roles.endpoint-admin.path\[0\]: "
        r"unknown exam 'MD-103'",
    ):
        load_catalogue(tmp_path)


def test_notices_read_well_in_both_languages() -> None:
    import datetime as dt

    from guide.plan.lifecycle import Notice

    tomorrow = Notice("retiring", "MS-102", other="AB-650", date=dt.date(2026, 11, 30), days=1)
    assert describe(tomorrow).startswith("MS-102 retires on 30 November 2026, the day after")
    assert describe(tomorrow, "fr_FR").startswith(
        "MS-102 sera retiré le 30 novembre 2026, le lendemain de la formation"
    )
    retired = Notice("retired", "MS-102", other="AB-650", date=dt.date(2026, 11, 30))
    assert describe(retired, "fr_FR") == (
        "MS-102 a été retiré le 30 novembre 2026 et ne peut plus être passé\u202f; ce plan utilise "
        "son successeur, AB-650."
    )


def test_domain_weights_are_written_as_each_language_writes_percentages() -> None:
    from guide.plan.wording import format_weight

    assert format_weight("25-30", "en_GB") == "25\u201330%"
    assert format_weight("25-30", "fr_FR") == "25\u201330\u202f%"
    assert format_weight(None, "en_GB") == "\u2013"
