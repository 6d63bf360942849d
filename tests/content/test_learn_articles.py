"""Learn articles as chapters: their front matter, their H1, and the folders they come in."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from guide.compose.gather import gather, load_shared_content
from guide.content.chapters import read_chapter
from guide.errors import InputError
from guide.options import BuildOptions

LEARN_FRONT_MATTER = """\
---
title: Enroll devices - Microsoft Intune | Microsoft Learn
description: How devices enroll.
author: writer
ms.author: writer
manager: lead
ms.date:
ms.topic: how-to
ms.localizationpriority: high
localization_priority: Normal
ms.custom: intune-azure
ms.collection: [M365-identity-device-management]
search.appverid: MET150
appliesto: [Windows 11]
ROBOTS: NOINDEX
---
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_a_learn_article_keeps_its_keys_quiet_and_its_h1_as_title(tmp_path: Path) -> None:
    file = write(
        tmp_path, "enroll.md", LEARN_FRONT_MATTER + "\n# Enroll Windows devices\n\nText.\n"
    )
    chapter = read_chapter(file)
    assert chapter.meta.title == "Enroll Windows devices"  # what the article's reader sees
    assert chapter.meta.id == "enroll" and chapter.meta.reviewed is None
    assert "# Enroll" not in chapter.body and "Text." in chapter.body
    assert chapter.body.splitlines() == ["", "", "", "Text."]  # its lines keep their numbers
    (warning,) = chapter.warnings
    assert (warning.severity, warning.line, warning.key) == ("warning", 7, "ms.date")
    assert "prints without a review date" in warning.message


def test_a_chapter_of_the_guide_still_needs_its_review_date(tmp_path: Path) -> None:
    for front, line in (("id: x\ntitle: X\n", None), ("id: x\ntitle: X\nreviewed:\n", 4)):
        file = write(tmp_path, "x.md", f"---\n{front}---\nText.\n")
        with pytest.raises(InputError) as raised:
            read_chapter(file)
        (problem,) = raised.value.problems
        assert "reviewed" in f"{problem.key} {problem.message}", problem
        assert line is None or (problem.line, problem.key) == (line, "reviewed"), problem


@pytest.mark.parametrize(
    "title, heading, kept",
    [
        ("Exam day", "Exam day", False),
        ("Exam day", "On the day", True),
        (None, "On the day", False),
    ],
)
def test_an_h1_that_repeats_the_title_is_printed_once(
    tmp_path: Path, title: str | None, heading: str, kept: bool
) -> None:
    front = "id: x\nreviewed: 2026-11-01\n" + (f"title: {title}\n" if title else "")
    chapter = read_chapter(write(tmp_path, "x.md", f"---\n{front}---\n\n# {heading}\n\nText.\n"))
    assert chapter.meta.title == (title or heading)
    assert (f"# {heading}" in chapter.body) is kept


def org(tmp_path: Path, add: str) -> Path:
    return write(
        tmp_path,
        "org.yaml",
        f"""\
        organisation: {{name: Acme}}
        training: {{date: 2027-03-01}}
        team: {{roles: {{endpoint-admin: 2}}}}
        content: {{add: [{add}]}}
        """,
    )


def article(folder: Path, name: str, heading: str) -> None:
    write(
        folder,
        name,
        LEARN_FRONT_MATTER.replace("ms.date:", "ms.date: 11/02/2026") + f"\n# {heading}\n",
    )


def _added(org_file: Path) -> list[tuple[str, str]]:
    options = BuildOptions()
    guide = gather(org_file, load_shared_content(options.folders), options)
    return [(c.meta.id, c.meta.title) for c in guide.selected if c.meta.order == 900]


def test_a_folder_adds_its_articles_below_it_by_path_but_not_its_includes(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    article(docs, "overview.md", "Overview")
    article(docs, "deploy/overview.md", "Deploying")
    article(docs, "deploy/steps.md", "Steps")
    write(docs, "includes/shared.md", "A shared paragraph, no front matter.\n")
    write(docs, "media/notes.md", "Not an article.\n")
    assert _added(org(tmp_path, "docs")) == [
        ("deploy-overview", "Deploying"),
        ("deploy-steps", "Steps"),
        ("overview", "Overview"),
    ]


def test_a_folder_with_a_toc_adds_its_articles_in_its_order_with_its_names(
    tmp_path: Path,
) -> None:
    docs = tmp_path / "docs"
    article(docs, "overview.md", "Overview of the service")
    article(docs, "deploy/steps.md", "Steps")
    article(docs, "unlisted.md", "Not in the TOC")
    write(
        docs,
        "toc.yml",
        """\
        - name: Deploy
          items:
          - name: Deployment steps
            href: deploy/steps.md
        - name: About the service
          href: overview.md
        - name: Elsewhere
          href: https://learn.microsoft.com/
        """,
    )
    assert _added(org(tmp_path, "docs")) == [
        ("deploy-steps", "Deployment steps"),
        ("overview", "About the service"),
    ]


def test_an_empty_folder_is_an_error_at_its_key(tmp_path: Path) -> None:
    (tmp_path / "docs" / "media").mkdir(parents=True)
    with pytest.raises(InputError) as raised:
        _added(org(tmp_path, "docs"))
    (problem,) = raised.value.problems
    assert (problem.key, problem.line) == ("content.add[0]", 4)
    assert "folder 'docs' holds no Markdown article" in problem.message
