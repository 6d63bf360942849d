"""Same inputs, same bytes: two builds at different times, into different folders, as on a
fresh machine (no HarfBuzz-subset: WeasyPrint would subset with fontTools, which dates a
font by the clock; ``guide.render.subsetting`` subsets with uharfbuzz, dated as the font)."""

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
# it to None is a machine without the library.
BUILD_AS_ON_A_FRESH_MACHINE = """
import sys
import weasyprint.pdf.fonts
weasyprint.pdf.fonts.harfbuzz_subset = None
from guide.cli import main
try:
    main(["build", sys.argv[1], "-o", sys.argv[2], "--force", "--jobs", "1", "-q"])
except SystemExit as end:
    assert not end.code, end.code
"""


def build(org: Path, out: Path) -> Path:
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    result = subprocess.run(
        [sys.executable, "-c", BUILD_AS_ON_A_FRESH_MACHINE, str(org), str(out)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
        env={**env, "PYTHONPATH": str(ROOT)},
    )
    assert result.returncode == 0, result.stderr
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
    time.sleep(2)  # a font's date is in seconds
    second = build(org, tmp_path / "two")
    assert filecmp.cmp(first, second, shallow=False)
    bundled = {
        TTFont(font)["head"].modified for font in (defaults.STYLES_DIR / "fonts").glob("*.ttf")
    }
    assert font_dates(first) and font_dates(first) <= bundled  # each font keeps its own date
