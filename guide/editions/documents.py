"""The editions made from one prepared guide: trainer edition, session handouts, booklet.

Each is rendered in memory and returned as a file still to be written. Handouts are laid
out together in one document, then each is drawn from that layout as a PDF of its own
(tagged, with its own structure tree), so thirty attendees cost one layout.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass

from guide.compose.edition import compose
from guide.compose.layout import BOOKLET_PAPER, Edition, lay_out_back_cover, lay_out_handouts
from guide.compose.prepare import PreparedGuide
from guide.options import BuildOptions, InputFolders
from guide.org.organisation import Organisation
from guide.plan.handouts import make_handouts
from guide.render.job import Part, RenderedPdf, RenderJob
from guide.render.pdfpages import impose_booklet, pad_to_even
from guide.render.variants import PLAIN, Archival, Attached


@dataclass(frozen=True)
class PendingFile:
    """A rendered file, named relative to the organisation's output folder, and the files
    read to make it (path, SHA-256)."""

    kind: str
    name: str
    data: bytes
    pages: int
    reads: tuple[tuple[str, str], ...] = ()


def render_job(
    html: str,
    org: Organisation,
    folders: InputFolders,
    *,
    fit: bool = False,
    tagged: bool = True,
    parts: tuple[Part, ...] = (),
    archival: Archival = PLAIN,
) -> RenderJob:
    """A document to render (``.render()``, or in a worker) that may read the bundled data and
    the organisation's roots, nothing else;
    ``fit`` for a printed edition of the guide, whose sections are fitted to their pages;
    ``tagged`` (PDF/UA-1) for every document a reader opens, not the booklet's pages."""
    roots = (folders.styles_dir, folders.templates_dir, folders.content_dir, *org.roots)
    base = folders.templates_dir.resolve().as_uri() + "/"
    return RenderJob(html, base, roots, fit, tagged, parts, archival)


def learner_job(guide: PreparedGuide, options: BuildOptions) -> RenderJob:
    """The learner guide's render: fitted to its pages, archival when asked."""
    return render_job(
        guide.html, guide.org, options.folders, fit=True, archival=archival_for(guide, options)
    )


def archival_for(guide: PreparedGuide, options: BuildOptions) -> Archival:
    """The PDF/A level asked for (``--pdf-standard`` over the organisation file's
    ``archive.standard``) and, when asked and the level allows, the organisation file and
    the plan (as JSON) to embed, dated by the training."""
    archive = guide.org.spec.archive
    standard = options.pdf_standard or (archive.standard if archive else None)
    if standard is None:
        return PLAIN
    attach = (options.attach or bool(archive and archive.attach)) and standard.startswith("pdf/a-3")
    if not attach:
        return Archival(standard)
    dated = f"{guide.plan.as_of.isoformat()}T00:00:00+00:00"
    plan = json.dumps(dataclasses.asdict(guide.plan), default=str, indent=2, ensure_ascii=False)
    return Archival(
        standard,
        (
            Attached(
                guide.org.file.name,
                guide.org.source,
                "The organisation file this guide was built from",
                dated,
            ),
            Attached(
                "plan.json",
                plan.encode(),
                "The plan: who takes which exam, in which order, as of the training date",
                dated,
                relationship="Data",
            ),
        ),
    )


def handout_files(guide: PreparedGuide, options: BuildOptions) -> list[PendingFile]:
    """Every handout in one file (each on a right-hand page), then one file per handout:
    laid out once, each handout drawn from that layout as a tagged PDF of its own."""
    handouts = make_handouts(guide.org, guide.plan, guide.gathered.catalogue)
    training = guide.org.spec.training.title
    parts = tuple(
        Part(handout.anchor, f"{handout.anchor}-end", f"{handout.title} – {training}")
        for handout in handouts
    )
    combined = render_job(
        lay_out_handouts(
            guide.org,
            guide.plan,
            handouts,
            templates_dir=options.folders.templates_dir,
            stylesheets=[options.folders.styles_dir / "guide.css"],
            locale=guide.org.locale,
        ),
        guide.org,
        options.folders,
        parts=parts,
        archival=archival_for(guide, options),
    ).render()
    printable, pages = pad_to_even(combined.data)
    files = [PendingFile("handouts", "handouts.pdf", printable, pages, combined.reads)]
    for handout, part, data in zip(handouts, parts, combined.parts, strict=True):
        count = combined.anchors[part.last] - combined.anchors[part.first] + 1
        files.append(PendingFile("handout", f"handouts/{handout.slug}.pdf", data, count))
    return files


def session_files(
    guide: PreparedGuide, learner: RenderedPdf, options: BuildOptions
) -> list[PendingFile]:
    """The trainer edition, every handout in one file, and one file per handout."""
    trainer = render_job(
        compose(guide.gathered, Edition("trainer", learner_pages=learner.anchors), options).html,
        guide.org,
        options.folders,
        fit=True,
        archival=archival_for(guide, options),
    ).render()
    trainer_file = PendingFile("trainer", "trainer.pdf", trainer.data, trainer.pages, trainer.reads)
    return [trainer_file, *handout_files(guide, options)]


def booklet_file(guide: PreparedGuide, options: BuildOptions) -> PendingFile:
    """The learner guide on half-size pages, imposed two to a side for saddle stitching,
    with a back cover of its own as the last page, and ruled notes pages before it where the
    booklet needs pages to reach a multiple of four."""
    paper = BOOKLET_PAPER[guide.org.spec.paper]
    half = render_job(
        compose(guide.gathered, Edition("booklet", paper), options).html,
        guide.org,
        options.folders,
        fit=True,
        tagged=False,  # imposed two to a side for a printer: no reading order survives
    ).render()
    back = render_job(
        lay_out_back_cover(
            guide.org,
            guide.plan,
            guide.gathered.catalogue,
            templates_dir=options.folders.templates_dir,
            stylesheets=[options.folders.styles_dir / "guide.css"],
            locale=guide.org.locale,
            notes_pages=-(half.pages + 1) % 4,
        ),
        guide.org,
        options.folders,
        tagged=False,
    ).render()
    title = f"{guide.org.spec.training.title} – booklet"
    data, padded = impose_booklet(
        half.data, guide.org.spec.paper, title, guide.org.name, back_cover=back.data
    )
    reads = tuple(dict.fromkeys((*half.reads, *back.reads)))
    return PendingFile("booklet", "guide-booklet.pdf", data, padded // 2, reads)
