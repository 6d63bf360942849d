"""``guide list``: its lines come from a function a program can call, with statuses on a date."""

from __future__ import annotations

import datetime as dt

from guide.listing import catalogue_listing
from guide.options import InputFolders


def test_the_listing_gives_each_exam_its_status_on_the_date() -> None:
    before = list(catalogue_listing(InputFolders(), dt.date(2026, 11, 1)))
    after = list(catalogue_listing(InputFolders(), dt.date(2026, 12, 1)))
    [ms102_before] = [line for line in before if line.startswith("  MS-102 ")]
    [ms102_after] = [line for line in after if line.startswith("  MS-102 ")]
    assert ms102_before.endswith("retiring, retires 2026-11-30, successor AB-650")
    assert ms102_after.endswith("retired, retires 2026-11-30, successor AB-650")


def test_the_listing_names_every_section_and_each_chapters_audience() -> None:
    lines = list(catalogue_listing(InputFolders(), dt.date(2026, 11, 29)))
    assert lines[0] == "Roles"
    assert "\nCertifications (status today)" in lines
    assert "\nChapters" in lines
    [welcome] = [line for line in lines if line.startswith("  welcome ")]
    assert welcome.endswith("for: all")
