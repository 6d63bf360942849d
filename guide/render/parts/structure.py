"""The parts' structure trees as one: ``merge_structure``.

Each part's PDF is tagged on its own (a ``Document`` element over its own elements, a
parent tree keyed by its pages and annotations). Joined, the elements of every part go
under one ``Document`` in the parts' order, which is the reading order; each page and each
annotation gets its key in one parent tree (pages first, as the engine numbers them, then
the annotations); the parts' ``IDTree``s (their IDs made unique by part when they were
written, ``PartJob.ids``) become one.
"""

from __future__ import annotations

from typing import Any


def merge_structure(out: Any, sources: list[Any]) -> None:
    """``out``'s pages are the sources' pages in order (copied from them, so qpdf maps
    every reference to a source page onto its copy)."""
    import pikepdf

    if any("/StructTreeRoot" not in source.Root for source in sources):
        return  # an untagged part: the joined document is untagged too
    document = out.make_indirect(
        pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name.Document, K=[])
    )
    pages_before = 0
    keyed: list[tuple[int, Any]] = []
    annotations: list[tuple[Any, Any]] = []
    named: list[tuple[bytes, Any]] = []
    for source in sources:
        root = source.Root.StructTreeRoot
        flat = root.ParentTree.Nums
        old = {int(flat[i]): flat[i + 1] for i in range(0, len(flat) - 1, 2)}
        top = root.K[0] if isinstance(root.K, pikepdf.Array) else root.K
        for kid in top.K:
            element = copied(out, source, kid)
            element.P = document
            document.K.append(element)
        ids = root.get("/IDTree")
        if ids is not None:
            flat_ids = ids.Names
            named += [
                (bytes(flat_ids[i]), copied(out, source, flat_ids[i + 1]))
                for i in range(0, len(flat_ids) - 1, 2)
            ]
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
    if named:
        names = pikepdf.Array()
        for identifier, element in sorted(named, key=lambda item: item[0]):
            names.append(pikepdf.String(identifier))
            names.append(element)
        tree.IDTree = out.make_indirect(pikepdf.Dictionary(Names=names))
    out.Root.StructTreeRoot = tree


def copied(out: Any, source: Any, value: Any) -> Any:
    """``value`` of ``source`` in ``out``: qpdf copies only indirect objects, so a direct
    one is made indirect in its file first (the objects it refers to come along)."""
    if not hasattr(value, "is_indirect") or value.is_indirect:
        return out.copy_foreign(value) if hasattr(value, "is_indirect") else value
    return out.copy_foreign(source.make_indirect(value))
