"""Read a YAML file safely and remember where every value sits, for errors with line numbers.

Only plain data is accepted: one document, no duplicate keys, no anchors or aliases, no
language-specific tags, nesting at most ``MAX_DEPTH`` deep (refused from the event stream,
before the recursive composer and converter see it). Positions are kept per key path so
that a validation error on ``team.members[1].role`` can point at its line and column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from guide.content.confine import MAX_YAML_BYTES, read_input
from guide.errors import Problem, input_error

# LibYAML parses about ten times faster, with the same events and marks.
_FAST_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

Path_ = tuple[str | int, ...]

#: Mappings and lists inside each other; real files use under ten levels.
MAX_DEPTH = 50


@dataclass(frozen=True)
class YamlDocument:
    """The plain data of a YAML file plus the 1-based line and column of every key path."""

    file: Path
    data: Any
    positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)

    def locate(self, key_path: Path_) -> tuple[int, int] | None:
        """The position of ``key_path``, or of its nearest ancestor that exists."""
        for end in range(len(key_path), -1, -1):
            found = self.positions.get(tuple(key_path[:end]))
            if found is not None:
                return found
        return None

    def problem(self, key_path: Path_, message: str) -> Problem:
        """A problem located at ``key_path`` (dotted in the message, e.g. ``team.roles``)."""
        position = self.locate(key_path)
        line, column = position if position else (None, None)
        return Problem(self.file, message, line, column, dotted(key_path) or None)


def dotted(key_path: Path_) -> str:
    """``('team', 'members', 1, 'role')`` -> ``team.members[1].role``."""
    text = ""
    for part in key_path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def read_text(file: Path, limit: int = MAX_YAML_BYTES) -> str:
    """The file's text as UTF-8, with a one-line error for anything else."""
    return decode_text(file, read_input(file, limit))


def decode_text(file: Path, raw: bytes) -> str:
    """``raw``, read from ``file``, as UTF-8 text (a byte-order mark dropped)."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise input_error(file, "not UTF-8 text; save the file as UTF-8", line=line) from None


@dataclass(frozen=True)
class FrontMatter:
    """A Markdown file's YAML between its opening '---' line and the next one, and its body."""

    yaml: str
    body: str
    body_first_line: int  # 1-based, in the whole file
    closed: bool  # False: no closing '---' line; ``yaml`` is the rest of the file


