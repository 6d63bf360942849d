"""Which structure element the engine made from which box, and what only the box can tell.

WeasyPrint builds a page's structure elements from its boxes, one element per box in the
boxes' order, but keeps no link from one to the other. ``pair_page`` finds them again by
walking both trees side by side, and stops where the two do not line up (a nested list,
which the engine re-parents; a table's captions, which it moves): there it pairs nothing
rather than guess. From the pairs, ``mend_page`` does what the HTML says and the engine
does not write:

- ``lang`` that differs from its parent's (an English chapter in a French guide, and the
  French words of that chapter's heading and facts box) becomes the element's ``Lang``;
- what the page hides from readers (``aria-hidden``: the DRAFT watermark) leaves the tree,
  so its content becomes an artifact;
- footnotes (the printed addresses of links, Markdown footnotes) become ``Note`` elements
  with an ``ID``, their numbers ``Lbl``, their calls ``Reference``; each note is moved from
  the foot of the page to just after its call, where a screen reader should read it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any


def number_of(reference: Any) -> int | None:
    """The object number of a pydyf reference (``b"12 0 R"``), or None for anything else."""
    if isinstance(reference, bytes) and reference.endswith(b" R"):
        return int(reference.split()[0])
    return None


def element_at(pdf: Any, reference: Any) -> Any:
    """The structure element ``reference`` points to, or None for anything else."""
    number = number_of(reference)
    if number is None:
        return None
    element: Any = pdf.objects[number]
    return element if hasattr(element, "get") and element.get("Type") == "/StructElem" else None


def top_boxes(box: Any) -> Iterator[Any]:
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
                yield from top_boxes(child)
            return
    elif isinstance(box, boxes.MarginBox):
        return
    yield box


@dataclass
class Pair:
    box: Any
    reference: bytes
    element: Any
    parent: Any  # the structure element whose K lists it
    lang: str | None  # the language the box's text is in


@dataclass
class Mending:
    """What ``mend_page`` carries from one page to the next."""

    document: Any  # the /Document element, the page-level elements' parent
    lang: str | None  # the document's language
    calls: dict[int, Pair] = field(default_factory=dict)  # id(html element) -> its call
    count: int = 0


def _child_boxes(box: Any) -> list[Any]:
    """A box's children as the engine makes elements of them: lines opened, text left out
    (its marked content hangs under the parent as a text-only ``Span``)."""
    from weasyprint.formatting_structure import boxes
    from weasyprint.layout.absolute import AbsolutePlaceholder

    if not isinstance(box, boxes.ParentBox):
        return []
    found = []
    for child in box.children:
        for grandchild in child.children if isinstance(child, boxes.LineBox) else [child]:
            if isinstance(grandchild, AbsolutePlaceholder):
                grandchild = grandchild._box
            if not isinstance(grandchild, boxes.TextBox):
                found.append(grandchild)
    return found


def _text_only(element: Any) -> bool:
    kids = element.get("K", [])
    return element.get("S") == "/Span" and bool(kids) and all(isinstance(k, int) for k in kids)


def _expected(box: Any) -> str:
    from weasyprint.pdf.tags import _get_pdf_tag

    return "/" + str(_get_pdf_tag(None if box.element is None else box.element_tag))


def _lang(box: Any, inherited: str | None) -> str | None:
    element = box.element
    return (element.get("lang") or inherited) if element is not None else inherited


def _pairs(pdf: Any, boxes: list[Any], parent: Any, inherited: str | None) -> Iterator[Pair]:
    """Each box with its element under ``parent``, and theirs below, while the trees agree."""
    kids = []
    for reference in parent.get("K", []):
        element = element_at(pdf, reference)
        if element is not None and not _text_only(element):
            kids.append((reference, element))
    if len(kids) != len(boxes):
        return
    for box, (_, element) in zip(boxes, kids, strict=True):
        if element.get("S") not in (_expected(box), "/NonStruct", "/LBody"):
            return
    for box, (reference, element) in zip(boxes, kids, strict=True):
        lang = _lang(box, inherited)
        yield Pair(box, reference, element, parent, lang)
        yield from _pairs(pdf, _child_boxes(box), element, lang)


def pair_page(pdf: Any, page: Any, page_elements: list[bytes], state: Mending) -> list[Pair]:
    """The pairs of one page: its page-level boxes (``top_boxes``) with the elements the
    engine put under the document for it, and everything below them that lines up."""
    shell = {"K": page_elements}
    pairs = list(_pairs(pdf, list(top_boxes(page._page_box)), shell, state.lang))
    for pair in pairs:
        if pair.parent is shell:
            pair.parent = state.document
    return pairs


def _retag_footnote(pdf: Any, pair: Pair, state: Mending) -> None:
    import pydyf

    state.count += 1
    pair.element["S"] = "/Note"
    pair.element["ID"] = pydyf.String(f"note-{state.count}")
    for reference in pair.element.get("K", []):
        kid = element_at(pdf, reference)
        if kid is not None and kid.get("S") == "/NonStruct":
            kid["S"] = "/Lbl"  # the note's number, drawn by ::footnote-marker
            break
    call = state.calls.get(id(pair.box.element))
    if call is None:
        return
    siblings = call.parent["K"]
    pair.parent["K"].remove(pair.reference)
    position = siblings.index(call.reference) + 1
    while position < len(siblings):  # after any earlier piece of the same note
        later = element_at(pdf, siblings[position])
        if later is None or later.get("S") != "/Note" or later is pair.element:
            break
        position += 1
    siblings.insert(position, pair.reference)
    pair.element["P"] = call.element.get("P")


def mend_page(pdf: Any, pairs: list[Pair], state: Mending) -> None:
    """Languages, hidden parts and footnotes of one page's pairs, as the module says."""
    import pydyf
    from weasyprint.formatting_structure import boxes

    parent_lang: dict[int, str | None] = {id(state.document): state.lang}
    for pair in pairs:
        parent_lang[id(pair.element)] = pair.lang
        if pair.lang and pair.lang != parent_lang.get(id(pair.parent), pair.lang):
            pair.element["Lang"] = pydyf.String(pair.lang)
    by_element = {id(pair.element): pair for pair in pairs}
    for pair in pairs:
        element = pair.box.element
        tag = "" if element is None else pair.box.element_tag
        if element is not None and element.get("aria-hidden") == "true":
            if pair.reference in pair.parent["K"]:
                pair.parent["K"].remove(pair.reference)
        elif tag.endswith("::footnote-call"):
            pair.element["S"] = "/Reference"
            state.calls[id(element)] = pair
        elif isinstance(pair.box, boxes.FootnoteAreaBox):
            for reference in list(pair.element["K"]):
                note = element_at(pdf, reference)
                if note is not None and id(note) in by_element:
                    _retag_footnote(pdf, by_element[id(note)], state)
            if not pair.element["K"] and pair.reference in pair.parent["K"]:
                pair.parent["K"].remove(pair.reference)


def index_ids(pdf: Any, root: Any, prefix: str = "") -> None:
    """The structure root's ``IDTree``: every element with an ``ID`` (notes, header
    cells), as PDF requires when elements carry identifiers; each ID (and each header
    cell's name in a cell's ``Headers``) starts with ``prefix``, so that the IDs of parts
    rendered apart stay unique once joined (``guide.render.parts``)."""
    import pydyf

    named: list[tuple[bytes, Any]] = []
    for item in pdf.objects:
        if not hasattr(item, "get") or item.get("Type") != "/StructElem":
            continue
        attributes = item.get("A")
        if prefix and hasattr(attributes, "get") and "Headers" in attributes:
            headers = [pydyf.String(prefix + str(h.string)) for h in attributes["Headers"]]
            attributes["Headers"] = pydyf.Array(headers)
        if "ID" in item:
            item["ID"] = pydyf.String(prefix + str(item["ID"].string))
            named.append((str(item["ID"].string).encode(), item.reference))
    if not named:
        return
    names = pydyf.Array()
    for key, reference in sorted(named):
        names += [pydyf.String(key.decode()), reference]
    tree = pydyf.Dictionary({"Names": names})
    pdf.add_object(tree)
    root["IDTree"] = tree.reference
