"""The Jinja sandbox chapters run in: an allow-list of what a template may read and call.

Jinja's own sandbox refuses only underscored names and a few known-dangerous methods;
anything else public on an object is reachable. Chapters come from clients and trainers, so
this one inverts the rule: a template may read the fields of the records in
``guide.compose.chapter_context``, a handful of harmless methods on text and mappings, the ``loop``
variable's attributes and ``namespace()`` objects, and may call only those methods,
``range``, ``namespace``, the chapter's own macros and ``plan.uses``. Everything else is
refused with ``SecurityError``, which the chapter reports as an error at its line.

The filters are those that cannot amplify their input, and what expressions, blocks and
macros build is bounded as it grows (``growth``); a chapter's whole output is capped as it
streams (``expand``). Loops that only burn time are the time limit's to stop.

The layout templates (``templates/``, trainer-editable as well) run in ``LayoutSandbox``: the
same rules over the records of ``guide.compose.layout_context``, plus the translation calls.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from collections.abc import Mapping
from gettext import NullTranslations
from typing import Any

from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.filters import FILTERS as DEFAULT_FILTERS
from jinja2.runtime import Context, LoopContext, Macro, Undefined
from jinja2.sandbox import ImmutableSandboxedEnvironment, safe_range
from jinja2.utils import Namespace

from guide.compose.chapter_context import RECORD_TYPES, ExamCheck
from guide.compose.growth import (
    BoundedBuffer,
    check_binop,
    checked_join,
    join_filter,
    replace_filter,
)

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


def readable(obj: Any, attr: str, record_types: tuple[type, ...] = RECORD_TYPES) -> bool:
    """Whether a chapter may read ``obj.attr`` (the allow-list, before Jinja's own rules)."""
    kind: type = type(obj)
    if kind in record_types:
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


class _CheckedConcat(CodeGenerator):
    """Compiles ``a ~ b`` to ``checked_join`` (Jinja cannot intercept ``~`` otherwise), and
    every block's buffer to a ``BoundedBuffer``."""

    def buffer(self, frame: Frame) -> None:
        frame.buffer = self.temporary_identifier()
        self.writeline(f"{frame.buffer} = environment.bounded_buffer()")

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write("environment.checked_join((")
        for argument in node.nodes:
            self.visit(argument, frame)
            self.write(", ")
        if frame.eval_ctx.volatile:  # as Jinja decides between its markup_join and str_join
            self.write("), context.eval_ctx.volatile)")
        else:
            self.write(f"), {bool(frame.eval_ctx.autoescape)})")


class ChapterSandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox narrowed to an allow-list, with only the globals chapters use."""

    code_generator_class = _CheckedConcat
    intercepted_binops = frozenset({"+", "*", "**", "%"})
    record_types: tuple[type, ...] = RECORD_TYPES
    checked_join = staticmethod(checked_join)
    bounded_buffer = BoundedBuffer

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._record_reads: dict[tuple[type, str], bool] = {}
        self.globals = {"range": safe_range, "namespace": Namespace}
        self.filters = {name: DEFAULT_FILTERS[name] for name in SAFE_FILTERS}
        self.filters.update(join=join_filter, replace=replace_filter)

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        key = (type(obj), attr)
        known = self._record_reads.get(key)
        if known is not None:
            return known
        allowed = readable(obj, attr, self.record_types) and super().is_safe_attribute(
            obj, attr, value
        )
        if key[0] in self.record_types:  # for a frozen record, the type decides: decide once
            self._record_reads[key] = allowed
        return allowed

    def is_safe_callable(self, obj: Any) -> bool:
        return callable_by_chapters(obj) and super().is_safe_callable(obj)

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        """``+``, ``*``, ``**`` and ``%``, refused where the result would be too large."""
        check_binop(operator, left, right)
        return super().call_binop(context, operator, left, right)


class LayoutSandbox(ChapterSandbox):
    """The same allow-list for the layout templates (``templates/``, trainer-editable too):
    the fields of ``record_types``, and calls to the translation functions of Jinja's i18n
    extension (``_``, ``gettext``, ``ngettext``…) besides the chapters' own."""

    def __init__(self, record_types: tuple[type, ...], **options: Any) -> None:
        super().__init__(**options)
        self.record_types = record_types
        self.translation_calls: tuple[Any, ...] = ()

    def install_translations(self, translations: NullTranslations) -> None:
        gettext, ngettext = translations.gettext, translations.ngettext
        pgettext, npgettext = translations.pgettext, translations.npgettext
        self.install_gettext_callables(  # type: ignore[attr-defined]
            gettext, ngettext, newstyle=True, pgettext=pgettext, npgettext=npgettext
        )
        calls = (gettext, ngettext, pgettext, npgettext)
        self.globals["_"] = self.globals["gettext"]  # what the extension's ``_`` calls
        self.translation_calls = (*calls, *(self.globals[name] for name in _TRANSLATION_GLOBALS))

    def is_safe_callable(self, obj: Any) -> bool:
        if any(obj is call for call in self.translation_calls):
            return True
        return super().is_safe_callable(obj)


_TRANSLATION_GLOBALS = ("_", "gettext", "ngettext", "pgettext", "npgettext")
