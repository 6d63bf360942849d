"""How a guide's parts are grouped into documents for the renderer: about as many as asked,
of about equal cost, the front matter alone, and cut where an edit does not move the cuts."""

from __future__ import annotations

import random
from pathlib import Path

from guide.compose.edition import compose
from guide.compose.gather import gather, load_shared_content
from guide.compose.layout import Edition, group_parts
from guide.defaults import ORGS_DIR
from guide.options import BuildOptions


def _names(count: int) -> list[str]:
    return ["front", *(f"chapter:{n}" for n in range(count)), "glossary", "sources"]


def test_runs_are_consecutive_even_and_the_front_alone() -> None:
    names = _names(12)
    costs = [11_000, *([20_000] * 12), 20_000, 20_000]
    runs = group_parts(names, costs, 6)
    assert runs[0] == (("front",), 11_000)
    assert [name for run, _ in runs for name in run] == names  # every part once, in order
    assert 5 <= len(runs) <= 7
    body = [cost for _, cost in runs[1:]]
    assert max(body) <= 2 * min(body)


def _moved_by_edits(chapters: list[float], groups: int) -> int:
    """Over an edit of each chapter in turn (a sentence added), how many runs were not
    there before; the front matter and the appendices cost an average chapter, as the
    build estimates them (so an edit changes their cost too)."""
    names = _names(len(chapters))

    def runs(sizes: list[float]) -> set[tuple[str, ...]]:
        average = sum(sizes) / len(sizes)
        return {run for run, _ in group_parts(names, [average, *sizes, average, average], groups)}

    before = runs(chapters)
    moved = 0
    for index in range(len(chapters)):
        edited = list(chapters)
        edited[index] += 104
        moved += len(runs(edited) - before)
    return moved


def test_an_edit_that_lengthens_a_chapter_moves_no_other_cut() -> None:
    """A cut moves only when an edit carries a chapter's middle over it, and then only the
    runs beside it change: not every later run, as when each run was cut where its own sum
    reached the target (the chapters of the 200-page bench guide: 450 runs moved over its
    33 edits)."""
    generated = [5282.0, 6715, 6327, 20217, 15397, 8636, *([13892] * 9), *([13918] * 18)]
    shuffled = random.Random(20)
    varied = [shuffled.uniform(5_000, 30_000) for _ in range(33)]
    assert _moved_by_edits(generated, 16) <= 4
    assert _moved_by_edits(varied, 16) <= 4


def _front_and_body(org: Path) -> tuple[float, list[float]]:
    options = BuildOptions()
    gathered = gather(org, load_shared_content(options.folders), options)
    runs = compose(gathered, Edition(), options, in_parts=6).parts[:-1]  # the furniture last
    (front_names, _, front_cost), *body = runs
    assert front_names == ("front",)
    return front_cost, [cost for _, _, cost in body]


def test_a_long_contents_is_costed_as_a_long_document(tmp_path: Path) -> None:
    """The renderer starts the costliest documents first. A guide of many sections has a
    contents of many entries, each a link with its page number, as slow to lay out as the
    longest chapters: costed as an average chapter, it was laid out last and the others
    waited for it. Here it is costed by its entries."""
    bundled_front, bundled_body = _front_and_body(ORGS_DIR / "contoso.yaml")
    assert bundled_front < max(bundled_body)  # a short contents is not the costliest

    chapters = tmp_path / "long" / "chapters"
    chapters.mkdir(parents=True)
    for number in range(1, 21):
        sections = "\n\n".join(f"## Section {number}.{s}\n\nA short paragraph." for s in range(15))
        (chapters / f"extra-{number:02d}.md").write_text(
            f"---\ntitle: Extra {number}\norder: {100 + number}\nreviewed: 2026-11-27\n---\n"
            f"{sections}\n",
            encoding="utf-8",
        )
    org = tmp_path / "long" / "long.yaml"
    org.write_text(
        "organisation: {name: Long Ltd}\ntraining: {date: 2027-01-18}\n"
        "team: {roles: {endpoint-admin: 2}}\ncontent: {add: [chapters]}\n",
        encoding="utf-8",
    )
    long_front, long_body = _front_and_body(org)
    assert long_front > max(long_body)  # 300 entries: laid out first
    assert long_front > 2 * bundled_front
