"""Learn includes: resolved beside the including file, nested, refused at the including line."""

from __future__ import annotations

from pathlib import Path

import pytest

from guide.content.includes import (
    MAX_DEPTH,
    MAX_EXPANDED_BYTES,
    expand_includes,
)
from guide.content.yamlfile import split_front_matter
from guide.errors import InputError, Problem


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """Content folder: a chapter's includes/ with a nested include and front matter."""
    (tmp_path / "includes").mkdir()
    (tmp_path / "includes" / "sign-in.md").write_text(
        "---\ntitle: Sign in\nms.topic: include\n---\nSign in to the admin center.\n"
        "[!INCLUDE [tip](tip.md)]\n",
        encoding="utf-8",
    )
    (tmp_path / "includes" / "tip.md").write_text("Use a private window.", encoding="utf-8")
    return tmp_path


def expand(
    root: Path,
    text: str,
    first_line: int = 1,
    read: list[Path] | None = None,
    limit: int = MAX_EXPANDED_BYTES,
) -> str:
    """``text`` as if read from ``root/chapter.md``, starting at ``first_line``."""
    expanded, _ = expand_includes(text, root / "chapter.md", [root], first_line, read, limit)
    return expanded


def refusal(root: Path, text: str, first_line: int = 1, limit: int = MAX_EXPANDED_BYTES) -> Problem:
    with pytest.raises(InputError) as raised:
        expand(root, text, first_line, limit=limit)
    [problem] = raised.value.problems
    return problem


def test_includes_are_replaced_recursively_without_their_front_matter(root: Path) -> None:
    read: list[Path] = []
    text = "Intro\n  [!INCLUDE [Sign in](includes/sign-in.md)]  \nEnd\n"
    assert expand(root, text, read=read) == (
        "Intro\nSign in to the admin center.\nUse a private window.\nEnd\n"
    )
    assert read == [root / "includes" / "sign-in.md", root / "includes" / "tip.md"]


@pytest.mark.parametrize(
    "line",
    ["[!include[tip](includes/tip.md)]", "[!INCLUDE   [](includes/tip.md)]\t"],
)
def test_the_include_line_is_case_and_space_tolerant(root: Path, line: str) -> None:
    assert expand(root, f"{line}\n") == "Use a private window.\n"


@pytest.mark.parametrize(
    "text",
    [
        "See `[!INCLUDE [tip](includes/tip.md)]` inline.\n",
        "[!INCLUDE [tip](includes/tip.md)] and more\n",
        "[!INCLUDE [tip](includes/tip.md)\n",
    ],
)
def test_only_a_whole_include_line_is_an_include(root: Path, text: str) -> None:
    assert expand(root, text) == text


def test_a_file_included_twice_is_not_a_cycle(root: Path) -> None:
    line = "[!INCLUDE [tip](includes/tip.md)]\n"
    read: list[Path] = []
    assert expand(root, line + line, read=read) == "Use a private window.\n" * 2
    assert read == [root / "includes" / "tip.md"]


def test_a_cycle_is_named_at_the_line_that_closes_it(root: Path) -> None:
    (root / "one.md").write_text("[!INCLUDE [two](two.md)]\n", encoding="utf-8")
    (root / "two.md").write_text("Two\n[!INCLUDE [one](one.md)]\n", encoding="utf-8")
    problem = refusal(root, "Start\n[!INCLUDE [one](one.md)]\n")
    assert problem == Problem(
        (root / "two.md").resolve(), "include cycle: chapter.md -> one.md -> two.md -> one.md", 2
    )


def test_a_missing_file_is_named_at_the_chapters_line(root: Path) -> None:
    problem = refusal(root, "a\nb\n[!INCLUDE [x](includes/nope.md)]\n", first_line=10)
    assert problem == Problem(root / "chapter.md", "included file 'includes/nope.md' not found", 12)


