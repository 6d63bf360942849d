"""Validate YAML data against a pydantic schema and report every problem at once, located.

Pydantic's messages are written for programmers; here each becomes one line a trainer can act
on: the key, what is wrong, and the valid choices where there is a fixed set.
"""

from __future__ import annotations

import calendar
import datetime as dt
import difflib
import re
import types
import typing
from collections.abc import Iterable
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError

from guide.content.yamlfile import YamlDocument
from guide.errors import InputError, Problem

Model = TypeVar("Model", bound=BaseModel)


class Strict(BaseModel):
    """The base of every schema: frozen models that reject unknown keys."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def validate(
    document: YamlDocument,
    schema: type[Model],
    context: dict[str, Any] | None = None,
) -> Model:
    """``schema`` built from ``document.data``, or an ``InputError`` listing every problem."""
    if not isinstance(document.data, dict):
        found = "an empty file" if document.data is None else type(document.data).__name__
        raise InputError(
            [Problem(document.file, f"expected a mapping of keys, found {found}", line=1)]
        )
    try:
        return schema.model_validate(document.data, context=context)
    except ValidationError as error:
        problems = [_problem(document, schema, dict(item)) for item in error.errors()]
        raise InputError(sorted(problems, key=lambda p: (p.line or 0, p.column or 0))) from None


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The one choice close to ``word`` (in any case), if there is one."""
    folded = {choice.casefold(): choice for choice in choices}
    close = difflib.get_close_matches(word.casefold(), list(folded), n=1, cutoff=0.6)
    return folded[close[0]] if close else None


def suggest(word: str, choices: Iterable[str]) -> str:
    """' (did you mean x?)' when one choice is close to ``word`` (in any case), else ''."""
    close = closest(word, choices)
    return f" (did you mean {close}?)" if close else ""


def _problem(document: YamlDocument, schema: type[BaseModel], item: dict[str, Any]) -> Problem:
    kind = item["type"]
    loc = _data_path(document.data, tuple(item["loc"]), missing=kind == "missing")
    if kind == "extra_forbidden":
        valid = _fields_at(schema, loc[:-1])
        name = str(loc[-1])
        message = f"unknown key '{name}'{suggest(name, valid)}; valid keys here: {', '.join(valid)}"
        return document.problem(loc, message)
    if kind == "missing":
        parent = loc[:-1]
        return document.problem(parent, f"missing required key '{loc[-1]}'")
    message = item["msg"]
    if message.startswith("Value error, "):
        message = message.removeprefix("Value error, ")
    elif kind == "literal_error":
        message = f"'{item['input']}' is not allowed; use {item['ctx']['expected']}"
    elif kind in DATE_ERRORS:
        message = date_message(item["input"])
    elif kind in {"tuple_type", "list_type"}:
        value = item["input"]
        found = "nothing" if value is None else repr(value)
        example = f"[{value}]" if isinstance(value, str | int) else "[first, second]"
        message = f"expected a list, found {found}; write it in brackets, e.g. {example}"
    elif kind == "string_pattern_mismatch":
        pattern = item.get("ctx", {}).get("pattern", "")
        wanted = PATTERNS.get(pattern, f"text matching {pattern}")
        message = f"found {item['input']!r}; write {wanted}"
    elif kind in BOUNDS:
        found = item["input"]
        size = len(found) if isinstance(found, str | list | tuple | dict) else found
        message = BOUNDS[kind].format(**item.get("ctx", {})) + f" (found {size!r})"
    elif kind in EXPECTED:
        value = item["input"]
        found = "nothing" if value is None else repr(value)
        message = f"expected {EXPECTED[kind]}, found {found}{_quote_hint(value, kind)}"
    return document.problem(loc, message)


#: The forms the schemas' patterns ask for, as a reader would say them.
PATTERNS = {
    r"^[a-z0-9]+(?:-[a-z0-9]+)*$": "lowercase letters and digits, words joined by single "
    "hyphens, e.g. 'intune-basics'",
    r"^https://\S+$": "an address starting with https://, without spaces",
    r"^[A-Za-z0-9_.-]+$": "letters, digits, dots, hyphens and underscores, without spaces",
    r"^\d{1,2}-\d{1,3}$": "a range of whole percentages, e.g. 25-30",
}

