"""Subset fonts keep the date of the font they are cut from, whichever subsetter WeasyPrint
uses, so the same inputs give the same PDF bytes on any machine.

With HarfBuzz-subset (Debian/Ubuntu: libharfbuzz-subset0) a subset font keeps its
``head.modified`` date. Without it, WeasyPrint subsets with fontTools, which stamps the
current time there on saving (or ``SOURCE_DATE_EPOCH``, which the tool must not set for
everyone: it also dates the PDF). During a render, fontTools keeps the font's date too.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

_lock = threading.Lock()
_renders = 0  # renders under way in this process (the preview renders in a thread)
_compile: Callable[[Any, Any], bytes] | None = None


def _compile_keeping_date(table: Any, font: Any) -> bytes:
    assert _compile is not None
    recalc = font.recalcTimestamp
    font.recalcTimestamp = False  # (recalcBBoxes and the rest still apply)
    try:
        return _compile(table, font)
    finally:
        font.recalcTimestamp = recalc


@contextmanager
def fonts_keep_their_dates() -> Iterator[None]:
    """Within this block, fontTools writes a ``head`` table without changing its date."""
    global _renders, _compile
    from fontTools.ttLib.tables import _h_e_a_d

    table = _h_e_a_d.table__h_e_a_d
    with _lock:
        if _renders == 0:
            _compile = table.compile
            table.compile = _compile_keeping_date
        _renders += 1
    try:
        yield
    finally:
        with _lock:
            _renders -= 1
            if _renders == 0:
                table.compile = _compile
