"""The options of a build: what is asked for, and where the inputs it shares live."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from guide import defaults


@dataclass(frozen=True)
class InputFolders:
    """Where the inputs every organisation shares live: the content (catalogue, chapters,
    glossary), the page templates and the stylesheets; each has the bundled default."""

    content_dir: Path = defaults.CONTENT_DIR
    templates_dir: Path = defaults.TEMPLATES_DIR
    styles_dir: Path = defaults.STYLES_DIR


@dataclass(frozen=True)
class BuildOptions:
    """What a build is asked for (where to write, for which day, under which limits, which
    editions and formats) and where its shared inputs live; every field has its default."""

    output_dir: Path = defaults.OUTPUT_DIR
    today: dt.date = field(default_factory=dt.date.today)
    time_limit: float | None = defaults.TIME_LIMIT_SECONDS
    max_age_days: int = defaults.MAX_AGE_DAYS
    #: Also report the bundled content's maintenance notes (``guide check --max-age``): they
    #: are for whoever maintains the content, not for a user building their guide.
    bundled_notes: bool = False
    handouts: bool = False
    booklet: bool = False
    #: A PDF/A level for every PDF (``--pdf-standard``), over the organisation file's
    #: ``archive.standard``; None: as the organisation file says (by default, none).
    pdf_standard: str | None = None
    attach: bool = False  # embed the organisation file and the plan (PDF/A-3)
    formats: tuple[str, ...] = ("pdf",)  # of the learner guide: "pdf" and/or "html"
    folders: InputFolders = field(default_factory=InputFolders)

    @property
    def needs_engine(self) -> bool:
        """Whether anything asked for is a PDF (handouts need the guide's page numbers)."""
        return "pdf" in self.formats or self.handouts or self.booklet
