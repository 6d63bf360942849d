"""What a screen reader and a PDF/UA validator see in a PDF: its structure tree, read with pypdf.

``read_structure`` walks the tree from ``StructTreeRoot`` in order and returns a plain
record: the elements (type, depth, alternative text, language), the text of each piece of
marked content in structure order (what a screen reader reads), the text drawn as
``/Artifact`` (running heads, folios, decoration: read by no one), and the text that is
neither (a fault: content a reader can reach only by drawing order).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from typing import Any

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NumberObject

HEADING = re.compile(r"^/H([1-6])$")


@dataclass
class Element:
    kind: str  # the structure type, e.g. "/H1", "/Figure"
    depth: int
    alt: str | None = None
    lang: str | None = None
    scope: str | None = None  # a header cell's /Scope (/Column, /Row)
    id: str | None = None  # its /ID (notes, header cells)
    text: str = ""  # the marked content directly under it, in order


@dataclass
class Structure:
    marked: bool
    lang: str | None
    title: str | None
    shows_title: bool
    ua_part: str | None  # pdfuaid:part in the XMP metadata
    pdfa: str | None  # pdfaid:part and conformance, e.g. "3U"
    output_intent: bool = False  # an output intent (PDF/A's colour space for the page)
    fonts: dict[str, bool] = field(default_factory=dict)  # font -> embedded
    attachments: dict[str, str] = field(default_factory=dict)  # file -> AFRelationship
    ids: set[str] = field(default_factory=set)  # the keys of the structure root's IDTree
    link_owners: list[str] = field(default_factory=list)  # per link annotation: its element
    elements: list[Element] = field(default_factory=list)
    artifacts: list[str] = field(default_factory=list)  # text drawn as /Artifact, per page
    untagged: list[str] = field(default_factory=list)  # text neither reachable nor artifact

    @property
    def reading(self) -> list[str]:
        """The text in structure order, an element's marked content at a time."""
        return [element.text for element in self.elements if element.text.strip()]

    def text_under(self, index: int) -> str:
        """The text of element ``index`` and of every element under it."""
        parts = [self.elements[index].text]
        for later in self.elements[index + 1 :]:
            if later.depth <= self.elements[index].depth:
                break
            parts.append(later.text)
        return "".join(parts)

    def headings(self) -> list[int]:
        return [int(m[1]) for e in self.elements if (m := HEADING.match(e.kind))]

    def of(self, kind: str) -> list[Element]:
        return [element for element in self.elements if element.kind == kind]


class _Marks:
    """One page's text, sorted by the marked-content sequence it is drawn in."""

    def __init__(self, index: int, by_mcid: dict[tuple[int, int], list[str]]) -> None:
        self.index, self.by_mcid = index, by_mcid
        self.stack: list[Any] = []  # per open sequence: its MCID, "artifact" or None
        self.artifacts: list[str] = []

    def before(self, operator: bytes, operands: list[Any], cm: Any, tm: Any) -> None:
        if operator == b"BDC":
            tag, properties = operands[0], operands[1]
            mcid = properties.get("/MCID") if isinstance(properties, dict) else None
            self.stack.append("artifact" if tag == "/Artifact" else mcid)
        elif operator == b"BMC":
            self.stack.append("artifact" if operands[0] == "/Artifact" else None)
        elif operator == b"EMC" and self.stack:
            self.stack.pop()

    def text(self, content: str, cm: Any, tm: Any, font: Any, size: Any) -> None:
        if not content:
            return
        if "artifact" in self.stack:
            self.artifacts.append(content)
            return
        mcid = next((m for m in reversed(self.stack) if isinstance(m, int)), None)
        key = (self.index, -1 if mcid is None else int(mcid))
        self.by_mcid.setdefault(key, []).append(content)


def _marked_text(reader: PdfReader) -> tuple[dict[tuple[int, int], str], list[str]]:
    """Text per (page index, MCID), and the text drawn inside /Artifact sequences."""
    by_mcid: dict[tuple[int, int], list[str]] = {}
    artifacts: list[str] = []
    for index, page in enumerate(reader.pages):
        marks = _Marks(index, by_mcid)
        page.extract_text(visitor_operand_before=marks.before, visitor_text=marks.text)
        artifacts.append("".join(marks.artifacts))
    return {key: "".join(parts) for key, parts in by_mcid.items()}, artifacts


