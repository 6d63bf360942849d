"""User-facing errors: one line each, naming the file (and line or key) and how to fix it.

They subclass Click's ``ClickException`` so the CLI prints them without a traceback, yet the
library raises them too, so other programs can catch one type. A ``Problem`` (error or
warning) keeps its file, line, column and key from where it is found to where it is shown:
stderr (``str``), the preview overlay and ``manifest.json`` (``as_json``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import click

Severity = Literal["error", "warning"]


def one_line(text: str) -> str:
    """``text`` on one line: a library's multi-line message joined with '; '."""
    return "; ".join(part.strip() for part in text.splitlines() if part.strip())


def internal_error(error: BaseException) -> str:
    """How a bug (not bad input) is worded, in one line, wherever it is caught."""
    return f"internal error: {type(error).__name__}: {one_line(str(error))}"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file (or worth a warning), located as precisely as we can."""

    file: Path
    message: str
    line: int | None = None
    column: int | None = None
    key: str | None = None
    severity: Severity = "error"

    def __str__(self) -> str:
        """``file:line:col: [warning: ][key: ]message``, on one line."""
        where = str(self.file)
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        label = " warning:" if self.severity == "warning" else ""
        key = f" {one_line(self.key)}:" if self.key else ""
        return f"{where}:{label}{key} {one_line(self.message)}"

    def as_json(self) -> dict[str, Any]:
        """The structured fields, for machines (``manifest.json``, the preview's status)."""
        return {
            "file": str(self.file),
            "line": self.line,
            "column": self.column,
            "key": self.key,
            "message": one_line(self.message),
            "severity": self.severity,
        }


def internal_problem(file: Path, error: BaseException) -> Problem:
    """A bug met while working on ``file``, worded by ``internal_error``."""
    return Problem(file, internal_error(error))


class GuideError(click.ClickException):
    """Base class of every error the tool reports to a user."""

    exit_code = 1


class InputError(GuideError):
    """One or more problems in an input file; all are reported at once."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(problem) for problem in problems))


class RenderError(GuideError):
    """The PDF engine could not render the guide faithfully (missing resource, blocked URL)."""


class EnvironmentProblem(GuideError):
    """Something the machine lacks (for example Pango for WeasyPrint)."""


def input_error(
    file: Path,
    message: str,
    *,
    line: int | None = None,
    column: int | None = None,
    key: str | None = None,
) -> InputError:
    """Shorthand for an ``InputError`` holding a single problem."""
    return InputError([Problem(file, message, line, column, key)])


def problems_of(file: Path, error: GuideError) -> tuple[Problem, ...]:
    """What ``error`` says about ``file``: its problems, or its message as one problem."""
    if isinstance(error, InputError):
        return error.problems
    message = one_line(error.format_message())
    return (Problem(file, message.removeprefix(f"{file}: ")),)


def problems_for(file: Path, error: BaseException) -> tuple[Problem, ...]:
    """What went wrong with ``file``: bad input as its problems, a bug in one line."""
    if isinstance(error, GuideError):
        return problems_of(file, error)
    return (internal_problem(file, error),)
