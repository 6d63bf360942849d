"""User-facing errors: one line each, naming the file (and line or key) and how to fix it.

They subclass Click's ``ClickException`` so the CLI prints them without a traceback, yet the
library raises them too, so other programs can catch one type.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import click


def one_line(text: str) -> str:
    """``text`` on one line: a library's multi-line message joined with '; '."""
    return "; ".join(part.strip() for part in text.splitlines() if part.strip())


def internal_error(error: BaseException) -> str:
    """How a bug (not bad input) is worded, in one line, wherever it is caught."""
    return f"internal error: {type(error).__name__}: {one_line(str(error))}"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file, located as precisely as we can."""

    file: Path
    message: str
    line: int | None = None
    column: int | None = None
    key: str | None = None

    def __str__(self) -> str:
        where = str(self.file)
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        key = f" {one_line(self.key)}:" if self.key else ""
        return f"{where}:{key} {one_line(self.message)}"


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
