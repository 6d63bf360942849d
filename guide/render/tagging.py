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

from typing import Any

from guide.render.boxtags import Mending, element_at, index_ids, mend_page, number_of, pair_page


def _drop_decorative_figures(pdf: Any, root: Any) -> None:
    """Take every figure without alternative text out of the tree: an image with an empty
    ``alt`` is decoration (a Learn icon, a rule), so its content becomes an artifact too;
    ``guide check`` warns about a chapter's image that has none."""
    stack = list(root["K"])
    while stack:
        element = element_at(pdf, stack.pop())
        if element is None:
            continue
        kids = element.get("K", [])
        keep = []
        for kid in kids:
            child = element_at(pdf, kid)
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
        number = number_of(stack.pop())
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


def _scope_headers(pdf: Any, element: Any) -> None:
    """Give a header cell its ``Scope``: a column's in a table head, a row's elsewhere
    (the engine links cells to headers by ``Headers``, which not every reader follows)."""
    import pydyf

    row = element_at(pdf, element.get("P"))
    group = element_at(pdf, row.get("P")) if row is not None else None
    in_head = group is not None and group.get("S") == "/THead"
    attributes = element.get("A")
    if not hasattr(attributes, "get"):
        attributes = pydyf.Dictionary({"O": "/Table"})
        element["A"] = attributes
    attributes.setdefault("Scope", "/Column" if in_head else "/Row")


def _label_cells_and_links(pdf: Any, root: Any) -> None:
    """Header cells get their scope; a ``Link`` inside a link (the engine makes one of each
    ``::before`` and ``::after`` of an ``<a>``, such as a contents line's page number)
    becomes a ``Span``, and every element inside a link hands its annotations to that
    link (PDF/UA: an annotation belongs to a ``Link``), so a reader announces one link
    per contents line, not three."""
    nums = pdf.objects[number_of(root["ParentTree"])]["Nums"]
    position = {nums[i]: i + 1 for i in range(0, len(nums) - 1, 2)}
    stack: list[tuple[Any, Any]] = [(reference, None) for reference in root["K"]]
    while stack:
        reference, link = stack.pop()
        element = element_at(pdf, reference)
        if element is None:
            continue
        kids = list(element.get("K", []))
        if element.get("S") == "/TH":
            _scope_headers(pdf, element)
        elif element.get("S") == "/Link" and link is None:
            link = reference
        elif link is not None:  # inside a link: its annotations are the link's
            if element.get("S") == "/Link":
                element["S"] = "/Span"
            for kid in kids:
                annotation = _annotation(pdf, kid)
                if annotation is not None:
                    element["K"].remove(kid)
                    pdf.objects[number_of(link)]["K"].append(kid)
                    nums[position[annotation["StructParent"]]] = link
        stack += [(kid, link) for kid in kids]


def _annotation(pdf: Any, reference: Any) -> Any:
    """The annotation an object reference (``OBJR``) points to, or None for anything else."""
    number = number_of(reference)
    item = pdf.objects[number] if number is not None else None
    if item is None or not hasattr(item, "get") or item.get("Type") != "/OBJR":
        return None
    return pdf.objects[number_of(item["Obj"])]


def _mend_pages(document: Any, pdf: Any, root: Any) -> None:
    """What only the boxes tell (``boxtags``), page by page in reading order."""
    document_element = element_at(pdf, root["K"][0]) if root["K"] else None
    if document_element is None:
        return
    by_page: dict[Any, list[bytes]] = {}
    for reference in document_element["K"]:
        element = element_at(pdf, reference)
        if element is not None:
            by_page.setdefault(element.get("Pg"), []).append(reference)
    html = document.pages[0]._page_box.children if document.pages else []
    lang = html[0].element.get("lang") if html and html[0].element is not None else None
    state = Mending(document_element, lang)
    for number, page in enumerate(document.pages):
        elements = by_page.get(pdf.page_references[number], [])
        mend_page(pdf, pair_page(pdf, page, elements, state), state)


def furniture_as_artifacts(document: Any, pdf: Any, id_prefix: str = "") -> None:
    """WeasyPrint's finisher: the marked content of each page that no structure element
    under the root reaches is drawn as ``/Artifact``, and left out of the parent tree."""
    root_number = number_of(pdf.catalog.get("StructTreeRoot"))
    if root_number is None:
        return
    root = pdf.objects[root_number]
    _mend_pages(document, pdf, root)
    _drop_decorative_figures(pdf, root)
    _label_cells_and_links(pdf, root)
    index_ids(pdf, root, id_prefix)
    reachable = _reachable(pdf, root)
    parent_tree = pdf.objects[number_of(root["ParentTree"])]
    nums = parent_tree["Nums"]
    by_key: dict[Any, Any] = {nums[i]: nums[i + 1] for i in range(0, len(nums) - 1, 2)}
    for reference in pdf.page_references:
        page = pdf.objects[number_of(reference)]
        by_mcid = by_key.get(page.get("StructParents"))
        if by_mcid is None or isinstance(by_mcid, bytes):  # an annotation's, not a page's
            continue
        orphans = {
            mcid for mcid, element in enumerate(by_mcid) if number_of(element) not in reachable
        }
        if not orphans:
            continue
        stream = pdf.objects[number_of(page["Contents"])]
        stream.stream[:] = _as_artifacts(stream.stream, orphans)
        for mcid in orphans:
            by_mcid[mcid] = b"null"
