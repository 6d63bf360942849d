"""Bounds on what a chapter's Jinja may build, so hostile content cannot fill the memory.

Each is checked before (or as) the data is made: text and lists from one expression
(``~``, ``+``, ``*``, ``join``, ``replace``) up to ``MAX_TEXT`` items, integers up to
``MAX_INT_BITS`` bits, and the text each ``{% set %}`` block, macro or ``{% call %}``
block gathers up to ``MAX_TEXT``, all of one chapter's together up to ``MAX_BUFFERED``.
``guide.compose.sandbox`` wires these into the chapter environment; a refusal is ``TooLarge``.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from jinja2.exceptions import SecurityError
from jinja2.runtime import markup_join

#: The longest text (or list) one expression may build: a chapter's size limit.
MAX_TEXT = 2_000_000
#: All the text one chapter's blocks and macros may gather, however often they are called.
MAX_BUFFERED = 20 * MAX_TEXT
#: The largest integer one expression may build (about 3000 decimal digits).
MAX_INT_BITS = 10_000


def _size(value: Any) -> int:
    return len(value) if isinstance(value, str | list | tuple) else 0


class TooLarge(SecurityError):
    """A chapter built (or was about to build) more data than any guide needs."""


def _too_long(size: int) -> TooLarge:
    return TooLarge(
        f"the chapter builds a text or list of {size:,} items; the limit is {MAX_TEXT:,}"
    )


def checked_join(parts: Any, markup: bool = False) -> str:
    """``a ~ b``, with the result's length checked before it is made; ``markup`` (where
    autoescape is on) escapes the parts that are not markup already, as Jinja's own ``~``."""
    parts = tuple(parts)
    size = sum(len(str(part)) for part in parts)
    if size > MAX_TEXT:
        raise _too_long(size)
    return markup_join(parts) if markup else "".join(map(str, parts))


def join_filter(value: Any, separator: str = "", attribute: Any = None) -> str:
    items = [str(item) for item in value]
    size = sum(map(len, items)) + max(len(items) - 1, 0) * len(str(separator))
    if size > MAX_TEXT:
        raise _too_long(size)
    return str(separator).join(items)


def replace_filter(value: Any, old: str, new: str, count: int | None = None) -> str:
    text, old, new = str(value), str(old), str(new)
    hits = text.count(old) if count is None else min(count, text.count(old))
    size = len(text) + hits * (len(new) - len(old))
    if size > MAX_TEXT:
        raise _too_long(size)
    return text.replace(old, new, -1 if count is None else count)


class _Budget(threading.local):
    """What the chapter being expanded on this thread has gathered in blocks so far."""

    spent = 0


_budget = _Budget()


@contextmanager
def gathering_budget() -> Iterator[None]:
    """A fresh ``MAX_BUFFERED`` allowance for the chapter expanded inside this block."""
    _budget.spent = 0
    try:
        yield
    finally:
        _budget.spent = 0


class BoundedBuffer(list[Any]):
    """Where a block or macro gathers its text: refused past ``MAX_TEXT`` (or the chapter's
    ``MAX_BUFFERED``) as it grows, before a silent loop can fill the memory."""

    size = 0

    def append(self, item: Any) -> None:
        self._spend(item)
        super().append(item)

    def extend(self, items: Iterable[Any]) -> None:
        items = list(items)
        for item in items:
            self._spend(item)
        super().extend(items)

    def _spend(self, item: Any) -> None:
        length = len(item) if isinstance(item, str) else 0
        self.size += length
        _budget.spent += length
        if self.size > MAX_TEXT:
            raise TooLarge(f"a block or macro gathers over {MAX_TEXT:,} characters")
        if _budget.spent > MAX_BUFFERED:
            raise TooLarge(
                f"the chapter's blocks and macros gather over {MAX_BUFFERED:,} characters"
            )


def check_binop(operator: str, left: Any, right: Any) -> None:
    """Refuse ``left operator right`` (``+``, ``*``, ``**``, ``%``) if its result would be
    too large, or ``%`` formatting of text (a width can make it any size)."""
    if operator == "%" and isinstance(left, str):
        raise SecurityError("'%' formatting of text is not available in chapters")
    if isinstance(left, int) and isinstance(right, int):
        bits = max(left.bit_length(), 1)
        if operator == "**" and right > 0 and bits * right > MAX_INT_BITS:
            raise TooLarge(f"the number {left} ** {right} is too large")
        if operator == "*" and bits + right.bit_length() > MAX_INT_BITS:
            raise TooLarge("the product of two numbers is too large")
    elif operator == "*":
        times = right if isinstance(right, int) else left if isinstance(left, int) else 0
        size = max(_size(left), _size(right)) * max(times, 0)
        if size > MAX_TEXT:
            raise _too_long(size)
    elif operator == "+" and _size(left) + _size(right) > MAX_TEXT:
        raise _too_long(_size(left) + _size(right))
