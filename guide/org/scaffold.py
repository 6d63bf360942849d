"""``guide new``: a commented organisation file and a content folder that build as they are."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import jinja2

from guide import defaults
from guide.atomic import write_atomically
from guide.errors import GuideError, input_error


@dataclass(frozen=True)
class Scaffold:
    organisation_file: Path
    chapter: Path


def new_organisation(slug: str, folder: Path, today: dt.date) -> Scaffold:
    """Write ``folder/<slug>.yaml`` and ``folder/<slug>-content/local.md``; never overwrite."""
    target = folder / f"{slug}.yaml"
    if not defaults.SLUG_PATTERN.match(slug):
        raise input_error(
            target,
            f"'{slug}' cannot be a file name here; use lower-case "
            "letters, digits and hyphens (e.g. contoso-lyon)",
        )
    chapter = folder / f"{slug}-content" / "local.md"
    for path in (target, chapter):
        if path.exists():
            raise GuideError(f"{path} already exists; choose another name or folder")
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(defaults.TEMPLATES_DIR / "scaffold"),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    name = slug.replace("-", " ").title()
    values = {
        "slug": slug,
        "name": name,
        "date": (today + dt.timedelta(days=30)).isoformat(),  # a training a month away
        "today": today.isoformat(),  # the chapter is reviewed as it is written
    }
    write_atomically(target, env.get_template("organisation.yaml").render(values).encode())
    write_atomically(chapter, env.get_template("chapter.md").render(values).encode())
    return Scaffold(target, chapter)
