"""Microsoft Learn includes: ``[!INCLUDE [title](path)]`` lines replaced by the file's body.

Paths are relative to the including file and must stay inside the content roots; cycles,
missing files and deep nesting are errors at the line of the include. Included files may
carry their own front matter (Learn's include files do), which is dropped.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from guide.errors import input_error
from guide.yamlfile import read_text

INCLUDE = re.compile(
    r"^[ \t]*\[!INCLUDE[ \t]*\[[^\]]*\]\((?P<path>[^)\s]+)\)\][ \t]*$", re.IGNORECASE
)
MAX_DEPTH = 8
MAX_INCLUDED_BYTES = 2_000_000


def strip_front_matter(text: str) -> str:
    lines = text.splitlines(keepends=True)
    if lines and lines[0].strip() == "---":
        for index in range(1, len(lines)):
            if lines[index].strip() == "---":
                return "".join(lines[index + 1 :])
    return text


def expand_includes(
    text: str,
    file: Path,
    roots: Sequence[Path],
    first_line: int = 1,
    chain: tuple[Path, ...] = (),
    read: list[Path] | None = None,
) -> str:
    """``text`` (read from ``file``) with every include line replaced, recursively; the
    files included are added to ``read``."""
    chain = (*chain, file.resolve())
    allowed = [root.resolve() for root in roots]
    lines = text.splitlines(keepends=True)
    for index, line in enumerate(lines):
        match = INCLUDE.match(line)
        if not match:
            continue
        at = first_line + index
        target = (file.parent / match["path"]).resolve()
        if not any(target.is_relative_to(root) for root in allowed):
            raise input_error(
                file, f"include '{match['path']}' is outside the content folders", line=at
            )
        if target in chain:
            cycle = " -> ".join(path.name for path in (*chain, target))
            raise input_error(file, f"include cycle: {cycle}", line=at)
        if len(chain) > MAX_DEPTH:
            raise input_error(file, f"includes nested more than {MAX_DEPTH} deep", line=at)
        if not target.is_file():
            raise input_error(file, f"included file '{match['path']}' not found", line=at)
        body = strip_front_matter(read_text(target, MAX_INCLUDED_BYTES))
        if read is not None:
            read.append(target)
        expanded = expand_includes(body, target, roots, 1, chain, read)
        lines[index] = expanded if expanded.endswith("\n") else expanded + "\n"
    return "".join(lines)
