"""What ``guide list`` prints: the bundled roles, the certifications with their status on a
date, and the chapters with their audience, as tables that wrap to the terminal (rich).

``catalogue_tables`` gives the plain rows (for a program, or a test); ``print_tables`` sets
them with rich, long titles wrapped at word boundaries rather than cut.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from rich import box
from rich.console import Console
from rich.table import Table

from guide.compose.gather import load_shared_content
from guide.options import InputFolders
from guide.plan.lifecycle import exam_status


@dataclass(frozen=True)
class ListTable:
    """One section of ``guide list``: its title, column names and rows of text."""

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def _status(state: str, retires: dt.date | None, successor: str | None) -> str:
    said = {"retired": f"retired on {retires}", "retiring": f"retires on {retires}"}
    status = said.get(state, state) if retires else state
    return f"{status}; successor {successor}" if successor else status


def catalogue_tables(folders: InputFolders, today: dt.date) -> tuple[ListTable, ...]:
    """The sections of ``guide list`` for the content in ``folders``, statuses on ``today``."""
    shared = load_shared_content(folders)
    catalogue = shared.catalogue
    roles = tuple((role.id, role.title, " → ".join(role.path)) for role in catalogue.roles.values())
    certifications = []
    for cert in catalogue.certifications.values():
        status = exam_status(cert, today)
        certifications.append(
            (cert.code, cert.exam_title, _status(status.state, status.retires, status.successor))
        )
    chapters = []
    for chapter in shared.chapters:
        audience = chapter.meta.audience
        who = audience if isinstance(audience, str) else ", ".join(audience)
        chapters.append((chapter.meta.id, chapter.meta.title, who))
    return (
        ListTable("Roles", ("Role", "Title", "Path"), roles),
        ListTable(
            f"Certifications (status on {today.isoformat()})",
            ("Exam", "Title", "Status"),
            tuple(certifications),
        ),
        ListTable("Chapters", ("Chapter", "Title", "For"), tuple(chapters)),
    )


def print_tables(tables: tuple[ListTable, ...], console: Console) -> None:
    """Set each table on ``console``: first column kept whole, the others wrapped."""
    for table in tables:
        shown = Table(
            title=table.title,
            title_justify="left",
            title_style="bold",
            box=box.SIMPLE_HEAD,
            expand=False,
        )
        for index, column in enumerate(table.columns):
            shown.add_column(column, no_wrap=index == 0, overflow="fold")
        for row in table.rows:
            shown.add_row(*row)
        console.print(shown)
