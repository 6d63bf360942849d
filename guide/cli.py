"""The ``guide`` command: a thin shell over ``guide.build`` and ``guide.check``.

Exit codes: 0 everything built (or clean), 1 some organisation failed or has problems (one
line per problem on stderr), 2 usage error (Click's own).
"""

from __future__ import annotations

import datetime as dt
import signal
import sys
from pathlib import Path
from types import FrameType

import click

from guide import __version__, defaults
from guide.build import build_guide, find_org_files
from guide.check import check
from guide.errors import GuideError, InputError
from guide.options import BuildOptions
from guide.prepare import load_sources
from guide.scaffold import new_organisation
from guide.tailor import exam_status


def _shown(path: Path) -> str:
    """``path`` relative to the working folder when it is inside it, else as given."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _problem_lines(file: Path, error: GuideError) -> list[str]:
    if isinstance(error, InputError):
        return [str(problem) for problem in error.problems]
    message = error.format_message()
    return [message if message.startswith(str(file)) else f"{file}: {message}"]


def _stop_on_terminate() -> None:
    """Turn SIGTERM into a normal exit, so temporary files are cleaned up on the way out."""

    def terminate(signum: int, frame: FrameType | None) -> None:
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, terminate)


def _org_files(paths: tuple[Path, ...]) -> list[Path]:
    files = [Path(_shown(file)) for file in find_org_files(paths or (defaults.ORGS_DIR,))]
    if not files:
        raise click.UsageError("no organisation files (*.yaml) found in the given paths")
    return files


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="guide")
def main() -> None:
    """Build printable, branded certification guides tailored to a team's role mix."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option(
    "-o",
    "--output",
    "output_dir",
    type=click.Path(path_type=Path),
    default=defaults.OUTPUT_DIR,
    show_default=True,
    help="Folder to write DIR/<slug>/guide.pdf into.",
)
@click.option(
    "--time-limit",
    type=click.FloatRange(min=1),
    default=defaults.TIME_LIMIT_SECONDS,
    show_default=True,
    help="Seconds one organisation may take before it fails with 'timed out'.",
)
@click.option(
    "--handouts",
    is_flag=True,
    help="Also write the session pack: handouts/<member>.pdf, handouts.pdf (all of them, "
    "each starting on a right-hand page) and trainer.pdf.",
)
@click.option(
    "--booklet",
    is_flag=True,
    help="Also write guide-booklet.pdf: A5 (half-Letter) pages imposed two to a landscape "
    "sheet for saddle stitching; print duplex, flipping on the short edge.",
)
@click.option(
    "--max-age",
    type=click.IntRange(min=1),
    default=defaults.MAX_AGE_DAYS,
    show_default=True,
    help="Days after which unreviewed content is reported as stale.",
)
def build(
    paths: tuple[Path, ...],
    output_dir: Path,
    time_limit: float,
    handouts: bool,
    booklet: bool,
    max_age: int,
) -> None:
    """Build a PDF guide for each organisation file.

    PATHS are organisation files or folders of them (*.yaml); with none, the bundled
    example organisations are built.
    """
    _stop_on_terminate()
    options = BuildOptions(
        output_dir=output_dir,
        time_limit=time_limit,
        handouts=handouts,
        booklet=booklet,
        max_age_days=max_age,
    )
    org_files = _org_files(paths)
    try:
        sources = load_sources(options)
    except GuideError as error:
        for line in _problem_lines(options.content_dir, error):
            click.echo(line, err=True)
        sys.exit(1)
    failed = 0
    slugs: dict[str, Path] = {}
    shown_warnings: set[str] = set()
    for org_file in org_files:
        clash = slugs.get(org_file.stem.lower())
        if clash is not None:
            click.echo(
                f"{org_file}: output folder '{org_file.stem}' is already used by "
                f"{clash}; rename one of the files",
                err=True,
            )
            failed += 1
            continue
        slugs[org_file.stem.lower()] = org_file
        try:
            result = build_guide(org_file, options, sources)
        except GuideError as error:
            failed += 1
            for line in _problem_lines(org_file, error):
                click.echo(line, err=True)
            continue
        for notice in result.notices:
            click.echo(f"{org_file}: {notice.callout.lower()}: {notice.text}", err=True)
        for warning in result.warnings:
            if warning not in shown_warnings:  # shared content: say it once per run
                shown_warnings.add(warning)
                click.echo(f"{org_file}: warning: {warning}", err=True)
        click.echo(f"{_shown(result.pdf)}  {result.pages} pages  {result.seconds:.1f} s")
        extra = [output for output in result.outputs if output.kind != "guide"]
        for output in extra:
            if output.kind != "handout":
                click.echo(f"{_shown(output.path)}  {output.pages} pages")
        handout_files = [output for output in extra if output.kind == "handout"]
        if handout_files:
            folder = _shown(handout_files[0].path.parent)
            click.echo(f"{folder}/  {len(handout_files)} handouts")
    if failed:
        click.echo(f"{failed} of {len(org_files)} organisation(s) failed", err=True)
        sys.exit(1)


