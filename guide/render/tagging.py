"""What the engine's tagging leaves to finish: page furniture as artifacts.

WeasyPrint tags a PDF/UA document from the HTML's elements. The text of its page margins
(running heads, folios, the trainer band's words) it marks as content but leaves out of the
structure tree, where a validator finds content that is neither tagged nor an artifact.
``furniture_as_artifacts`` runs as the engine's finisher, on its PDF objects before they are
written (no second parse, no loss of its compression): it marks that text ``/Artifact``, as
PDF/UA asks for page furniture, and drops its entries from the parent tree. A screen reader
then reads the chapters, not "Page 3 of 42" between two paragraphs. Pictures with an empty
``alt`` (decoration, such as Learn's icons) become artifacts the same way, and a part in
another language than the document's (an English chapter in a French guide) is given its
``Lang``, which the engine does not write; what the page hides from readers
(``aria-hidden``, the DRAFT watermark) is an artifact too.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any


def _number(reference: Any) -> int | None:
    """The object number of a pydyf reference (``b"12 0 R"``), or None for anything else."""
    if isinstance(reference, bytes) and reference.endswith(b" R"):
        return int(reference.split()[0])
    return None


def _element(pdf: Any, reference: Any) -> Any:
    """The structure element ``reference`` points to, or None for anything else."""
    number = _number(reference)
    if number is None:
        return None
    element: Any = pdf.objects[number]
    return element if hasattr(element, "get") and element.get("Type") == "/StructElem" else None


def _drop_decorative_figures(pdf: Any, root: Any) -> None:
    """Take every figure without alternative text out of the tree: an image with an empty
    ``alt`` is decoration (a Learn icon, a rule), so its content becomes an artifact too;
    ``guide check`` warns about a chapter's image that has none."""
    stack = list(root["K"])
    while stack:
        element = _element(pdf, stack.pop())
        if element is None:
            continue
        kids = element.get("K", [])
        keep = []
        for kid in kids:
            child = _element(pdf, kid)
            if child is None or child.get("S") != "/Figure" or child.get("Alt"):
                keep.append(kid)
        if len(keep) != len(kids):
            kids[:] = keep
        stack += keep


def _reachable(pdf: Any, root: Any) -> set[int]:
    """The object numbers of every structure element under the tree's root."""
    seen: set[int] = set()
    stack = list(root["K"])
    while stack:
        number = _number(stack.pop())
        if number is None or number in seen:
            continue
        element = pdf.objects[number]
        if not hasattr(element, "get") or element.get("Type") != "/StructElem":
            continue
        seen.add(number)
        stack += list(element.get("K", []))
    return seen


def _as_artifacts(operations: list[Any], orphans: set[int]) -> list[Any]:
    """A page's operations with each marked-content start whose MCID is an orphan's turned
    into an artifact's (``/Span <</MCID 3>> BDC`` -> ``/Artifact BMC``)."""
    out: list[Any] = []
    index = 0
    while index < len(operations):
        item = operations[index]
        following = operations[index + 1 : index + 3]
        if (
            len(following) == 2
            and isinstance(item, str)
            and item.startswith("/")
            and hasattr(following[0], "get")
            and following[0].get("MCID") in orphans
            and following[1] == b"BDC"
        ):
            out += ["/Artifact", b"BMC"]
            index += 3
            continue
        out.append(item)
        index += 1
    return out


def _top_boxes(box: Any) -> Iterator[Any]:
    """The boxes of a page that the engine's tagging makes its page-level structure
    elements from, in its order (``weasyprint.pdf.tags._build_box_tree``'s first cases)."""
    from weasyprint.formatting_structure import boxes
    from weasyprint.layout.absolute import AbsolutePlaceholder

    if isinstance(box, AbsolutePlaceholder):
        box = box._box
    tag = None if box.element is None else box.element_tag
    if tag in ("html", "body") or isinstance(box, boxes.PageBox):
        if isinstance(box, boxes.ParentBox) and not isinstance(box, boxes.LineBox):
            for child in box.children:
                yield from _top_boxes(child)
            return
    elif isinstance(box, boxes.MarginBox):
        return
    yield box


