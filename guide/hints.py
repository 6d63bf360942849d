"""Hints shown once per machine, when an optional system library would help.

A fresh machine has only what ``pip install`` brings. Everything works there; where a
system package would make builds faster, ``guide build`` says so once, after its summary,
and never again on that machine (the hints shown are recorded in the user's cache folder,
``platformdirs.user_cache_dir("guide")``). A hint that cannot be recorded is not shown, so
that it can never repeat at every build.
"""

from __future__ import annotations

import ctypes.util
from pathlib import Path

import platformdirs

#: Each optional library (as the system's loader names it) and what it would bring.
HINTS = {
    "harfbuzz-subset": (
        "hint: PDFs build about 8% faster with HarfBuzz's font subsetter, which WeasyPrint "
        "will require in a later version (Debian/Ubuntu: apt-get install libharfbuzz-subset0). "
        "This hint is shown once."
    ),
}
RECORD = "hints-shown"


def missing_libraries() -> list[str]:
    """The optional libraries of ``HINTS`` the system's loader cannot find."""
    return [name for name in HINTS if ctypes.util.find_library(name) is None]


def first_use_hints(cache_dir: Path | None = None) -> list[str]:
    """The hints for missing libraries not yet shown on this machine, recorded as shown."""
    folder = cache_dir or Path(platformdirs.user_cache_dir("guide"))
    record = folder / RECORD
    try:
        shown = set(record.read_text("utf-8").split()) if record.is_file() else set()
        if set(HINTS) <= shown:  # every hint said once: no need to look for libraries
            return []
        new = [name for name in missing_libraries() if name not in shown]
        if new:
            folder.mkdir(parents=True, exist_ok=True)
            record.write_text("\n".join(sorted(shown | set(new))) + "\n", "utf-8")
    except OSError:  # no cache folder to remember it in: better never than every time
        return []
    return [HINTS[name] for name in new]