#: Limits a value passed, in the words of the tool (the number found is added).
BOUNDS = {
    "greater_than_equal": "must be at least {ge}",
    "greater_than": "must be more than {gt}",
    "less_than_equal": "must be at most {le}",
    "less_than": "must be less than {lt}",
    "too_short": "must have at least {min_length} item(s)",
    "too_long": "must have at most {max_length} item(s)",
    "string_too_short": "must be at least {min_length} character(s) long",
    "string_too_long": "must be at most {max_length} characters long",
}

#: What a value of the wrong type should have been, in the words of the tool.
EXPECTED = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "dict_type": "keys and values (key: value, one per line)",
}


DATE_ERRORS = {
    "date_type",
    "date_parsing",
    "date_from_datetime_parsing",
    "date_from_datetime_inexact",
}
DATE_FORM = "write it as YYYY-MM-DD, e.g. 2027-03-12"
_ISO_LIKE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DAY_FIRST = re.compile(r"^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$")


def _spelt(day: dt.date) -> str:
    return f"{day.day} {calendar.month_name[day.month]} {day.year}"


def date_message(value: Any) -> str:
    """What is wrong with ``value`` as a date, and the date the user most likely meant."""
    text = str(value).strip()
    if isinstance(value, dt.datetime):
        return f"'{text}' has a time of day; give the date alone: {value.date().isoformat()}"
    iso = _ISO_LIKE.match(text)
    if iso:
        year, month, day = map(int, iso.groups())
        try:
            meant = dt.date(year, month, day)
        except ValueError:
            if not 1 <= month <= 12:
                return f"'{text}' has no month {month}; {DATE_FORM}"
            return f"'{text}' is not a date: {calendar.month_name[month]} {year} has no day {day}"
        return f"'{text}': write the month and the day with two digits: {meant.isoformat()}"
    day_first = _DAY_FIRST.match(text)
    if day_first:
        first, second, year = map(int, day_first.groups())
        readings = []
        for day, month in ((first, second), (second, first)):
            try:
                readings.append(dt.date(year, month, day))
            except ValueError:
                continue
        said = [
            f"{d.isoformat()} for {d.day} {d.strftime('%B %Y')}" for d in dict.fromkeys(readings)
        ]
        if said:
            return f"'{text}' is not in the form YYYY-MM-DD; write {' or '.join(said)}"
    shown = "nothing" if value is None else f"'{text}'"
    return f"found {shown}, not a date; {DATE_FORM}"


def _quote_hint(value: Any, kind: str) -> str:
    if kind == "string_type" and isinstance(value, bool | int | float):
        return "; put the value in quotes to keep it as text"
    return ""


def _data_path(data: Any, loc: tuple[Any, ...], *, missing: bool) -> tuple[Any, ...]:
    """``loc`` without the type names pydantic inserts for unions, found by walking the data;
    the last part of a ``missing`` error's ``loc`` is the key that is not there."""
    path: list[Any] = []
    current = data
    for index, part in enumerate(loc):
        in_mapping = isinstance(current, dict) and part in current
        in_list = isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current)
        if in_mapping or in_list:
            current = current[part]
        elif missing and isinstance(current, dict) and index == len(loc) - 1:
            pass  # keep it: there is no data below
        else:
            continue  # a union's type name
        path.append(part)
    return tuple(path)


def _fields_at(schema: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """The field names (by alias) of the model found by following ``loc`` from ``schema``."""
    current: Any = schema
    for part in loc:
        current = _inner_model(current, part)
        if current is None:
            return []
    model = _model_in(current)
    return [field.alias or name for name, field in model.model_fields.items()] if model else []


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """The model ``annotation`` is, or the one among a union's types (``Fonts | None``)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return next(filter(None, map(_model_in, typing.get_args(annotation))), None)
    return None


def _inner_model(annotation: Any, part: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        field = next(
            (f for n, f in annotation.model_fields.items() if (f.alias or n) == part), None
        )
        return field.annotation if field else None
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin in (list, tuple) and args:
        return args[0]
    if origin is dict and len(args) == 2:
        return args[1]
    if origin in (typing.Union, types.UnionType):
        for arg in args:
            found = _inner_model(arg, part)
            if found is not None:
                return found
    return None