def _page_level(document: Any, pdf: Any, root: Any) -> None:
    """Give each page-level element of a part in another language than the document's (an
    English chapter in a French guide: ``<section lang="en">``) its ``Lang``, and take out
    of the tree those the page hides from readers (``aria-hidden``: the DRAFT watermark),
    so their content becomes an artifact."""
    import pydyf

    document_element = _element(pdf, root["K"][0]) if root["K"] else None
    if document_element is None:
        return
    by_page: dict[Any, list[Any]] = {}
    for reference in document_element["K"]:
        element = _element(pdf, reference)
        if element is not None:
            by_page.setdefault(element.get("Pg"), []).append((reference, element))
    hidden: set[Any] = set()
    for number, page in enumerate(document.pages):
        html = page._page_box.children[0] if page._page_box.children else None
        main = html.element.get("lang") if html is not None and html.element is not None else None
        boxes = list(_top_boxes(page._page_box))
        elements = by_page.get(pdf.page_references[number], [])
        if len(boxes) != len(elements):  # not the engine's order after all: guess nothing
            continue
        for box, (reference, element) in zip(boxes, elements, strict=True):
            attributes = box.element if box.element is not None else {}
            if attributes.get("aria-hidden") == "true":
                hidden.add(reference)
            lang = attributes.get("lang")
            if lang and lang != main:
                element["Lang"] = pydyf.String(lang)
    if hidden:
        document_element["K"][:] = [k for k in document_element["K"] if k not in hidden]


def _scope_headers(pdf: Any, root: Any) -> None:
    """Give every header cell its ``Scope``: a column's in a table head, a row's elsewhere
    (the engine links cells to headers by ``Headers``, which not every reader follows)."""
    import pydyf

    stack = list(root["K"])
    while stack:
        element = _element(pdf, stack.pop())
        if element is None:
            continue
        stack += list(element.get("K", []))
        if element.get("S") != "/TH":
            continue
        row = _element(pdf, element.get("P"))
        group = _element(pdf, row.get("P")) if row is not None else None
        in_head = group is not None and group.get("S") == "/THead"
        attributes = element.get("A")
        if not hasattr(attributes, "get"):
            attributes = pydyf.Dictionary({"O": "/Table"})
            element["A"] = attributes
        attributes.setdefault("Scope", "/Column" if in_head else "/Row")


def furniture_as_artifacts(document: Any, pdf: Any) -> None:
    """WeasyPrint's finisher: the marked content of each page that no structure element
    under the root reaches is drawn as ``/Artifact``, and left out of the parent tree."""
    root_number = _number(pdf.catalog.get("StructTreeRoot"))
    if root_number is None:
        return
    root = pdf.objects[root_number]
    _page_level(document, pdf, root)
    _drop_decorative_figures(pdf, root)
    _scope_headers(pdf, root)
    reachable = _reachable(pdf, root)
    parent_tree = pdf.objects[_number(root["ParentTree"])]
    nums = parent_tree["Nums"]
    by_key: dict[Any, Any] = {nums[i]: nums[i + 1] for i in range(0, len(nums) - 1, 2)}
    for reference in pdf.page_references:
        page = pdf.objects[_number(reference)]
        by_mcid = by_key.get(page.get("StructParents"))
        if by_mcid is None or isinstance(by_mcid, bytes):  # an annotation's, not a page's
            continue
        orphans = {
            mcid for mcid, element in enumerate(by_mcid) if _number(element) not in reachable
        }
        if not orphans:
            continue
        stream = pdf.objects[_number(page["Contents"])]
        stream.stream[:] = _as_artifacts(stream.stream, orphans)
        for mcid in orphans:
            by_mcid[mcid] = b"null"
