"""Paths as Learn writes them: ``~/`` from the docset's root, and the code files a chapter reads."""

from __future__ import annotations

from pathlib import Path

import pytest

from guide.content.chapters import read_chapter
from guide.content.docset_paths import docset_root, resolve_source
from guide.errors import InputError


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_the_docset_root_is_the_nearest_folder_with_a_docfx_json(tmp_path: Path) -> None:
    write(tmp_path / "repo" / "docfx.json", "{}")
    article = write(tmp_path / "repo" / "intune" / "enroll" / "windows.md", "")
    assert docset_root(article, [tmp_path]) == (tmp_path / "repo").resolve()
    assert (
        resolve_source("~/includes/x.md", article, [tmp_path])
        == (tmp_path / "repo" / "includes" / "x.md").resolve()
    )
    assert (
        resolve_source("../x.md", article, [tmp_path])
        == (tmp_path / "repo" / "intune" / "x.md").resolve()
    )


def test_without_a_docfx_json_the_root_is_the_content_folder(tmp_path: Path) -> None:
    content = tmp_path / "org" / "content"
    article = write(content / "deep" / "a.md", "")
    write(tmp_path / "docfx.json", "{}")  # above the content folders: not looked at
    assert docset_root(article, [tmp_path / "org", content]) == content.resolve()


def test_includes_may_name_their_file_from_the_docset_root(tmp_path: Path) -> None:
    write(tmp_path / "docfx.json", "{}")
    write(tmp_path / "includes" / "note.md", "Shared words.\n")
    chapter_file = write(
        tmp_path / "topic" / "deep" / "a.md",
        "---\ntitle: A\nreviewed: 2026-11-01\n---\n[!INCLUDE [note](~/includes/note.md)]\n",
    )
    chapter = read_chapter(chapter_file, [tmp_path])
    assert "Shared words." in chapter.body
    assert (tmp_path / "includes" / "note.md").resolve() in chapter.included


def test_code_files_are_among_the_files_a_chapter_reads(tmp_path: Path) -> None:
    """The cache and the watcher see a change to a code file the chapter shows, also one
    named in an include, relative to the include."""
    write(tmp_path / "snippets" / "a.json", "{}\n")
    write(tmp_path / "includes" / "b.ps1", "Get-Thing\n")
    write(
        tmp_path / "includes" / "shared.md",
        ':::code language="powershell" source="b.ps1":::\n',
    )
    chapter_file = write(
        tmp_path / "a.md",
        "---\ntitle: A\nreviewed: 2026-11-01\n---\n"
        ':::code language="json" source="snippets/a.json" range="1":::\n\n'
        "[!INCLUDE [shared](includes/shared.md)]\n"
        ':::code language="json" source="snippets/none.json":::\n',
    )
    chapter = read_chapter(chapter_file, [tmp_path])
    assert set(chapter.included) == {
        (tmp_path / "snippets" / "a.json").resolve(),
        (tmp_path / "includes" / "b.ps1").resolve(),
        (tmp_path / "includes" / "shared.md").resolve(),
    }


def test_a_docset_path_still_stays_inside_the_content_folders(tmp_path: Path) -> None:
    write(tmp_path / "docfx.json", "{}")
    write(tmp_path / "secret.md", "Not for the guide.\n")
    chapter_file = write(
        tmp_path / "org" / "a.md",
        "---\ntitle: A\nreviewed: 2026-11-01\n---\n[!INCLUDE [x](~/../secret.md)]\n",
    )
    with pytest.raises(InputError, match="outside the content folders"):
        read_chapter(chapter_file, [tmp_path / "org"])
