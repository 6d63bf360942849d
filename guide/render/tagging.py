"""What the engine's tagging leaves to finish: page furniture as artifacts.

WeasyPrint tags a PDF/UA document from the HTML's elements. The text of its page margins
(running heads, folios, the trainer band's words) it marks as content but leaves out of the
structure tree, where a validator finds content that is neither tagged nor an artifact.
``furniture_as_artifacts`` runs as the engine's finisher, on its PDF objects before they are
written (no second parse, no loss of its compression): it marks that text ``/Artifact``, as
PDF/UA asks for page furniture, and drops its entries from the parent tree. A screen reader
then reads the chapters, not "Page 3 of 42" between two paragraphs. Pictures with an empty
``alt`` (decoration, such as Learn's icons) become artifacts the same way.
"""

from __future__ import annotations

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


def furniture_as_artifacts(document: Any, pdf: Any) -> None:
    """WeasyPrint's finisher: the marked content of each page that no structure element
    under the root reaches is drawn as ``/Artifact``, and left out of the parent tree."""
    root_number = _number(pdf.catalog.get("StructTreeRoot"))
    if root_number is None:
        return
    root = pdf.objects[root_number]
    _drop_decorative_figures(pdf, root)
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