def split_front_matter(text: str) -> FrontMatter | None:
    """``text`` split at its front matter, or None when its first line is not '---'."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        return None
    end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
    if end is None:
        return FrontMatter("".join(lines[1:]), "", len(lines) + 1, closed=False)
    return FrontMatter("".join(lines[1:end]), "".join(lines[end + 1 :]), end + 2, closed=True)


_TABBED_BLANK_LINE = re.compile(r"^[ ]*\t[ \t]*$", re.MULTILINE)


_COLOUR_AS_COMMENT = re.compile(r"(?P<key>[A-Za-z_][\w-]*):[ \t]+(?P<value>#[0-9A-Fa-f]{3,8})\b")


def _unquoted_colour(source: str, error_line: int | None) -> tuple[int, int, str, str] | None:
    """The line, column, key and value of a ``key: #RRGGBB`` near a YAML error (at most two
    lines above it): unquoted, YAML reads the colour as a comment, and a flow mapping
    (``{primary: #0F6CBD, ...}``) then fails on a later line."""
    if error_line is None:
        return None
    lines = source.splitlines()
    for index in range(min(error_line, len(lines) - 1), max(error_line - 3, -1), -1):
        found = _COLOUR_AS_COMMENT.search(lines[index])
        if found:
            return index + 1, found.start("value") + 1, found["key"], found["value"]
    return None


def load_yaml(file: Path, text: str | None = None, *, first_line: int = 1) -> YamlDocument:
    """Parse ``file`` (or ``text`` taken from it, starting at ``first_line``)."""
    # A line of only blanks and tabs is a blank line to a reader; PyYAML refuses its tab.
    source = _TABBED_BLANK_LINE.sub("", read_text(file) if text is None else text)
    offset = first_line - 1
    try:
        nodes = _compose(file, source, offset, _FAST_LOADER)
    except yaml.YAMLError:
        nodes = []  # LibYAML's messages are terser; the pure-Python parser explains below
    try:
        nodes = nodes or _compose(file, source, offset, yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        lost = _unquoted_colour(source, mark.line if mark else None)
        if lost:
            line, column, key, value = lost
            raise input_error(
                file,
                f"{key}: {value} without quotes starts a YAML comment, so the rest of the line "
                f'is lost; put it in quotes: {key}: "{value}"',
                line=line + offset,
                column=column,
            ) from None
        message = (error.problem or error.context or "invalid YAML").strip()
        if "'\\t'" in message or "tab" in message.lower():
            message += " (indent with spaces, not tabs)"
        raise input_error(
            file,
            f"invalid YAML: {message}",
            line=mark.line + 1 + offset if mark else None,
            column=mark.column + 1 if mark else None,
        ) from None
    except yaml.reader.ReaderError as error:  # a character YAML refuses: say where it is
        before = source[: error.position]
        raise input_error(
            file,
            f"invalid YAML: character U+{error.character:04X} is not allowed in YAML "
            "(a control character: delete it)"
            if isinstance(error.character, int)
            else f"invalid YAML: {error.reason}",
            line=before.count("\n") + 1 + offset,
            column=error.position - (before.rfind("\n") + 1) + 1,
        ) from None
    except yaml.YAMLError as error:
        raise input_error(file, f"invalid YAML: {error}") from None
    if len(nodes) > 1:
        second = nodes[1].start_mark
        raise input_error(
            file,
            "several YAML documents in one file; keep only the first",
            line=second.line + 1 + offset,
        )
    if not nodes:
        return YamlDocument(file, None, {})
    positions: dict[Path_, tuple[int, int]] = {}
    data = _to_python(file, nodes[0], (), positions, offset)
    return YamlDocument(file, data, positions)


def _compose(file: Path, source: str, offset: int, loader: Any) -> list[yaml.Node]:
    _refuse_unsafe_events(file, source, offset, loader)
    return list(yaml.compose_all(source, Loader=loader))


def _refuse_unsafe_events(file: Path, source: str, offset: int, loader: Any) -> None:
    """Refuse anchors and aliases ('billion laughs' bombs), a second document, and nesting
    deeper than ``MAX_DEPTH`` (composing recurses once per level)."""
    documents = 0
    depth = 0
    for event in yaml.parse(source, Loader=loader):
        line = event.start_mark.line + 1 + offset if event.start_mark else None
        column = event.start_mark.column + 1 if event.start_mark else None
        if isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise input_error(
                    file,
                    "several YAML documents in one file; keep only the first",
                    line=line,
                )
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise input_error(
                    file,
                    f"YAML nested more than {MAX_DEPTH} levels deep; flatten the data",
                    line=line,
                    column=column,
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise input_error(
                file,
                "YAML anchors and aliases are not allowed; write values out",
                line=line,
                column=column,
            )


def _to_python(
    file: Path,
    node: yaml.Node,
    key_path: Path_,
    positions: dict[Path_, tuple[int, int]],
    offset: int,
) -> Any:
    line, column = node.start_mark.line + 1 + offset, node.start_mark.column + 1
    positions.setdefault(key_path, (line, column))
    if not isinstance(node, yaml.ScalarNode) and node.tag not in _COLLECTION_TAGS:
        raise input_error(
            file,
            f"YAML tag '{node.tag}' is not allowed; use plain values",
            line=line,
            column=column,
        )
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise input_error(file, "keys must be plain text", line=line, column=column)
            key = _scalar(file, key_node, offset)
            key_line = key_node.start_mark.line + 1 + offset
            if key in result:
                raise input_error(
                    file,
                    f"duplicate key '{key}'; each key may appear once",
                    line=key_line,
                    column=key_node.start_mark.column + 1,
                )
            child = (*key_path, str(key))
            positions[child] = (key_line, key_node.start_mark.column + 1)
            result[key] = _to_python(file, value_node, child, positions, offset)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [
            _to_python(file, item, (*key_path, index), positions, offset)
            for index, item in enumerate(node.value)
        ]
    return _scalar(file, node, offset)


_CONSTRUCTOR = yaml.SafeLoader("")
_COLLECTION_TAGS = {"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}
_PLAIN_TAGS = {"null", "bool", "int", "float", "str", "timestamp"}


def _scalar(file: Path, node: yaml.Node, offset: int) -> Any:
    tag = node.tag.rsplit(":", 1)[-1]
    if not node.tag.startswith("tag:yaml.org,2002:") or tag not in _PLAIN_TAGS:
        raise input_error(
            file,
            f"YAML tag '{node.tag}' is not allowed; use plain values",
            line=node.start_mark.line + 1 + offset,
            column=node.start_mark.column + 1,
        )
    try:
        return _CONSTRUCTOR.construct_object(node, deep=True)
    except (yaml.YAMLError, ValueError) as error:
        if tag == "timestamp":  # 2027-02-30: the schema says why, at its key
            return node.value
        raise input_error(
            file,
            f"invalid value: {error}",
            line=node.start_mark.line + 1 + offset,
            column=node.start_mark.column + 1,
        ) from None