@pytest.mark.parametrize(
    "name, message",
    [
        ("includes", "included file 'includes': is a folder, not a file"),
        ("bad.md", "included file 'bad.md': not UTF-8 text; save the file as UTF-8"),
    ],
)
def test_an_unreadable_include_says_why(root: Path, name: str, message: str) -> None:
    (root / "bad.md").write_bytes(b"caf\xe9\n")
    assert refusal(root, f"[!INCLUDE [x]({name})]\n") == Problem(root / "chapter.md", message, 1)


def test_an_include_outside_the_content_folders_is_refused(root: Path) -> None:
    chapters = root / "chapters"
    chapters.mkdir()
    (root / "secret.md").write_text("secret\n", encoding="utf-8")
    with pytest.raises(InputError) as raised:
        expand_includes("[!INCLUDE [s](../secret.md)]\n", chapters / "c.md", [chapters])
    assert raised.value.problems == (
        Problem(chapters / "c.md", "include '../secret.md' is outside the content folders", 1),
    )


def test_a_link_that_leads_out_of_the_content_folders_is_refused(
    root: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    elsewhere = tmp_path_factory.mktemp("elsewhere") / "other.md"
    elsewhere.write_text("another client's text\n", encoding="utf-8")
    (root / "includes" / "link.md").symlink_to(elsewhere)
    problem = refusal(root, "[!INCLUDE [x](includes/link.md)]\n")
    assert problem.message == "include 'includes/link.md' is outside the content folders"


def test_includes_nest_as_deep_as_the_limit_and_no_deeper(root: Path) -> None:
    """The chapter includes d0, which includes d1 ...: MAX_DEPTH files deep is allowed."""
    for level in range(MAX_DEPTH + 1):
        (root / f"d{level}.md").write_text(f"[!INCLUDE [n](d{level + 1}.md)]\n", encoding="utf-8")
    (root / f"d{MAX_DEPTH - 1}.md").write_text("bottom\n", encoding="utf-8")
    assert expand(root, "[!INCLUDE [n](d0.md)]\n") == "bottom\n"
    (root / f"d{MAX_DEPTH - 1}.md").write_text(f"[!INCLUDE [n](d{MAX_DEPTH}.md)]\n", "utf-8")
    (root / f"d{MAX_DEPTH}.md").write_text("too deep\n", encoding="utf-8")
    problem = refusal(root, "[!INCLUDE [n](d0.md)]\n")
    assert problem == Problem(
        (root / f"d{MAX_DEPTH - 1}.md").resolve(), f"includes nested more than {MAX_DEPTH} deep", 1
    )


def test_the_expanded_chapter_may_not_pass_the_limit(root: Path) -> None:
    (root / "fifty.md").write_text("x" * 49 + "\n", encoding="utf-8")
    include = "[!INCLUDE [f](fifty.md)]\n"
    assert len(expand(root, "a\n" + include, limit=52)) == 52
    problem = refusal(root, "a\n" + include + include, first_line=4, limit=100)
    assert problem == Problem(
        root / "chapter.md",
        "with its includes expanded the chapter is over 100 bytes, the limit; "
        "include fewer or smaller files",
        6,
    )


def test_the_limit_counts_what_nested_includes_add(root: Path) -> None:
    """Files that include each other many times over are stopped while they grow."""
    (root / "x0.md").write_text("y" * 99 + "\n", encoding="utf-8")
    for level in range(1, 6):
        twice = f"[!INCLUDE [x](x{level - 1}.md)]\n" * 2
        (root / f"x{level}.md").write_text(twice, encoding="utf-8")
    problem = refusal(root, "start\n[!INCLUDE [x](x5.md)]\n", limit=2_000)
    assert (problem.file, problem.line) == (root / "chapter.md", 2)


@pytest.mark.parametrize(
    "text, body",
    [
        ("---\ntitle: T\n---\nBody\n", "Body\n"),
        ("Body\n---\nmore\n---\n", "Body\n---\nmore\n---\n"),
        ("---\nnot closed\n", "---\nnot closed\n"),
    ],
)
def test_front_matter_of_an_included_file(text: str, body: str) -> None:
    """An included file's front matter is dropped only when it is closed."""
    front_matter = split_front_matter(text)
    assert (front_matter.body if front_matter and front_matter.closed else text) == body
