"""Parts kept between builds: an edit (a chapter, the organisation file, the catalogue, the
stylesheet) lays out exactly the parts it changed (the tests count the layouts), and a
corrupt or foreign entry is laid out again, never trusted."""

from __future__ import annotations

import shutil
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest

from guide.compose.edition import Composed, compose
from guide.compose.gather import gather, load_shared_content
from guide.compose.layout import Edition
from guide.editions.documents import render_job
from guide.kept import PART as SUFFIX
from guide.options import BuildOptions
from guide.render.parts.cache import PartCache
from guide.render.parts.part import UNKNOWN_PAGE, RenderedPart
from guide.render.parts.plan import render_in_parts
from tests.render.test_parts import MORE, NOTES, ORG


@dataclass
class Counted:
    """A runner that renders here and counts what it rendered, by part."""

    parts: Counter[str]
    furniture: int = 0
    font_merges: int = 0  # the join's, beside it

    def __call__(self, jobs: Sequence[Any]) -> list[Any]:
        for job in jobs:
            if type(job).__name__ == "FurnitureJob":
                self.furniture += 1
            elif type(job).__name__ == "FontMergeJob":
                self.font_merges += 1
            else:
                self.parts[job.name] += 1
        return [job.render() for job in jobs]


@pytest.fixture
def setup(tmp_path: Path) -> tuple[Path, BuildOptions]:
    folder = tmp_path / "org"
    folder.mkdir()
    (folder / "notes.md").write_text(NOTES, encoding="utf-8")
    (folder / "more.md").write_text(MORE, encoding="utf-8")
    (folder / "acme.yaml").write_text(ORG, encoding="utf-8")
    options = BuildOptions()
    styles, content = tmp_path / "styles", tmp_path / "content"
    shutil.copytree(options.folders.styles_dir, styles)
    shutil.copytree(options.folders.content_dir, content)
    folders = replace(options.folders, styles_dir=styles, content_dir=content)
    return folder / "acme.yaml", replace(options, folders=folders)


def composed(org: Path, options: BuildOptions) -> tuple[Any, Composed]:
    gathered = gather(org, load_shared_content(options.folders), options)
    return gathered, compose(gathered, Edition(), options, in_parts=8)


def documents(org: Path, options: BuildOptions) -> dict[str, str]:
    """Each part's document (HTML) by its name, as the build lays it out."""
    return {" ".join(names): html for names, html, _ in composed(org, options)[1].parts if names}


def build(org: Path, options: BuildOptions, cache: PartCache) -> tuple[bytes, Counted]:
    gathered, guide = composed(org, options)
    job = render_job(guide.html, gathered.org, options.folders, fit=True)
    counted = Counted(Counter())
    rendered = render_in_parts(
        guide.parts, job.base_url, job.roots, run=counted, fit=True, cache=cache
    )
    assert rendered is not None
    return rendered.pdf.data, counted


def laid_out(counted: Counted) -> set[str]:
    return set(counted.parts)


@pytest.mark.slow
def test_an_edit_lays_out_only_what_it_changed(
    setup: tuple[Path, BuildOptions], tmp_path: Path
) -> None:
    org, options = setup
    cache = PartCache(tmp_path / "cache")
    first, counted = build(org, options, cache)
    everything = laid_out(counted)
    assert len(everything) >= 5 and counted.furniture == 1
    assert counted.parts["front"] == 2  # its contents, again once the pages were known
    assert counted.font_merges == 1  # by the runner, beside the join

    again, counted = build(org, options, cache)
    assert again == first and not counted.parts and counted.furniture == 0

    # one chapter: its part, nothing else (its pages did not move)
    more = org.parent / "more.md"
    more.write_text(MORE.replace("Back to", "Go back to"), encoding="utf-8")
    _, counted = build(org, options, cache)
    assert laid_out(counted) == {name for name in everything if "chapter:more-notes" in name}
    assert counted.furniture == 0

    # the organisation file (a trainer's name): the parts that print it, no others
    before = documents(org, options)
    org.write_text(
        ORG.replace("  date: 2027-03-12\n", "  date: 2027-03-12\n  trainer: Jane Roe\n"),
        encoding="utf-8",
    )
    after = documents(org, options)
    changed = {name for name in after if after[name] != before.get(name)}
    assert "front" in changed and len(changed) < len(everything)  # the cover, not the notes
    _, counted = build(org, options, cache)
    assert laid_out(counted) == changed

    # the catalogue (what MD-102 asks of a candidate): the parts that print it, no others
    catalogue = options.folders.content_dir / "certifications.yaml"
    before = documents(org, options)
    catalogue.write_text(
        catalogue.read_text("utf-8").replace(
            "Experience administering Windows clients", "Hands-on experience administering Windows"
        ),
        encoding="utf-8",
    )
    after = documents(org, options)
    changed = {name for name in after if after[name] != before.get(name)}
    assert any("chapter:md-102" in name for name in changed) and len(changed) < len(everything)
    _, counted = build(org, options, cache)
    assert laid_out(counted) == changed

    # the stylesheet: every part, and the margins
    sheet = options.folders.styles_dir / "guide.css"
    sheet.write_text(sheet.read_text("utf-8") + "\n.chapter p { letter-spacing: 0.01em; }\n")
    _, counted = build(org, options, cache)
    assert laid_out(counted) == everything and counted.furniture == 1


