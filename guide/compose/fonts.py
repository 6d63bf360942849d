"""Which characters the guide can print: the bundled fonts plus the fonts installed here.

WeasyPrint falls back to any installed font for a character the bundled font lacks; when no
font has it, the page shows an empty box. This module finds such characters before rendering,
so the tool can name the text instead of printing boxes.
"""

from __future__ import annotations

import functools
import subprocess
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from guide import defaults

#: Debian packages that cover the scripts trainers ask for most.
FONT_PACKAGES = (
    "fonts-noto-core (Arabic, Hebrew and more) or fonts-noto-cjk (Chinese, Japanese, Korean)"
)


def _bundled_files() -> list[Path]:
    return sorted((defaults.STYLES_DIR / "fonts").glob("*.ttf"))


def _installed_files() -> list[Path]:
    try:
        listing = subprocess.run(
            ["fc-list", "--format", "%{file}\\n"], capture_output=True, text=True, timeout=20
        ).stdout
    except (OSError, subprocess.SubprocessError):
        listing = ""
    return [Path(line) for line in listing.splitlines() if line.strip()]


@functools.cache
def _coverage(files: tuple[Path, ...]) -> frozenset[int]:
    """The characters the fonts in ``files`` map (each face of a collection), as HarfBuzz
    reads their ``cmap``: the engine's own reading, and a fifth of fontTools' time, which a
    build would spend before its first layout. A file that is no font covers nothing."""
    import uharfbuzz as hb

    covered: set[int] = set()
    for file in files:
        try:
            blob = hb.Blob.from_file_path(str(file))
        except (OSError, hb.HarfBuzzError):  # gone, or unreadable
            continue
        faces = hb.Face(blob).count
        for index in range(faces):
            covered.update(hb.Face(blob, index).unicodes)
    return frozenset(covered)


def unprintable(text: str, font_files: Iterable[Path] | None = None) -> list[str]:
    """The characters of ``text`` that no available font can show (spaces and marks aside).

    The bundled fonts are tried first; installed fonts are read only when they lack something.
    """
    candidates = [
        char
        for char in dict.fromkeys(text)
        if not char.isspace() and unicodedata.category(char) not in {"Mn", "Cf"}
    ]
    if font_files is not None:
        covered = _coverage(tuple(font_files))
        return [char for char in candidates if ord(char) not in covered]
    bundled = _coverage(tuple(_bundled_files()))
    candidates = [char for char in candidates if ord(char) not in bundled]
    if not candidates:
        return []
    installed = _coverage(tuple(_installed_files()))
    return [char for char in candidates if ord(char) not in installed]


def describe_missing(chars: list[str]) -> str:
    shown = ", ".join(f"'{char}' (U+{ord(char):04X})" for char in chars[:5])
    more = f" and {len(chars) - 5} more" if len(chars) > 5 else ""
    return f"no installed font can show {shown}{more}; install {FONT_PACKAGES}"
