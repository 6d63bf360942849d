"""Same inputs, same bytes: two builds at different times, into different folders, with the
fontTools subsetter that WeasyPrint uses where HarfBuzz-subset (libharfbuzz-subset0) is
missing. It is forced here, so the test covers that path on machines that have the library."""

from __future__ import annotations

import filecmp
import os
import subprocess
import sys
import time
from io import BytesIO
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from guide import defaults
from tests.conftest import GOOD

ROOT = Path(__file__).resolve().parents[2]

# WeasyPrint picks its subsetter by whether it loaded HarfBuzz-subset (pdf/fonts.py reads
# the module's `harfbuzz_subset`); with the engine loaded in-process (`--jobs 1`), setting
# it to None makes every render subset with fontTools, as on a machine without the library.
BUILD_WITH_FONTTOOLS = """
import logging, sys
import weasyprint.pdf.fonts
weasyprint.pdf.fonts.harfbuzz_subset = None
said = []
class Said(logging.Handler):
    def emit(self, record):
        said.append(record.getMessage())
logging.getLogger("weasyprint").addHandler(Said())
from guide.cli import main
try:
    main(["build", sys.argv[1], "-o", sys.argv[2], "--force", "--jobs", "1", "-q"])
except SystemExit as end:
    assert not end.code, end.code
print(sum("Using fontTools instead of HarfBuzz-Subset" in m for m in said))
"""


def build(org: Path, out: Path) -> Path:
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    result = subprocess.run(
        [sys.executable, "-c", BUILD_WITH_FONTTOOLS, str(org), str(out)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
        env={**env, "PYTHONPATH": str(ROOT)},
    )
    assert result.returncode == 0, result.stderr
    assert int(result.stdout.split()[-1]) > 0, "the fontTools subsetter was not used"
    return out / org.stem / defaults.PDF_NAME


def font_dates(pdf: Path) -> set[int]:
    """``head.modified`` of every font embedded in ``pdf``."""
    dates = set()
    for page in PdfReader(pdf).pages:
        for font in page["/Resources"]["/Font"].values():
            for descendant in font.get_object().get("/DescendantFonts", []):
                descriptor = descendant.get_object()["/FontDescriptor"]
                data = descriptor["/FontFile2"].get_data()
                dates.add(TTFont(BytesIO(data))["head"].modified)
    return dates


@pytest.mark.slow
def test_two_builds_at_different_times_give_the_same_bytes(tmp_path: Path) -> None:
    org = tmp_path / "acme.yaml"
    org.write_text(GOOD, encoding="utf-8")
    first = build(org, tmp_path / "one")
    time.sleep(2)  # fontTools' dates are in seconds
    second = build(org, tmp_path / "two")
    assert filecmp.cmp(first, second, shallow=False)
    bundled = {
        TTFont(font)["head"].modified for font in (defaults.STYLES_DIR / "fonts").glob("*.ttf")
    }
    assert font_dates(first) and font_dates(first) <= bundled  # each font keeps its own date
