"""The options of a build: where things are read from and written to, and what is made."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from guide import defaults


@dataclass(frozen=True)
class BuildOptions:
    """Where things are read from and written to; every field has the bundled default."""

    output_dir: Path = defaults.OUTPUT_DIR
    content_dir: Path = defaults.CONTENT_DIR
    templates_dir: Path = defaults.TEMPLATES_DIR
    styles_dir: Path = defaults.STYLES_DIR
    today: dt.date = field(default_factory=dt.date.today)
    time_limit: float | None = defaults.TIME_LIMIT_SECONDS
    max_age_days: int = defaults.MAX_AGE_DAYS
    handouts: bool = False
    booklet: bool = False
    formats: tuple[str, ...] = ("pdf",)  # of the learner guide: "pdf" and/or "html"

    @property
    def needs_engine(self) -> bool:
        """Whether anything asked for is a PDF (handouts need the guide's page numbers)."""
        return "pdf" in self.formats or self.handouts or self.booklet
