"""Chapter selection: an exam's chapter follows the plan, other chapters the team's roles."""

from __future__ import annotations

import datetime as dt

from guide import defaults
from guide.content.catalogue import load_catalogue
from guide.content.chapters import load_chapters, select_chapters
from guide.org.organisation import load_organisation
from guide.plan.tailor import make_plan
from tests.conftest import WriteOrg


def ids_for(write_org: WriteOrg, team: str, day: str) -> set[str]:
    catalogue = load_catalogue(defaults.CONTENT_DIR)
    chapters = load_chapters(defaults.CONTENT_DIR / "chapters", catalogue)
    org = load_organisation(write_org(f"organisation: {{name: T}}\nteam:\n{team}"), catalogue)
    plan = make_plan(org, catalogue, dt.date.fromisoformat(day))
    return {c.meta.id for c in select_chapters(chapters, plan.team_roles, plan.planned_exams)}


def test_a_device_only_team_gets_no_tenant_exam_chapter(write_org: WriteOrg) -> None:
    chosen = ids_for(write_org, "  roles: {endpoint-admin: 4}\n", "2026-06-01")
    assert "md-102" in chosen
    assert "ms-102" not in chosen


def test_an_exam_chapter_follows_the_plan_not_the_role(write_org: WriteOrg) -> None:
    """An endpoint admin whose own path names MS-102 gets its chapter; a tenant admin who
    already holds every exam of the role gets no exam chapter at all."""
    team = "  members:\n    - {name: Eve, role: endpoint-admin, path: [MD-102, MS-102]}\n"
    assert {"md-102", "ms-102"} <= ids_for(write_org, team, "2026-06-01")
    held = "  members:\n    - {name: Bo, role: m365-admin, certified: [MD-102, MS-102]}\n"
    chosen = ids_for(write_org, held, "2026-06-01")
    assert "md-102" not in chosen and "ms-102" not in chosen


def test_the_retired_exam_has_no_chapter_after_its_retirement(write_org: WriteOrg) -> None:
    team = "  roles: {m365-admin: 2}\n"
    assert "ms-102" in ids_for(write_org, team, "2026-06-01")
    assert "ms-102" not in ids_for(write_org, team, "2026-12-01")