def _fonts(reader: PdfReader) -> dict[str, bool]:
    """Each font the pages use -> whether its program is embedded."""
    found: dict[str, bool] = {}
    for page in reader.pages:
        resources = page.get("/Resources") or {}
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            files = ("/FontFile", "/FontFile2", "/FontFile3")
            found[str(font.get("/BaseFont"))] = any(key in descriptor for key in files)
    return found


def _link_owners(reader: PdfReader, tree: Any) -> list[str]:
    """For each link annotation, the type of the structure element the parent tree gives
    it (PDF/UA: a ``Link``), or "" for one the tree does not know."""
    nums = (tree.get("/ParentTree") or {}).get("/Nums") or []
    owner = {int(nums[i]): nums[i + 1] for i in range(0, len(nums) - 1, 2)}
    found = []
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if annotation.get("/Subtype") != "/Link":
                continue
            element = owner.get(int(annotation.get("/StructParent", -1)))
            found.append(str(element.get_object().get("/S")) if element is not None else "")
    return found


def _text_of(value: Any) -> str | None:
    return None if value is None else str(value)


def read_structure(data: bytes) -> Structure:
    reader = PdfReader(io.BytesIO(data))
    root = reader.trailer["/Root"]
    mark_info = root.get("/MarkInfo")
    metadata = reader.xmp_metadata
    xml = metadata.stream.get_data().decode("utf-8", "replace") if metadata else ""
    ua = re.search(r"pdfuaid:part(?:>|=\")(\d)", xml)
    part = re.search(r"pdfaid:part(?:>|=\")(\d)", xml)
    conformance = re.search(r"pdfaid:conformance(?:>|=\")([A-Za-z])", xml)
    preferences = root.get("/ViewerPreferences") or {}
    structure = Structure(
        marked=bool(mark_info and mark_info.get("/Marked")),
        lang=_text_of(root.get("/Lang")),
        title=_text_of(reader.metadata.get("/Title")) if reader.metadata else None,
        shows_title=bool(preferences.get("/DisplayDocTitle")),
        ua_part=ua[1] if ua else None,
        pdfa=f"{part[1]}{conformance[1] if conformance else ''}" if part else None,
    )
    structure.output_intent = bool(root.get("/OutputIntents"))
    structure.fonts = _fonts(reader)
    for associated in root.get("/AF") or []:
        spec = associated.get_object()
        structure.attachments[str(spec.get("/F"))] = str(spec.get("/AFRelationship"))
    texts, structure.artifacts = _marked_text(reader)
    page_of = {page.indirect_reference.idnum: i for i, page in enumerate(reader.pages)}
    reached: set[tuple[int, int]] = set()
    tree = root.get("/StructTreeRoot")

    def walk(node: Any, depth: int, page: int | None) -> None:
        node = node.get_object()
        if not isinstance(node, DictionaryObject):
            return
        if "/Pg" in node:
            page = page_of.get(node.raw_get("/Pg").idnum, page)
        attributes = node.get("/A")
        scope = attributes.get("/Scope") if isinstance(attributes, DictionaryObject) else None
        element = Element(
            str(node.get("/S", "")),
            depth,
            _text_of(node.get("/Alt")),
            _text_of(node.get("/Lang")),
            _text_of(scope),
            _text_of(node.get("/ID")),
        )
        structure.elements.append(element)
        kids = node.get("/K")
        kids = kids if isinstance(kids, ArrayObject) else [] if kids is None else [kids]
        for kid in kids:
            if isinstance(kid, NumberObject | int) and page is not None:
                reached.add((page, int(kid)))
                element.text += texts.get((page, int(kid)), "")
            elif isinstance(kid, IndirectObject | DictionaryObject):
                child = kid.get_object()
                if isinstance(child, DictionaryObject) and child.get("/Type") == "/MCR":
                    mc_page = (
                        page_of.get(child.raw_get("/Pg").idnum, page) if "/Pg" in child else page
                    )
                    if mc_page is not None:
                        reached.add((mc_page, int(child["/MCID"])))
                        element.text += texts.get((mc_page, int(child["/MCID"])), "")
                elif isinstance(child, DictionaryObject) and child.get("/Type") != "/OBJR":
                    walk(child, depth + 1, page)

    if tree is not None:
        structure.link_owners = _link_owners(reader, tree.get_object())
        names = (tree.get_object().get("/IDTree") or {}).get("/Names") or []
        structure.ids = {str(names[i]) for i in range(0, len(names), 2)}
        for kid in tree.get_object().get("/K", []) or []:
            walk(kid, 0, None)
    structure.untagged = [
        text for key, text in texts.items() if key not in reached and text.strip()
    ]
    return structure
