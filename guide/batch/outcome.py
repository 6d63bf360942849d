"""What happened to one organisation in a run: built, up to date or failed, with its problems.

Light on purpose: the up-to-date check and the reporter use it without loading the build.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from guide.errors import Problem, problems_for

if TYPE_CHECKING:
    from guide.batch.fingerprint import Inputs
    from guide.build import BuildResult

Status = Literal["built", "up to date", "failed"]


@dataclass(frozen=True)
class Outcome:
    """What happened to one organisation in a run."""

    org_file: Path
    status: Status
    result: BuildResult | None = None
    problems: tuple[Problem, ...] = ()
    inputs: Inputs | None = None


def failure(file: Path, inputs: Inputs | None, error: Exception) -> Outcome:
    """``file`` failed with ``error``; a bug is said in one line and the batch goes on."""
    return Outcome(file, "failed", problems=problems_for(file, error), inputs=inputs)
