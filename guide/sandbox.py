"""The Jinja sandbox chapters run in: an allow-list of what a template may read and call.

Jinja's own sandbox refuses only underscored names and a few known-dangerous methods;
anything else public on an object is reachable. Chapters come from clients and trainers, so
this one inverts the rule: a template may read the fields of the records in
``guide.chapter_context``, a handful of harmless methods on text and mappings, the ``loop``
variable's attributes and ``namespace()`` objects, and may call only those methods,
``range``, ``namespace``, the chapter's own macros and ``plan.uses``. Everything else is
refused with ``SecurityError``, which the chapter reports as an error at its line.

It also bounds what one expression can build: text or lists joined, repeated or concatenated
beyond ``MAX_TEXT`` characters, and integers beyond ``MAX_INT_BITS`` bits, are refused before
they are made; the filters are those that cannot amplify their input (``join`` and
``replace`` checked). A chapter's whole output is capped as it streams (``guide.expand``);
loops that only burn time are the time limit's to stop.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from collections.abc import Mapping
from typing import Any

from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.exceptions import SecurityError
from jinja2.filters import FILTERS as DEFAULT_FILTERS
from jinja2.runtime import Context, LoopContext, Macro, Undefined
from jinja2.sandbox import ImmutableSandboxedEnvironment, safe_range
from jinja2.utils import Namespace

from guide.chapter_context import RECORD_TYPES, ExamCheck

#: The longest text (or list) one expression may build: a chapter's size limit.
MAX_TEXT = 2_000_000
#: The largest integer one expression may build (about 3000 decimal digits).
MAX_INT_BITS = 10_000

#: Jinja's filters that cannot make their output much larger than their input.
SAFE_FILTERS = frozenset(
    {
        "abs", "capitalize", "count", "d", "default", "dictsort", "first", "float",
        "groupby", "int", "items", "last", "length", "list", "lower", "map", "max", "min",
        "reject", "rejectattr", "reverse", "round", "select", "selectattr", "sort",
        "string", "striptags", "sum", "title", "trim", "truncate", "unique", "upper",
        "wordcount",
    }
)  # fmt: skip

#: Methods of read-only mappings (``certs``, ``vars``…) a chapter may use in loops and tests.
MAPPING_METHODS = frozenset({"items", "keys", "values", "get"})
#: Methods of text that only compute new text (``str.format`` is not one: it reads attributes).
TEXT_METHODS = frozenset(
    {
        "upper",
        "lower",
        "title",
        "capitalize",
        "strip",
        "lstrip",
        "rstrip",
        "startswith",
        "endswith",
        "split",
    }
)
DATE_FIELDS = frozenset({"year", "month", "day"})
LOOP_ATTRIBUTES = frozenset(
    {
        "index",
        "index0",
        "revindex",
        "revindex0",
        "first",
        "last",
        "length",
        "depth",
        "depth0",
        "previtem",
        "nextitem",
        "cycle",
        "changed",
    }
)
LOOP_METHODS = frozenset({"cycle", "changed"})


@functools.cache
def _fields(record_type: type) -> frozenset[str]:
    return frozenset(field.name for field in dataclasses.fields(record_type))


def readable(obj: Any, attr: str) -> bool:
    """Whether a chapter may read ``obj.attr`` (the allow-list, before Jinja's own rules)."""
    kind: type = type(obj)
    if kind in RECORD_TYPES:
        return attr in _fields(kind)
    if isinstance(obj, Mapping):
        return attr in MAPPING_METHODS
    if isinstance(obj, str):
        return attr in TEXT_METHODS
    if isinstance(obj, dt.date):
        return attr in DATE_FIELDS
    if isinstance(obj, LoopContext):
        return attr in LOOP_ATTRIBUTES
    return isinstance(obj, Namespace)


def callable_by_chapters(obj: Any) -> bool:
    """Whether a chapter may call ``obj`` (the allow-list, before Jinja's own rules)."""
    if obj is safe_range or obj is Namespace or isinstance(obj, ExamCheck | LoopContext | Macro):
        return True
    if isinstance(obj, Undefined):
        return True  # calling it raises its own error, which names the missing variable
    owner = getattr(obj, "__self__", None)
    name = getattr(obj, "__name__", "")
    if isinstance(owner, Mapping):
        return name in MAPPING_METHODS
    if isinstance(owner, str):
        return name in TEXT_METHODS
    if isinstance(owner, LoopContext):
        return name in LOOP_METHODS
    return False


def _size(value: Any) -> int:
    return len(value) if isinstance(value, str | list | tuple) else 0


class TooLarge(SecurityError):
    """A chapter built (or was about to build) more data than any guide needs."""


def _too_long(size: int) -> TooLarge:
    return TooLarge(
        f"the chapter builds a text or list of {size:,} items; the limit is {MAX_TEXT:,}"
    )


def checked_join(parts: Any) -> str:
    """``a ~ b``, with the result's length checked before it is made."""
    texts = [str(part) for part in parts]
    size = sum(map(len, texts))
    if size > MAX_TEXT:
        raise _too_long(size)
    return "".join(texts)


def _join(value: Any, separator: str = "", attribute: Any = None) -> str:
    items = [str(item) for item in value]
    size = sum(map(len, items)) + max(len(items) - 1, 0) * len(str(separator))
    if size > MAX_TEXT:
        raise _too_long(size)
    return str(separator).join(items)


def _replace(value: Any, old: str, new: str, count: int | None = None) -> str:
    text, old, new = str(value), str(old), str(new)
    hits = text.count(old) if count is None else min(count, text.count(old))
    size = len(text) + hits * (len(new) - len(old))
    if size > MAX_TEXT:
        raise _too_long(size)
    return text.replace(old, new, -1 if count is None else count)


class _CheckedConcat(CodeGenerator):
    """Compiles ``a ~ b`` to ``checked_join`` (Jinja cannot intercept ``~`` otherwise)."""

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write("environment.checked_join((")
        for argument in node.nodes:
            self.visit(argument, frame)
            self.write(", ")
        self.write("))")


class ChapterSandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox narrowed to an allow-list, with only the globals chapters use."""

    code_generator_class = _CheckedConcat
    intercepted_binops = frozenset({"+", "*", "**", "%"})
    checked_join = staticmethod(checked_join)

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.globals = {"range": safe_range, "namespace": Namespace}
        self.filters = {name: DEFAULT_FILTERS[name] for name in SAFE_FILTERS}
        self.filters.update(join=_join, replace=_replace)

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        return readable(obj, attr) and super().is_safe_attribute(obj, attr, value)

    def is_safe_callable(self, obj: Any) -> bool:
        return callable_by_chapters(obj) and super().is_safe_callable(obj)

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        """``+``, ``*``, ``**`` and ``%``, refused where the result would be too large."""
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
        return super().call_binop(context, operator, left, right)
