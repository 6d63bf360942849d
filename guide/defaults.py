"""One home for defaults: where the bundled data lives and the values options fall back to."""

from __future__ import annotations

import re
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def _data_root() -> Path:
    """The folder holding templates/, content/, styles/ and orgs/.

    In a source checkout (or an editable install) they sit beside the package; an installed
    wheel carries a copy inside the package under ``_bundled``.
    """
    checkout = _PACKAGE_DIR.parent
    if (checkout / "templates").is_dir() and (checkout / "content").is_dir():
        return checkout
    return _PACKAGE_DIR / "_bundled"


DATA_ROOT = _data_root()
TEMPLATES_DIR = DATA_ROOT / "templates"
CONTENT_DIR = DATA_ROOT / "content"
STYLES_DIR = DATA_ROOT / "styles"
ORGS_DIR = DATA_ROOT / "orgs"
LOCALES_DIR = _PACKAGE_DIR / "locales"  # translations of the printed wording

OUTPUT_DIR = Path("build")
PDF_NAME = "guide.pdf"
HTML_NAME = "guide.html"
LOCALE = "en_GB"

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

#: A retirement this close to the training date is printed as a warning.
RETIREMENT_WARNING_DAYS = 180
TIME_LIMIT_SECONDS = 120.0

#: Content not reviewed for longer than this is reported as stale.
MAX_AGE_DAYS = 180