@main.command(name="check")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--max-age",
    type=click.IntRange(min=1),
    default=defaults.MAX_AGE_DAYS,
    show_default=True,
    help="Days after which unreviewed content is reported as stale.",
)
def check_command(paths: tuple[Path, ...], max_age: int) -> None:
    """Check organisation files, chapters, catalogue and templates without rendering.

    PATHS are organisation files, folders of them, or chapter files (*.md); with none, the
    bundled examples. Every problem is reported as file:line:col: message.
    """
    chapters = tuple(path for path in paths if path.suffix == ".md")
    orgs = tuple(path for path in paths if path.suffix != ".md")
    org_files = _org_files(orgs) if orgs or not chapters else []
    report = check([*chapters, *org_files], BuildOptions(max_age_days=max_age))
    shown_warnings: set[str] = set()
    for problem in report.shared_problems:
        click.echo(str(problem), err=True)
    for result in report.files:
        for problem in result.problems:
            click.echo(str(problem), err=True)
        for notice in result.notices:
            click.echo(f"{result.file}: {notice.callout.lower()}: {notice.text}", err=True)
        for warning in result.warnings:
            if warning not in shown_warnings:
                shown_warnings.add(warning)
                click.echo(f"{result.file}: warning: {warning}", err=True)
    checked = len(report.files)
    if not report.ok:
        click.echo(f"{len(report.problems)} problem(s) in {checked} file(s) checked", err=True)
        sys.exit(1)
    click.echo(f"{checked} file(s) checked: no problems")


@main.command(name="new")
@click.argument("slug")
@click.option(
    "--dir",
    "folder",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="Folder to write the files into.",
)
def new_command(slug: str, folder: Path) -> None:
    """Write a commented organisation file SLUG.yaml and a content folder that build as is."""
    made = new_organisation(slug, folder, dt.date.today())
    click.echo(f"{_shown(made.organisation_file)}  organisation file")
    click.echo(f"{_shown(made.chapter)}  your first chapter")
    click.echo(f"next: guide build {_shown(made.organisation_file)}")


@main.command(name="list")
def list_command() -> None:
    """List the roles, certifications (with their status today) and chapters."""
    sources = load_sources(BuildOptions())
    today = dt.date.today()
    click.echo("Roles")
    for role in sources.catalogue.roles.values():
        click.echo(f"  {role.id:<16} {role.title:<34} path: {' -> '.join(role.path)}")
    click.echo("\nCertifications (status today)")
    for cert in sources.catalogue.certifications.values():
        status = exam_status(cert, today)
        detail = f", retires {status.retires}" if status.retires else ""
        detail += f", successor {status.successor}" if status.successor else ""
        click.echo(f"  {cert.code:<8} {cert.exam_title[:52]:<53} {status.state}{detail}")
    click.echo("\nChapters")
    for chapter in sources.chapters:
        audience = chapter.meta.audience
        who = audience if isinstance(audience, str) else ", ".join(audience)
        click.echo(f"  {chapter.meta.id:<12} {chapter.meta.title[:44]:<45} for: {who}")
