"""The editions made from one prepared guide: trainer edition, session handouts, booklet.

Each is rendered in memory and returned as a file still to be written. Handouts are laid
out together in one document and split afterwards, so thirty attendees cost one render.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from guide.compose.layout import BOOKLET_PAPER, AssetUrl, Edition, lay_out, lay_out_handouts
from guide.compose.prepare import PreparedGuide, render_chapters
from guide.options import BuildOptions
from guide.org.organisation import Organisation
from guide.plan.handouts import make_handouts
from guide.render.job import RenderedPdf, RenderJob
from guide.render.pdfpages import impose_booklet, pad_to_even, split


@dataclass(frozen=True)
class PendingFile:
    """A rendered file, named relative to the organisation's output folder, and the files
    read to make it (path, SHA-256)."""

    kind: str
    name: str
    data: bytes
    pages: int
    reads: tuple[tuple[str, str], ...] = ()


def render_job(html: str, org: Organisation, options: BuildOptions) -> RenderJob:
    """A document that may read the bundled data and the organisation's roots, nothing else."""
    roots = (options.styles_dir, options.templates_dir, options.content_dir, *org.roots)
    return RenderJob(html, options.templates_dir.resolve().as_uri() + "/", roots)


def render_document(html: str, org: Organisation, options: BuildOptions) -> RenderedPdf:
    """Render through the confined fetcher: bundled data and the organisation's roots only."""
    return render_job(html, org, options).render()


def guide_html(
    guide: PreparedGuide,
    options: BuildOptions,
    edition: Edition,
    *,
    stylesheets: Sequence[Path] = (),
    scripts: Sequence[Path] = (),
    asset_url: AssetUrl = Path.as_uri,
    preview: bool = False,
) -> str:
    """The guide laid out again in another ``edition`` (chapters rendered for it), with
    ``guide.css`` unless other ``stylesheets`` are given."""
    chapters = render_chapters(
        guide.org,
        guide.plan,
        guide.shared,
        options,
        edition=edition.name,
        learner_pages=edition.learner_pages,
        asset_url=asset_url,
    )
    return lay_out(
        guide.org,
        guide.plan,
        guide.shared.catalogue,
        chapters,
        templates_dir=options.templates_dir,
        stylesheets=stylesheets or [options.styles_dir / "guide.css"],
        locale=guide.org.locale,
        built_on=options.today,
        edition=edition,
        glossary=guide.shared.glossary,
        currency=guide.currency,
        asset_url=asset_url,
        preview=preview,
        scripts=scripts,
    )


def handout_files(guide: PreparedGuide, options: BuildOptions) -> list[PendingFile]:
    """Every handout in one file (each on a right-hand page), then one file per handout:
    laid out once, split afterwards."""
    handouts = make_handouts(guide.org, guide.plan, guide.shared.catalogue)
    combined = render_document(
        lay_out_handouts(
            guide.org,
            guide.plan,
            handouts,
            templates_dir=options.templates_dir,
            stylesheets=[options.styles_dir / "guide.css"],
            locale=guide.org.locale,
        ),
        guide.org,
        options,
    )
    printable, pages = pad_to_even(combined.data)
    training = guide.org.spec.training.title
    parts = [
        (
            combined.anchors[handout.anchor],
            combined.anchors[f"{handout.anchor}-end"],
            f"{handout.title} – {training}",
        )
        for handout in handouts
    ]
    documents = split(combined.data, parts, guide.org.name)
    files = [PendingFile("handouts", "handouts.pdf", printable, pages, combined.reads)]
    for handout, (first, last, _), data in zip(handouts, parts, documents, strict=True):
        files.append(PendingFile("handout", f"handouts/{handout.slug}.pdf", data, last - first + 1))
    return files


def session_files(
    guide: PreparedGuide, learner: RenderedPdf, options: BuildOptions
) -> list[PendingFile]:
    """The trainer edition, every handout in one file, and one file per handout."""
    trainer = render_document(
        guide_html(guide, options, Edition("trainer", learner_pages=learner.anchors)),
        guide.org,
        options,
    )
    trainer_file = PendingFile("trainer", "trainer.pdf", trainer.data, trainer.pages, trainer.reads)
    return [trainer_file, *handout_files(guide, options)]


def booklet_file(guide: PreparedGuide, options: BuildOptions) -> PendingFile:
    """The learner guide on half-size pages, imposed two to a side for saddle stitching."""
    paper = BOOKLET_PAPER[guide.org.spec.paper]
    half = render_document(
        guide_html(guide, options, Edition("booklet", paper)), guide.org, options
    )
    title = f"{guide.org.spec.training.title} – booklet"
    data, padded = impose_booklet(half.data, guide.org.spec.paper, title, guide.org.name)
    return PendingFile("booklet", "guide-booklet.pdf", data, padded // 2, half.reads)
