"""Chapters' rendered Markdown kept between builds: the same HTML as a fresh render, only
what changed rendered again, and never kept where the HTML depends on files."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from guide.compose import rendering
from guide.compose.gather import gather, load_shared_content
from guide.compose.kept_chapters import KeptChapters
from guide.compose.layout import LaidOutChapter
from guide.compose.rendering import render_chapters
from guide.errors import InputError, Problem
from guide.options import BuildOptions

ORG = (
    "organisation:\n  name: Acme\ntraining:\n  date: 2027-03-01\n"
    "team:\n  roles:\n    endpoint-admin: 2\ncontent:\n  add: [ours.md, theirs.md]\n"
)


def write_chapter(folder: Path, name: str, body: str) -> None:
    (folder / f"{name}.md").write_text(
        f"---\nid: {name}\ntitle: {name.title()}\nreviewed: 2026-11-01\n---\n{body}\n",
        encoding="utf-8",
    )


@pytest.fixture
def org(tmp_path: Path) -> Path:
    (tmp_path / "acme.yaml").write_text(ORG, encoding="utf-8")
    write_chapter(tmp_path, "ours", "## Ours\n\nSee [theirs](#theirs-part) and **bold** text.")
    write_chapter(tmp_path, "theirs", "## Theirs part\n\nPlain text, and [a gap](#nowhere).")
    return tmp_path / "acme.yaml"


class Parses:
    """Counts the chapters parsed (not taken from the kept renders)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.ids: list[str] = []
        original = rendering.parse_markdown

        def counted(text: str, doc_id: str, *args: object, **kwargs: object) -> object:
            self.ids.append(doc_id)
            return original(text, doc_id, *args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(rendering, "parse_markdown", counted)

    def take(self) -> list[str]:
        ids, self.ids = self.ids, []
        return sorted(ids)


def render(
    org_file: Path, kept: KeptChapters | None, **kwargs: object
) -> tuple[tuple[LaidOutChapter, ...], tuple[Problem, ...]]:
    options = BuildOptions(output_dir=org_file.parent / "out")
    gathered = gather(org_file, load_shared_content(options.folders), options)
    return render_chapters(gathered, options, kept=kept, **kwargs)  # type: ignore[arg-type]


def test_kept_chapters_give_the_fresh_render_and_only_an_edit_is_rendered_again(
    org: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parses = Parses(monkeypatch)
    fresh = render(org, None)
    every = parses.take()
    assert {"ours", "theirs"} <= set(every) and len(every) > 2  # the bundled chapters too
    folder = org.parent / "out" / ".parts"
    assert render(org, KeptChapters(folder)) == fresh
    assert parses.take() == every  # nothing kept yet
    again = KeptChapters(folder)
    assert render(org, again) == fresh  # HTML, headings and the warning about '#nowhere'
    assert parses.take() == [] and again.hits == len(every)
    assert any("nowhere" in warning.message for warning in fresh[1])

    write_chapter(org.parent, "ours", "## Ours\n\nSee [theirs](#theirs-part) and more text.")
    edited = render(org, KeptChapters(folder))
    assert parses.take() == ["ours"]
    assert edited == render(org, None)
    parses.take()

    # a heading renamed: the links of every chapter may land elsewhere now
    write_chapter(org.parent, "theirs", "## Their part\n\nPlain text, and [a gap](#nowhere).")
    renamed = render(org, KeptChapters(folder))
    assert parses.take() == every
    assert renamed == render(org, None)


def test_each_edition_and_its_learner_pages_have_their_own_renders(
    org: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = org.parent / "out" / ".parts"
    render(org, KeptChapters(folder))
    parses = Parses(monkeypatch)
    trainer = render(org, KeptChapters(folder), edition="trainer", learner_pages={"ours": 3})
    assert len(parses.take()) > 2  # none taken from the learner's
    render(org, KeptChapters(folder), edition="trainer", learner_pages={"ours": 4})
    assert len(parses.take()) > 2
    again = render(org, KeptChapters(folder), edition="trainer", learner_pages={"ours": 3})
    assert parses.take() == [] and again == trainer


def test_a_chapter_that_shows_a_file_is_rendered_every_time(
    org: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PIL import Image

    Image.new("RGB", (4, 4), "white").save(org.parent / "map.png")
    write_chapter(org.parent, "ours", "## Ours\n\n![The map](map.png)")
    folder = org.parent / "out" / ".parts"
    render(org, KeptChapters(folder))
    parses = Parses(monkeypatch)
    render(org, KeptChapters(folder))
    assert parses.take() == ["ours"]
    (org.parent / "map.png").unlink()
    with pytest.raises(InputError, match=r"ours\.md:\d+: image 'map.png' not found"):
        render(org, KeptChapters(folder))


def test_a_damaged_or_foreign_entry_is_rendered_again(
    org: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = org.parent / "out" / ".parts"
    fresh = render(org, KeptChapters(folder))
    entries = sorted(folder.glob("*.chapter"))
    assert entries
    entries[0].write_bytes(entries[0].read_bytes()[:-5] + b"<b>x")  # the HTML changed
    data = entries[1].read_bytes().partition(b"\n")[2]
    entries[1].write_bytes(b'{"key": "another"}\n' + data)  # another key's
    entries[2].write_bytes(b"not an entry")
    parses = Parses(monkeypatch)
    assert render(org, KeptChapters(folder)) == fresh
    assert len(parses.take()) == 3


#: The functions of ``guide.markdown`` that look at files, each marking its chapter's env
#: (``LOOKED_AT_FILES``) or returning ``Resolved.local`` so that it is not kept.
LOOKS_AT_FILES = {
    ("learn.py", "resolve_image"),
    ("learn.py", "_image_checked"),  # called by resolve_image only
    ("learn_blocks.py", "render_code_directive"),
    ("links.py", "resolve_link"),
    ("links.py", "learn_address"),  # called by resolve_link only
    ("html.py", "render_pieces"),  # ``resolve`` is its argument: rules._resolve
}
FILE_CALLS = {
    "resolve_source", "image_problem", "read_input", "inside", "is_file", "exists",
    "resolve", "open", "read_bytes", "read_text", "stat", "iterdir", "glob", "scandir",
    "listdir", "drawn_files", "docset_root",
}  # fmt: skip


def test_only_the_known_functions_of_the_markdown_rules_look_at_files() -> None:
    """A rule that comes to read a file must mark its chapter as not to be kept: this
    lists where the rules look at files, so that a new place is a decision, not a slip."""
    found = set()
    for module in sorted((Path(rendering.__file__).parents[1] / "markdown").glob("*.py")):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef):
                continue
            for node in ast.walk(function):
                if isinstance(node, ast.Call):
                    called = node.func
                    name = called.attr if isinstance(called, ast.Attribute) else None
                    name = called.id if isinstance(called, ast.Name) else name
                    if name in FILE_CALLS:
                        found.add((module.name, function.name))
    assert found == LOOKS_AT_FILES


def test_kept_entries_stay_under_their_limit_the_oldest_going_first(tmp_path: Path) -> None:
    import os

    from guide.kept import KeptFolder

    folder = KeptFolder(tmp_path, ".chapter", limit=5_000)
    for number in range(12):
        folder.write(f"k{number}", {"reads": []}, b"x" * 1_000)
        os.utime(tmp_path / f"k{number}.chapter", (number, number))  # written in turn
        sizes = [entry.stat().st_size for entry in tmp_path.glob("*.chapter")]
        assert sum(sizes) <= 5_000
    kept = sorted(entry.stem for entry in tmp_path.glob("*.chapter"))
    assert "k11" in kept and "k0" not in kept and len(kept) >= 3
    assert folder.read("k11") is not None and folder.read("k0") is None
