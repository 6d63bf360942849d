"""One gathered guide as one HTML document in one edition: ``compose``.

The chapters the team needs are rendered for the edition (``rendering``: Jinja expanded
in the sandbox, Markdown rendered, images checked), then laid out with the templates.
Every edition comes through here: the learner guide (``prepare``), the trainer edition and
the booklet (``guide.editions.documents``) and the screen page (``guide.editions.screen``,
the preview).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from guide.compose.gather import Gathered
from guide.compose.kept_chapters import KeptChapters
from guide.compose.layout import (
    AssetUrl,
    Edition,
    LaidOutChapter,
    group_parts,
    lay_out,
    part_names,
)
from guide.compose.layout_context import contents_sections
from guide.compose.rendering import render_chapters
from guide.errors import Problem
from guide.options import BuildOptions


@dataclass(frozen=True)
class Composed:
    """A guide in one edition: its chapters as rendered for it, and the whole HTML document."""

    chapters: tuple[LaidOutChapter, ...]
    html: str
    warnings: tuple[Problem, ...] = ()  # links that cannot land, images left as placeholders
    parts: tuple[tuple[tuple[str, ...], str, float], ...] = ()  # (names, HTML, cost), asked


def compose(
    guide: Gathered,
    edition: Edition,
    options: BuildOptions,
    *,
    stylesheets: Sequence[Path] = (),
    scripts: Sequence[Path] = (),
    asset_url: AssetUrl = Path.as_uri,
    preview: bool = False,
    in_parts: int = 0,
    kept: KeptChapters | None = None,
) -> Composed:
    """``guide`` in ``edition``, with ``guide.css`` unless other ``stylesheets`` are given;
    ``asset_url`` gives each file its address, ``preview`` leaves the preview's slot;
    ``in_parts`` lays out the guide's parts in about that many documents of their own too;
    ``kept`` holds chapters rendered by earlier builds."""
    chapters, warnings = render_chapters(
        guide,
        options,
        edition=edition.name,
        learner_pages=edition.learner_pages,
        asset_url=asset_url,
        kept=kept,
    )
    laid_out = lay_out(
        guide.org,
        guide.plan,
        guide.catalogue,
        chapters,
        templates_dir=options.folders.templates_dir,
        stylesheets=stylesheets or [options.folders.styles_dir / "guide.css"],
        locale=guide.org.locale,
        built_on=options.today,
        edition=edition,
        glossary=guide.glossary,
        currency=guide.currency if edition.name == "trainer" else (),  # for trainers only
        asset_url=asset_url,
        preview=preview,
        scripts=scripts,
        in_parts=_runs(
            chapters,
            edition.name,
            bool(guide.glossary or guide.org.spec.content.glossary),
            in_parts,
        ),
        part_stylesheets={
            "part": [options.folders.styles_dir / "parts.css"],
            "furniture": [options.folders.styles_dir / "furniture.css"],
        },
    )
    return Composed(chapters, laid_out.html, warnings, laid_out.parts)


#: A long guide is laid out in documents of about this many characters of chapters' HTML
#: (about five pages, so most chapters alone) however few the workers: a rebuild after an
#: edit lays out again the documents that hold it, and a document costs little more to
#: render than its pages. Measured on the 200-page guide (cold full build / rebuild after
#: one chapter's edit, 2 cores, medians of 4 in turn, 2026-12-08): 30,000 characters (15
#: documents) 11.99 / 2.64 s; 15,000 (31) 11.55 / 2.25 s; 10,000 (35) 11.88 / 2.34 s.
#: Contoso (127,000 characters) is 7 documents instead of 6: 3.68 s against 3.62 s.
PART_CHARS = 15_000

#: What the front matter costs to lay out, in characters of a chapter's HTML that cost as
#: much: the cover, and each entry of the contents (a chapter or a section, a link with its
#: page number). It only orders the layouts (the costliest start first, so that the last
#: to finish is short); measured on Contoso (61 entries, 0.3 s) and the 200-page guide
#: (429 entries, 1.2 s: as long as its longest document, once laid out last of all).
FRONT_CHARS = 5_000
CONTENTS_ENTRY_CHARS = 80


def _runs(
    chapters: Sequence[LaidOutChapter], edition: str, glossary: bool, groups: int
) -> list[tuple[tuple[str, ...], float]]:
    if not groups:
        return []
    names = part_names(chapters, edition, glossary)
    sizes = {f"chapter:{chapter.meta.id}": len(chapter.html) for chapter in chapters}
    average = sum(sizes.values()) / max(len(sizes), 1)
    entries = sum(1 + len(contents_sections(chapter)) for chapter in chapters)
    sizes["front"] = FRONT_CHARS + CONTENTS_ENTRY_CHARS * entries
    # the glossary (its columns measured once, guide.render.columns) and the sources cost
    # about what an average chapter does
    costs = [sizes.get(name, average) for name in names]
    # the front matter is a document of its own whatever it costs (group_parts)
    return group_parts(names, costs, max(groups, round(sum(costs[1:]) / PART_CHARS)))
