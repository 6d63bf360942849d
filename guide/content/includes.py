"""Microsoft Learn includes: ``[!INCLUDE [title](path)]`` lines replaced by the file's body.

Paths are relative to the including file (or, as ``~/...``, to the docset: ``docset_paths``)
and must stay inside the content roots; cycles, missing files, deep nesting and a result over
the chapter's size limit are errors at the line of the include. Included files may carry
their own front matter (Learn's include files do), which is dropped. The result comes with a
``LineMap``: where each of its lines is in the files the reader edits.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from guide.content.confine import inside, outside
from guide.content.docset_paths import resolve_source
from guide.content.linemap import LineMap, Span, SpanBuilder
from guide.content.yamlfile import read_text, split_front_matter
from guide.errors import InputError, input_error

INCLUDE = re.compile(
    r"^[ \t]*\[!INCLUDE[ \t]*\[[^\]]*\]\((?P<path>[^)\s]+)\)\][ \t]*$", re.IGNORECASE
)
MAX_DEPTH = 8
MAX_INCLUDED_BYTES = 2_000_000
MAX_EXPANDED_BYTES = 2_000_000  # a chapter's limit, after its includes


class _TooLarge(Exception):
    """The expansion passed the limit; reported at the chapter's line that led there."""


@dataclass(frozen=True)
class _Expanded:
    text: str
    size: int  # bytes, as UTF-8
    files: tuple[Path, ...]  # the files included, at any depth
    spans: tuple[Span, ...] = ()  # where its lines come from


class _Expander:
    """Expands includes within ``roots``, stopping as soon as the text passes ``limit``.

    A file is expanded once per depth and reused: files that include each other many times
    over cost their distinct lines, not the size of the result."""

    def __init__(self, roots: Sequence[Path], limit: int) -> None:
        self.roots = roots
        self.limit = limit
        self.done: dict[tuple[Path, int], _Expanded] = {}

    def expand(self, text: str, file: Path, first_line: int, chain: tuple[Path, ...]) -> _Expanded:
        chain = (*chain, file.resolve())
        pieces: list[str] = []
        files: list[Path] = []
        size = 0
        lines = SpanBuilder()
        for index, line in enumerate(text.splitlines(keepends=True)):
            at = first_line + index
            match = INCLUDE.match(line)
            try:
                if match:
                    included = self.include(match["path"], file, at, chain)
                    files += included.files
                    piece, piece_size = included.text, included.size
                    if not piece.endswith("\n"):
                        piece, piece_size = piece + "\n", piece_size + 1
                    lines.add_spans(included.spans, len(piece.splitlines()), file, at)
                else:
                    piece, piece_size = line, len(line.encode("utf-8"))
                    lines.add_line(file, at)
                size += piece_size
                if size > self.limit:
                    raise _TooLarge
            except _TooLarge:
                if len(chain) > 1:
                    raise
                raise input_error(
                    file,
                    f"with its includes expanded the chapter is over {self.limit} bytes, the "
                    "limit; include fewer or smaller files",
                    line=at,
                ) from None
            pieces.append(piece)
        return _Expanded("".join(pieces), size, tuple(dict.fromkeys(files)), tuple(lines.spans))

    def include(self, name: str, file: Path, at: int, chain: tuple[Path, ...]) -> _Expanded:
        target = resolve_source(name, file, self.roots)
        if not inside(target, self.roots):
            raise input_error(file, outside(f"include '{name}'", self.roots), line=at)
        if target in chain:
            cycle = " -> ".join(path.name for path in (*chain, target))
            raise input_error(file, f"include cycle: {cycle}", line=at)
        if len(chain) > MAX_DEPTH:
            raise input_error(file, f"includes nested more than {MAX_DEPTH} deep", line=at)
        key = (target, len(chain))
        if key not in self.done:
            if not target.exists():
                raise input_error(file, f"included file '{name}' not found", line=at)
            try:
                text = read_text(target, MAX_INCLUDED_BYTES)
            except InputError as error:
                reason = error.problems[0].message
                raise input_error(file, f"included file '{name}': {reason}", line=at) from None
            front_matter = split_front_matter(text)
            closed = front_matter is not None and front_matter.closed
            body = front_matter.body if front_matter and closed else text
            first_line = front_matter.body_first_line if front_matter and closed else 1
            expanded = self.expand(body, target, first_line, chain)
            self.done[key] = _Expanded(
                expanded.text, expanded.size, (target, *expanded.files), expanded.spans
            )
        return self.done[key]


def expand_includes(
    text: str,
    file: Path,
    roots: Sequence[Path],
    first_line: int = 1,
    read: list[Path] | None = None,
    limit: int = MAX_EXPANDED_BYTES,
) -> tuple[str, LineMap]:
    """``text`` (read from ``file``, starting at ``first_line``) with every include line
    replaced, recursively, and where each of its lines comes from; the files included are
    added to ``read``. The result may not pass ``limit`` bytes, checked as it grows."""
    expanded = _Expander(roots, limit).expand(text, file, first_line, ())
    if read is not None:
        read.extend(expanded.files)
    return expanded.text, LineMap(expanded.spans)
