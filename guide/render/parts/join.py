"""The parts of a guide joined into one PDF, the furniture laid over them: ``join``.

With pikepdf (qpdf), in this process, on the parts' finished PDFs:

- pages in order; a part that starts on a left page was laid out from a right one (every
  part's first page is a right page), so its pages move by the difference of the margins,
  with their links and destinations;
- each page's furniture page as a form drawn over it, marked as an artifact;
- one outline (the parts' bookmarks in order), one name tree of destinations, and links to
  other parts (``OTHER_PART``) pointed at those destinations again;
- one structure tree: the parts' elements under one ``Document``, their parent tree keys
  renumbered, their IDs (header cells, notes) made unique by part;
- the document's metadata, language and identification from the first part;
- one font program for each font the parts share (``guide.render.parts.fonts``), merged by
  a worker while this process joins the outlines and structure trees.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from guide.render.parts.fontprograms import FontMergeJob, Merged
from guide.render.parts.fonts import find_subsets
from guide.render.parts.part import OTHER_PART, RenderedPart
from guide.render.parts.structure import copied, merge_structure

PX = 0.75  # points per CSS px

Runner = Callable[[Sequence[Any]], list[Any]]  # jobs -> their ``render()``, in order


@dataclass(frozen=True)
class Placed:
    """A part and the page of the joined guide (0-based) its first page lands on."""

    part: RenderedPart
    first: int


def margins(placed: Sequence[Placed]) -> dict[bool, float]:
    """The text area's left edge (CSS px) of plain pages laid out as left (True) and as
    right (False) pages."""
    found: dict[bool, float] = {}
    for one in placed:
        for index, shape in enumerate(one.part.pages):
            if not shape.name and not shape.blank:
                found.setdefault(index % 2 == 1, shape.margin_left)
    return found


def _shift(one: Placed, index: int, edges: dict[bool, float]) -> float:
    """How far (points) page ``index`` of ``one`` moves right to sit as the joined page."""
    shape = one.part.pages[index]
    laid_left = index % 2 == 1  # its part's first page is a right page
    sits_left = (one.first + index) % 2 == 1
    if laid_left == sits_left or shape.name or shape.blank:
        return 0.0
    return (edges.get(sits_left, shape.margin_left) - shape.margin_left) * PX


def join(
    placed: Sequence[Placed],
    furniture: bytes,
    run: Runner | None = None,
) -> bytes:
    """The parts of ``placed`` as one PDF under ``furniture``; ``run`` (a job runner, as
    ``render_in_parts`` has) merges the fonts in a worker meanwhile."""
    import pikepdf

    out = pikepdf.new()
    sources = [pikepdf.open(io.BytesIO(one.part.data)) for one in placed]
    overlay = pikepdf.open(io.BytesIO(furniture))
    edges = margins(placed)
    shifts: list[list[float]] = []
    page_of: list[dict[Any, Any]] = []  # per part: source page (objgen) -> joined page
    for one, source in zip(placed, sources, strict=True):
        shifts.append([_shift(one, index, edges) for index in range(len(source.pages))])
        mapping = {}
        for page in source.pages:
            out.pages.append(page)
            mapping[page.objgen] = out.pages[-1]
        page_of.append(mapping)
    index, moved_patterns = 0, set[tuple[int, int]]()
    for part_index, source in enumerate(sources):
        for local in range(len(source.pages)):
            shift = shifts[part_index][local]
            _draw(out, out.pages[index], overlay.pages[index], shift, index)
            if shift:
                _move_patterns(out.pages[index], shift, moved_patterns)
            index += 1
    subsets = find_subsets(out)
    # a thread waits on the worker (or, with no runner, merges here) while this one joins
    with ThreadPoolExecutor(1) as beside:
        merging = beside.submit(_merge, subsets.job(), run)
        _names(out, sources, page_of, shifts)
        _outline(out, sources, page_of, shifts)
        merge_structure(out, sources)
        _document(out, sources[0])
        subsets.apply(out, merging.result())
    stream = io.BytesIO()
    # the first part's XMP as the engine wrote it: pikepdf would parse and write it again
    # to set a version it already has (every standard the guide writes is PDF 1.7)
    out.save(
        stream,
        min_version=sources[0].pdf_version,
        fix_metadata_version=False,
        deterministic_id=True,
        object_stream_mode=pikepdf.ObjectStreamMode.generate,
        compress_streams=True,
    )
    return stream.getvalue()


def _merge(job: FontMergeJob, run: Runner | None) -> tuple[tuple[Merged, ...], ...]:
    if run is None:
        return job.render()
    (merged,) = run([job])
    return merged  # type: ignore[no-any-return]


def _draw(out: Any, page: Any, furniture: Any, shift: float, number: int) -> None:
    """The page's own content (moved by ``shift``) in its own graphics state, then its
    furniture over it as an artifact; its links moved with it and pointed home. The form's
    name is the page's number: pages of a part share their resources, and a name chosen at
    random would make the bytes differ from run to run."""
    import pikepdf

    start = f"q 1 0 0 1 {shift:.4f} 0 cm\n" if shift else "q\n"
    page.contents_add(pikepdf.Stream(out, start.encode()), prepend=True)
    page.contents_add(pikepdf.Stream(out, b"\nQ\n"), prepend=False)
    form = out.copy_foreign(furniture.as_form_xobject())
    name = page.add_resource(form, pikepdf.Name.XObject, pikepdf.Name(f"/Furniture{number}"))
    drawn = b"/Artifact BMC q " + name.unparse() + b" Do Q EMC\n"
    page.contents_add(pikepdf.Stream(out, drawn), prepend=False)
    for annotation in page.get("/Annots", []):
        if shift:
            left, bottom, right, top = (float(value) for value in annotation.Rect)
            annotation.Rect = [left + shift, bottom, right + shift, top]
        action = annotation.get("/A")
        uri = str(action.get("/URI", "")) if action is not None else ""
        if uri.startswith(OTHER_PART):
            target = uri[len(OTHER_PART) :]
            del annotation["/A"]
            annotation.Dest = pikepdf.String(target)
            annotation.Contents = pikepdf.String(target)


def _move_patterns(page: Any, shift: float, moved: set[tuple[int, int]]) -> None:
    """Tiling patterns (the plan chart's hatching) stay in the page's own space when the
    content moves, and the engine sets their cells from the far side of the page (they
    move against the text between a left and a right page): place each as the whole
    guide's render does, once (the part's pages share their resources)."""
    patterns = page.obj.get("/Resources", {}).get("/Pattern", {})
    for name in list(patterns):
        pattern = patterns[name]
        if pattern.objgen in moved or "/Matrix" not in pattern:
            continue
        moved.add(pattern.objgen)
        matrix = [float(value) for value in pattern.Matrix]
        matrix[4] -= shift
        pattern.Matrix = matrix


def _destination(page: Any, old: Any, shift: float) -> Any:
    import pikepdf

    left = float(old[2]) + shift if len(old) > 2 and old[2] is not None else 0
    top = old[3] if len(old) > 3 else 0
    return pikepdf.Array([page.obj, pikepdf.Name.XYZ, left, top, 0])


def _names(out: Any, sources: list[Any], page_of: list[dict[Any, Any]], shifts: Any) -> None:
    import pikepdf

    names: list[tuple[bytes, Any]] = []
    for part_index, source in enumerate(sources):
        dests = source.Root.get("/Names", {}).get("/Dests")
        if dests is None:
            continue
        moved = _moved(source, page_of[part_index], shifts[part_index])
        flat = dests.Names
        names += [(bytes(flat[i]), moved.destination(flat[i + 1])) for i in range(0, len(flat), 2)]
    names.sort(key=lambda item: item[0])
    flat_names = pikepdf.Array()
    for key, destination in names:
        flat_names.append(pikepdf.String(key))
        flat_names.append(destination)
    out.Root.Names = pikepdf.Dictionary(Dests=pikepdf.Dictionary(Names=flat_names))


def _outline(out: Any, sources: list[Any], page_of: list[dict[Any, Any]], shifts: Any) -> None:
    with out.open_outline() as outline:
        for part_index, source in enumerate(sources):
            with source.open_outline() as theirs:
                moved = _moved(source, page_of[part_index], shifts[part_index])
                _copy_items(theirs.root, outline.root, moved)


@dataclass(frozen=True)
class _Moved:
    """Where one part's pages went: its file, its pages' copies, their shifts."""

    source: Any
    page_of: dict[Any, Any]  # source page (objgen) -> its copy
    shift_of: dict[Any, float]  # source page (objgen) -> how far it moved

    def destination(self, old: Any) -> Any:
        page = old[0]
        return _destination(self.page_of[page.objgen], old, self.shift_of[page.objgen])


def _moved(source: Any, page_of: dict[Any, Any], shifts: list[float]) -> _Moved:
    pages = [page.objgen for page in source.pages]
    return _Moved(source, page_of, dict(zip(pages, shifts, strict=True)))


def _copy_items(items: Any, into: Any, moved: _Moved) -> None:
    import pikepdf

    for item in items:
        new = pikepdf.OutlineItem(item.title, destination=moved.destination(item.destination))
        new.is_closed = item.is_closed
        _copy_items(item.children, new.children, moved)
        into.append(new)


def _document(out: Any, first: Any) -> None:
    """What describes the whole document, from the first part: metadata, language, tagging
    and viewer preferences, PDF/A's output intent and embedded files."""
    keys = ("/MarkInfo", "/Lang", "/ViewerPreferences", "/Metadata", "/OutputIntents", "/AF")
    for key in keys:
        if key in first.Root:
            out.Root[key] = copied(out, first, first.Root.get(key))
    embedded = first.Root.get("/Names", {}).get("/EmbeddedFiles")
    if embedded is not None:
        out.Root.Names.EmbeddedFiles = copied(out, first, embedded)
    out.trailer.Info = copied(out, first, first.trailer.Info)