@pytest.mark.slow
def test_a_corrupt_or_foreign_entry_is_laid_out_again(
    setup: tuple[Path, BuildOptions], tmp_path: Path
) -> None:
    org, options = setup
    cache = PartCache(tmp_path / "cache")
    first, _ = build(org, options, cache)
    entries = [  # the parts' entries (not the furniture's, nor the last pages')
        entry
        for entry in sorted((tmp_path / "cache").glob(f"*{SUFFIX}"))
        if b'"anchors"' in entry.read_bytes().partition(b"\n")[0]
    ]
    assert len(entries) >= 2
    entries[0].write_bytes(entries[0].read_bytes()[:-200])  # cut short
    foreign = entries[1]
    head, _, data = foreign.read_bytes().partition(b"\n")
    foreign.write_bytes(head.replace(b'"layouts"', b'"layouts_"') + b"\n" + data)
    again, counted = build(org, options, cache)
    assert again == first  # what was read from the cache is what a layout makes
    assert sum(counted.parts.values()) == 2 and counted.furniture == 0  # those two, again


@pytest.mark.slow
def test_the_cache_stays_under_its_limit(setup: tuple[Path, BuildOptions], tmp_path: Path) -> None:
    org, options = setup
    cache = PartCache(tmp_path / "cache", limit=60_000)
    build(org, options, cache)
    assert sum(entry.stat().st_size for entry in (tmp_path / "cache").iterdir()) <= 60_000


@pytest.mark.slow
def test_a_layout_that_printed_a_placeholder_is_not_drawn_nor_kept(
    setup: tuple[Path, BuildOptions], tmp_path: Path
) -> None:
    """A first build's contents prints placeholders for its page numbers and is laid out
    again with the true ones: its first layout gives its pages, and is not drawn."""
    org, options = setup
    cache = PartCache(tmp_path / "cache")
    gathered, guide = composed(org, options)
    job = render_job(guide.html, gathered.org, options.folders, fit=True)
    made: list[RenderedPart] = []

    def run(jobs: Sequence[Any]) -> list[Any]:
        results = [one.render() for one in jobs]
        made.extend(result for result in results if isinstance(result, RenderedPart))
        return results

    rendered = render_in_parts(guide.parts, job.base_url, job.roots, run=run, fit=True, cache=cache)
    assert rendered is not None
    for part in made:  # drawn exactly when no page number it printed is a placeholder
        assert part.drawn == (UNKNOWN_PAGE not in part.printed.values())
        assert part.data.startswith(b"%PDF") if part.drawn else part.data == b""
    sketched = [part.name for part in made if not part.drawn]
    assert "front" in sketched and len(sketched) < len({part.name for part in made})
    drawn_later = [part.name for part in made[len(made) - len(sketched) :] if part.drawn]
    assert sorted(drawn_later) == sorted(sketched)  # each laid out again, and drawn
    fronts = [part for part in made if part.name == "front"]
    assert fronts[0].pages == fronts[1].pages  # the same pages, only their numbers differ
    again, counted = build(org, options, cache)  # the drawn versions were kept, not the others
    assert again == rendered.pdf.data and not counted.parts
