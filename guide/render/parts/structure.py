"""The parts' structure trees as one: ``merge_structure``.

Each part's PDF is tagged on its own (a ``Document`` element over its own elements, a
parent tree keyed by its pages and annotations). Joined, the elements of every part go
under one ``Document`` in the parts' order, which is the reading order; each page and each
annotation gets its key in one parent tree (pages first, as the engine numbers them, then
the annotations); IDs (header cells, notes) get their part's prefix so they stay unique,
with the header references that name them, and one ``IDTree`` indexes them.
"""

from __future__ import annotations

from typing import Any


def merge_structure(out: Any, sources: list[Any]) -> None:
    """``out``'s pages are the sources' pages in order (copied from them, so qpdf maps
    every reference to a source page onto its copy)."""
    import pikepdf

    from guide.render.parts.join import copied

    if any("/StructTreeRoot" not in source.Root for source in sources):
        return  # an untagged part: the joined document is untagged too
    document = out.make_indirect(
        pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name.Document, K=[])
    )
    pages_before = 0
    keyed: list[tuple[int, Any]] = []
    annotations: list[tuple[Any, Any]] = []
    for number, source in enumerate(sources):
        root = source.Root.StructTreeRoot
        flat = root.ParentTree.Nums
        old = {int(flat[i]): flat[i + 1] for i in range(0, len(flat) - 1, 2)}
        top = root.K[0] if isinstance(root.K, pikepdf.Array) else root.K
        for kid in top.K:
            element = copied(out, source, kid)
            element.P = document
            document.K.append(element)
            _prefix_ids(element, f"p{number}-")
        for local in range(len(source.pages)):
            page = out.pages[pages_before + local].obj
            if "/StructParents" in page:
                keyed.append(
                    (pages_before + local, copied(out, source, old[int(page.StructParents)]))
                )
                page.StructParents = pages_before + local
            for annotation in page.get("/Annots", []):
                if "/StructParent" in annotation:
                    annotations.append(
                        (annotation, copied(out, source, old[int(annotation.StructParent)]))
                    )
        pages_before += len(source.pages)
    for key, (annotation, owner) in enumerate(annotations, start=pages_before):
        annotation.StructParent = key
        keyed.append((key, owner))
    flat_tree = pikepdf.Array()
    for key, value in keyed:
        flat_tree.append(key)
        flat_tree.append(value)
    tree = out.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.StructTreeRoot,
            K=pikepdf.Array([document]),
            ParentTree=out.make_indirect(pikepdf.Dictionary(Nums=flat_tree)),
            ParentTreeNextKey=pages_before + len(annotations),
        )
    )
    document.P = tree
    ids = _ids(document)
    if ids:
        names = pikepdf.Array()
        for identifier in sorted(ids):
            names.append(pikepdf.String(identifier))
            names.append(ids[identifier])
        tree.IDTree = out.make_indirect(pikepdf.Dictionary(Names=names))
    out.Root.StructTreeRoot = tree


def _elements(top: Any) -> list[Any]:
    """``top`` and every structure element under it."""
    import pikepdf

    found, stack = [], [top]
    while stack:
        element = stack.pop()
        if not isinstance(element, pikepdf.Dictionary) or element.get("/Type") != "/StructElem":
            continue
        found.append(element)
        kids = element.get("/K")
        if isinstance(kids, pikepdf.Array):
            stack += list(kids)
        elif isinstance(kids, pikepdf.Dictionary):
            stack.append(kids)
    return found


def _prefix_ids(top: Any, prefix: str) -> None:
    import pikepdf

    for element in _elements(top):
        if "/ID" in element:
            element.ID = pikepdf.String(prefix + str(element.ID))
        attributes = element.get("/A")
        if isinstance(attributes, pikepdf.Dictionary) and "/Headers" in attributes:
            attributes.Headers = pikepdf.Array(
                [pikepdf.String(prefix + str(header)) for header in attributes.Headers]
            )


def _ids(document: Any) -> dict[str, Any]:
    return {str(e.ID): e for e in _elements(document) if "/ID" in e}
