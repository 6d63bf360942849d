"""fontTools' font subsetter as the engine uses it, mended in two ways for the length of a
render (``subsetting_mended``). WeasyPrint subsets every embedded font with fontTools where
HarfBuzz-subset (Debian/Ubuntu: libharfbuzz-subset0) is missing, as on a fresh machine.

- **Dates.** fontTools stamps the current time (or ``SOURCE_DATE_EPOCH``, which the tool
  must not set for everyone: it also dates the PDF) in a subset's ``head.modified``;
  HarfBuzz keeps the font's own date. Here fontTools keeps it too, so the same inputs give
  the same PDF bytes on any machine.
- **Tables it drops.** fontTools 4.68 and later read and decode a font's GSUB and GPOS
  (``beyond64k._compact_layout_tables``) before the subset drops them, and WeasyPrint drops
  both (text in a PDF is shaped already). For Noto Sans that is three quarters of a
  subset's time: 0.11 s against 0.025 s, for each font of each document. Here they are
  dropped before the subset starts; the font written is byte for byte the same.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

#: The tables fontTools decodes before subsetting, whether or not it keeps them.
_DECODED_FIRST = ("GSUB", "GPOS")

_lock = threading.Lock()
_renders = 0  # renders under way in this process (the preview renders in a thread)
_originals: dict[str, Callable[..., Any]] = {}


def _compile_keeping_date(table: Any, font: Any) -> bytes:
    recalc = font.recalcTimestamp
    font.recalcTimestamp = False  # (recalcBBoxes and the rest still apply)
    try:
        return bytes(_originals["head.compile"](table, font))
    finally:
        font.recalcTimestamp = recalc


def _subset_without_dropped_tables(subsetter: Any, font: Any) -> None:
    options = subsetter.options
    dropped = [tag for tag in _DECODED_FIRST if tag in font and tag in options.drop_tables]
    if "GPOS" in dropped and "kern" in font and not options.legacy_kern:
        dropped.append("kern")  # dropped where GPOS is present: it is, until now
    for tag in dropped:
        del font[tag]
    _originals["subset"](subsetter, font)


@contextmanager
def subsetting_mended() -> Iterator[None]:
    """Within this block, fontTools keeps a subset font's date and does not read the
    tables it is asked to drop."""
    global _renders
    from fontTools import subset
    from fontTools.ttLib.tables import _h_e_a_d

    head, subsetter = _h_e_a_d.table__h_e_a_d, subset.Subsetter
    with _lock:
        if _renders == 0:
            _originals.update({"head.compile": head.compile, "subset": subsetter.subset})
            head.compile = _compile_keeping_date
            subsetter.subset = _subset_without_dropped_tables
        _renders += 1
    try:
        yield
    finally:
        with _lock:
            _renders -= 1
            if _renders == 0:
                head.compile = _originals["head.compile"]
                subsetter.subset = _originals["subset"]
