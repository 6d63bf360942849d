"""What ``guide build`` tells the user while it works: a line per organisation (CI logs), or a
rich progress bar with per-organisation status when stderr is a terminal.

stderr carries only what the user can act on: problems, warnings about their own files, and
the plan's warnings (a member sent to the wrong exam first, an exam retiring before its
candidates can pass it). The plan's notes (an exam retired and replaced, a beta to confirm)
are printed in the guide and listed by ``guide check``; the guide's line says how many.
``-q`` keeps only problems; ``-v`` adds the seconds each stage took, and the plan's notes.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from guide import defaults
from guide.batch.outcome import Outcome


def shown(path: Path) -> str:
    """``path`` relative to the working folder when it is inside it, else as given."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def named(path: Path) -> str:
    """``path`` as a message names it: like ``shown``, but a bundled file outside the working
    folder (an installed package's example) by its place among the bundled data."""
    where = shown(path)
    if Path(where).is_absolute() and path.resolve().is_relative_to(defaults.DATA_ROOT):
        return f"{path.resolve().relative_to(defaults.DATA_ROOT)} (bundled)"
    return where


def check_command(org_file: Path) -> str:
    """The command that lists an organisation's notes: a bundled example's is
    ``guide check`` alone, which checks them all."""
    if org_file.resolve().is_relative_to(defaults.ORGS_DIR) and named(org_file) != shown(org_file):
        return "guide check"
    return f"guide check {shown(org_file)}"


class Reporter:
    """Plain lines: results on stdout, problems and notices on stderr."""

    def __init__(self, total: int, quiet: bool = False, verbose: bool = False) -> None:
        self.total = total
        self.quiet = quiet
        self.verbose = verbose
        self.counts = {"built": 0, "up to date": 0, "failed": 0}
        self._warned: set[tuple[str | None, str]] = set()

    def out(self, line: str) -> None:
        if not self.quiet:
            click.echo(line)

    def err(self, line: str) -> None:
        click.echo(line, err=True)

    def report(self, outcome: Outcome) -> None:
        self.counts[outcome.status] += 1
        file = outcome.org_file
        for problem in outcome.problems:
            self.err(str(problem))
        if outcome.status == "up to date":
            self.out(f"{file}: up to date")
        result = outcome.result
        if result is None:
            return
        if not self.quiet:
            for notice in result.notices:  # a plan's warning asks for a change to the plan
                if notice.callout == "WARNING":
                    self.err(f"{named(file)}: warning: {notice.text}")
            for warning in result.warnings:
                said = (warning.key, warning.message)  # shared content: say it once per run
                if said not in self._warned:
                    self._warned.add(said)
                    self.err(str(warning))
        handouts = [o for o in result.outputs if o.kind == "handout"]
        assets = sum(output.kind == "asset" for output in result.outputs)
        for output in result.outputs:
            if output.kind in {"handout", "asset"}:
                continue
            size = (
                f"{assets} files in assets/" if output.kind == "html" else f"{output.pages} pages"
            )
            took = f"  {result.seconds:.1f} s" if output.path == result.pdf else ""
            notes = sum(notice.callout != "WARNING" for notice in result.notices)
            if notes and output.path == result.pdf and not self.verbose:
                plural = "s" if notes > 1 else ""
                took += f"  ({notes} note{plural} on the plan: {check_command(file)})"
            self.out(f"{shown(output.path)}  {size}{took}")
        if handouts:
            self.out(f"{shown(handouts[0].path.parent)}/  {len(handouts)} handouts")
        if self.verbose:
            for notice in result.notices:
                if notice.callout != "WARNING":
                    self.out(f"  {notice.callout.lower()}: {notice.text}")
            stages = " · ".join(f"{stage} {seconds:.2f} s" for stage, seconds in result.timings)
            self.out(f"  {stages}")
            if result.rendered:
                self.out(f"  rendered {result.rendered}")
            if result.layouts > 1:
                fitted = ", ".join(f"{section} {step}" for section, step in result.fitting)
                self.out(f"  fitted: {fitted or 'as first laid out'} ({result.layouts} layouts)")

    def finish(self) -> None:
        failed = self.counts["failed"]
        if failed:
            self.err(f"{failed} of {self.total} organisation(s) failed")
        elif self.verbose or self.counts["up to date"]:
            self.out(f"{self.counts['built']} built, {self.counts['up to date']} up to date")


class RichReporter(Reporter):
    """A progress bar on the terminal, with each organisation's status printed above it."""

    def __init__(self, total: int, quiet: bool = False, verbose: bool = False) -> None:
        super().__init__(total, quiet, verbose)
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

        self.console = Console(stderr=True)
        self.progress: Any = Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=self.console,
            transient=True,
        )
        self.task = self.progress.add_task("building guides", total=total)
        self.progress.start()

    def out(self, line: str) -> None:
        if not self.quiet:
            self.progress.console.print(line, highlight=False, markup=False)

    def err(self, line: str) -> None:
        self.progress.console.print(line, highlight=False, markup=False, style="yellow")

    def report(self, outcome: Outcome) -> None:
        super().report(outcome)
        self.progress.update(
            self.task, advance=1, description=f"{outcome.org_file.name}: {outcome.status}"
        )

    def finish(self) -> None:
        self.progress.stop()
        super().finish()


def make_reporter(total: int, quiet: bool, verbose: bool) -> Reporter:
    if sys.stderr.isatty() and not quiet:
        return RichReporter(total, quiet, verbose)
    return Reporter(total, quiet, verbose)
