"""Which PDF the engine writes: PDF/UA-1 for every document a reader opens, PDF/A when an
archival copy is asked for (tagged and identified as PDF/UA-1 too, which both standards
allow), with the files it embeds (PDF/A-3's associated files).
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

PDF_UA = "pdf/ua-1"


@dataclass(frozen=True)
class Attached:
    """A file embedded in the PDF (PDF/A-3's associated files): the organisation file, the
    plan. Dated by the training, so the same inputs still give the same bytes."""

    name: str
    data: bytes
    description: str
    dated: str  # ISO date and time
    relationship: str = "Source"


@dataclass(frozen=True)
class Archival:
    """The PDF/A level to write (None: plain PDF, or PDF/UA when tagged) and the files to
    embed."""

    standard: str | None = None
    attached: tuple[Attached, ...] = ()


#: PDF/UA-1's identification, with the schema PDF/A asks for any property it does not know.
PDF_UA_XMP = b"""<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
 xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
 xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
<pdfaProperty:name>part</pdfaProperty:name>
<pdfaProperty:valueType>Integer</pdfaProperty:valueType>
<pdfaProperty:category>internal</pdfaProperty:category>
<pdfaProperty:description>Part of ISO 14289 the document conforms to</pdfaProperty:description>
</rdf:li></rdf:Seq></pdfaSchema:property>
</rdf:li></rdf:Bag></pdfaExtension:schemas>
</rdf:Description>
<rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"
 pdfuaid:part="1"/>
</rdf:RDF>"""


def write(
    weasyprint: Any, document: Any, tagged: bool, archival: Archival, id_prefix: str = ""
) -> bytes:
    """The PDF of ``document``: PDF/UA-1 when ``tagged``; PDF/A when asked, tagged and
    identified as PDF/UA-1 too when ``tagged`` (both standards allow it)."""
    from guide.render.tagging import furniture_as_artifacts

    options: dict[str, Any] = {}
    if archival.standard:
        options.update(pdf_variant=archival.standard, pdf_tags=tagged)
        if tagged and PDF_UA_XMP not in document.metadata.xmp_metadata:
            document.metadata.xmp_metadata = [*document.metadata.xmp_metadata, PDF_UA_XMP]
    elif tagged:
        options.update(pdf_variant=PDF_UA)
    if archival.attached:
        options.update(attachments=[_attachment(weasyprint, a) for a in archival.attached])

    def finish(document: Any, pdf: Any) -> None:
        if tagged:
            furniture_as_artifacts(document, pdf, id_prefix)
        _each_file_once(pdf)

    return bytes(document.write_pdf(finisher=finish, **options))


def _each_file_once(pdf: Any) -> None:
    """The catalogue's associated files (``AF``) with each file listed once: the engine
    lists an embedded file both from the name tree and as a file specification."""
    listed = pdf.catalog.get("AF")
    if listed is not None:
        listed[:] = list(dict.fromkeys(listed))


def _attachment(weasyprint: Any, attached: Attached) -> Any:
    dated = dt.datetime.fromisoformat(attached.dated)
    return weasyprint.Attachment(
        file_obj=io.BytesIO(attached.data),
        name=attached.name,
        description=attached.description,
        created=dated,
        modified=dated,
        relationship=attached.relationship,
    )


#: No PDF/A, nothing embedded: what every build writes unless asked.
PLAIN = Archival()
