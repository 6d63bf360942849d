"""What ``guide list`` prints: the bundled roles, the certifications with their status on a
date, and the chapters with their audience."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from guide.compose.gather import load_shared_content
from guide.options import InputFolders
from guide.plan.lifecycle import exam_status


def catalogue_listing(folders: InputFolders, today: dt.date) -> Iterator[str]:
    """The lines of ``guide list`` for the content in ``folders``, with statuses on ``today``."""
    shared = load_shared_content(folders)
    yield "Roles"
    for role in shared.catalogue.roles.values():
        yield f"  {role.id:<16} {role.title:<34} path: {' -> '.join(role.path)}"
    yield "\nCertifications (status today)"
    for cert in shared.catalogue.certifications.values():
        status = exam_status(cert, today)
        detail = f", retires {status.retires}" if status.retires else ""
        detail += f", successor {status.successor}" if status.successor else ""
        yield f"  {cert.code:<8} {cert.exam_title[:52]:<53} {status.state}{detail}"
    yield "\nChapters"
    for chapter in shared.chapters:
        audience = chapter.meta.audience
        who = audience if isinstance(audience, str) else ", ".join(audience)
        yield f"  {chapter.meta.id:<12} {chapter.meta.title[:44]:<45} for: {who}"
