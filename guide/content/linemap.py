"""Where each line of a chapter's body came from, once its includes are spliced in.

A problem found in the expanded text (a missing image, a template error) is reported in the
file the reader edits: the included file and its line, or the chapter's own line after the
include. Runs of consecutive lines from one file are kept as one span, so a chapter without
includes is a single span.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple


class Span(NamedTuple):
    """``length`` lines from ``start`` (0-based, in the expanded text) are ``file``'s lines
    from ``line`` (1-based) on."""

    start: int
    file: Path
    line: int
    length: int


class SpanBuilder:
    """Collects spans line by line, joining consecutive lines of one file."""

    def __init__(self) -> None:
        self.spans: list[Span] = []
        self.lines = 0  # lines so far in the expanded text

    def add_line(self, file: Path, line: int) -> None:
        last = self.spans[-1] if self.spans else None
        if (
            last
            and last.file == file
            and last.line + last.length == line
            and (last.start + last.length == self.lines)
        ):
            self.spans[-1] = last._replace(length=last.length + 1)
        else:
            self.spans.append(Span(self.lines, file, line, 1))
        self.lines += 1

    def add_spans(self, spans: Iterable[Span], count: int, file: Path, line: int) -> None:
        """``count`` lines spliced in from ``spans`` (relative to their own text); lines
        they do not cover (an empty include) belong to ``file``'s ``line``."""
        at = self.lines
        shifted = [Span(start + at, file_, line_, n) for start, file_, line_, n in spans]
        self.spans += shifted or [Span(at, file, line, count)]
        self.lines += count


@dataclass(frozen=True)
class LineMap:
    """Lines of an expanded body -> (file, line) where the reader can edit them."""

    spans: tuple[Span, ...]

    def locate(self, line: int) -> tuple[Path, int] | None:
        """The origin of the expanded text's ``line`` (1-based), if it has one."""
        index = bisect.bisect_right(self.spans, line - 1, key=lambda span: span.start) - 1
        if index < 0:
            return None
        span = self.spans[index]
        offset = line - 1 - span.start
        if offset >= span.length:
            return None
        return span.file, span.line + offset
