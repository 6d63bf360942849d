"""``guide list``: its rows come from a function a program can call, with statuses on a date,
and print as tables that wrap long titles at words instead of cutting them."""

from __future__ import annotations

import datetime as dt
import io

from click.testing import CliRunner
from rich.console import Console

from guide.cli import main
from guide.cli.listing import ListTable, catalogue_tables, print_tables
from guide.options import InputFolders


def _table(tables: tuple[ListTable, ...], title: str) -> ListTable:
    return next(table for table in tables if table.title.startswith(title))


def test_the_listing_gives_each_exam_its_status_on_the_date() -> None:
    before = _table(catalogue_tables(InputFolders(), dt.date(2026, 11, 1)), "Certifications")
    after = _table(catalogue_tables(InputFolders(), dt.date(2026, 12, 1)), "Certifications")
    assert before.title == "Certifications (status on 2026-11-01)"
    [ms102_before] = [row for row in before.rows if row[0] == "MS-102"]
    [ms102_after] = [row for row in after.rows if row[0] == "MS-102"]
    assert ms102_before[2] == "retires on 2026-11-30; successor AB-650"
    assert ms102_after[2] == "retired on 2026-11-30; successor AB-650"


def test_the_listing_names_every_section_and_each_chapters_audience() -> None:
    tables = catalogue_tables(InputFolders(), dt.date(2026, 11, 29))
    assert [table.title.split(" (")[0] for table in tables] == [
        "Roles",
        "Certifications",
        "Chapters",
    ]
    [welcome] = [row for row in _table(tables, "Chapters").rows if row[0] == "welcome"]
    assert welcome[2] == "all"


def test_long_titles_wrap_at_words_on_a_narrow_terminal() -> None:
    """No title is cut mid-word: every word of every title is printed whole."""
    tables = catalogue_tables(InputFolders(), dt.date(2026, 11, 29))
    out = io.StringIO()
    print_tables(tables, Console(file=out, width=60, highlight=False))
    printed = out.getvalue().split()
    for table in tables:
        for row in table.rows:
            for word in row[1].split():
                assert word in printed, word
    assert max(len(line) for line in out.getvalue().splitlines()) <= 60


def test_the_command_prints_the_tables() -> None:
    result = CliRunner().invoke(main, ["list"])
    assert result.exit_code == 0
    words = result.stdout.split()
    title = "Managing and Securing Microsoft 365 Endpoints by using Intune"
    assert all(word in words for word in title.split())
