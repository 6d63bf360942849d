"""Validate YAML data against a pydantic schema and report every problem at once, located.

Pydantic's messages are written for programmers; here each becomes one line a trainer can act
on: the key, what is wrong, and the valid choices where there is a fixed set.
"""

from __future__ import annotations

import difflib
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


def suggest(word: str, choices: Iterable[str]) -> str:
    """' (did you mean x?)' when one choice is close to ``word``, else ''."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]}?)" if close else ""


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
    elif kind in {
        "string_type",
        "int_type",
        "int_parsing",
        "date_type",
        "date_from_datetime_parsing",
        "bool_type",
        "bool_parsing",
        "dict_type",
        "list_type",
    }:
        message = f"{message} (found {item['input']!r}){_quote_hint(item['input'], kind)}"
    return document.problem(loc, message)


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
