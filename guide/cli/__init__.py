"""The ``guide`` command: a thin shell over ``guide.build`` and ``guide.check``; the options
commands share live in ``options``, what ``guide list`` prints in ``listing``.

Exit codes: 0 everything built (or clean), 1 some organisation failed or has problems (one
line per problem on stderr), 2 usage error (Click's own).

Each command imports the library it needs when it runs: ``guide build`` with everything up
to date never loads validation, layout or the engine, and answers in a fraction of a second.
"""

from __future__ import annotations

import atexit
import datetime as dt
import gc
import signal
import sys
from pathlib import Path
from types import FrameType

import click

from guide import __version__, defaults
from guide.batch.reporting import make_reporter, named, shown
from guide.batch.run import default_jobs, in_shard, run_batch
from guide.cli.options import (
    MAX_AGE,
    TIME_LIMIT,
    InputPath,
    org_files_in,
    output_folder,
    parse_formats,
    parse_shard,
)
from guide.options import BuildOptions, InputFolders


def _stop_on_terminate() -> None:
    """Turn SIGTERM into a normal exit, so temporary files are cleaned up on the way out."""

    def terminate(signum: int, frame: FrameType | None) -> None:
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, terminate)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="guide")
def main() -> None:
    """Build printable, branded certification guides tailored to a team's role mix."""
    # The command's work is done when Python exits: the collection it runs then would scan
    # every object left (0.05-0.1 s of a build); frozen, they are freed with the process.
    atexit.register(gc.freeze)


@main.command()
@click.argument("paths", nargs=-1, type=InputPath())
@click.option(
    "-o",
    "--output",
    "output_dir",
    type=click.Path(path_type=Path),
    default=defaults.OUTPUT_DIR,
    show_default=True,
    callback=lambda ctx, param, value: output_folder(value),
    help="Folder to write DIR/<slug>/guide.pdf into.",
)
@TIME_LIMIT
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
    "--pdf-standard",
    type=click.Choice(["pdf/a-2b", "pdf/a-2u", "pdf/a-3b", "pdf/a-3u"]),
    default=None,
    help="Write the guide, trainer edition and handouts as PDF/A for archived training "
    "records (still tagged PDF/UA-1); overrides the organisation file's archive.standard.",
)
@click.option(
    "--attach",
    is_flag=True,
    help="Embed the organisation file and the plan (JSON) in each PDF/A-3 file.",
)
@MAX_AGE
@click.option(
    "-f",
    "--format",
    "formats",
    default="pdf",
    show_default=True,
    callback=lambda ctx, param, value: parse_formats(value),
    help="What to make of the guide: pdf, html (DIR/<slug>/guide.html with its files in "
    "assets/, for screens and phones) or pdf,html.",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes (default: the number of cores).",
)
@click.option("--force", is_flag=True, help="Rebuild even organisations that are up to date.")
@click.option(
    "--shard",
    metavar="K/N",
    default=None,
    help="Build only the K-th of N stable parts of the organisations (e.g. 2/4).",
)
@click.option("-q", "--quiet", is_flag=True, help="Print only problems.")
@click.option("-v", "--verbose", is_flag=True, help="Add the seconds each stage took.")
def build(
    paths: tuple[Path, ...],
    output_dir: Path,
    time_limit: float,
    handouts: bool,
    booklet: bool,
    pdf_standard: str | None,
    attach: bool,
    max_age: int | None,
    formats: tuple[str, ...],
    jobs: int | None,
    force: bool,
    shard: str | None,
    quiet: bool,
    verbose: bool,
) -> None:
    """Build a guide (PDF, HTML or both) for each organisation file.

    PATHS are organisation files or folders of them (*.yaml); with none, the bundled
    example organisations are built. Organisations whose inputs did not change since the
    last run are skipped ('up to date'); DIR/manifest.json lists every output.
    """
    _stop_on_terminate()
    if attach and pdf_standard and not pdf_standard.startswith("pdf/a-3"):
        raise click.BadParameter(
            f"{pdf_standard} may embed only PDF/A files; use --pdf-standard pdf/a-3u",
            param_hint="--attach",
        )
    options = BuildOptions(
        output_dir=output_dir,
        time_limit=time_limit,
        handouts=handouts,
        booklet=booklet,
        pdf_standard=pdf_standard,
        attach=attach,
        max_age_days=max_age or defaults.MAX_AGE_DAYS,
        formats=formats,
    )
    org_files = org_files_in(paths)
    parts = parse_shard(shard)
    selected = [file for file in org_files if in_shard(file, parts)]
    reporter = make_reporter(len(selected), quiet, verbose)
    outcomes = run_batch(
        selected,
        options,
        jobs=jobs or default_jobs(),
        force=force,
        shard=parts,
        report=reporter.report,
    )
    reporter.finish()
    if any(outcome.status == "failed" for outcome in outcomes):
        sys.exit(1)


@main.command(name="check")
@click.argument("paths", nargs=-1, type=InputPath())
@MAX_AGE
@TIME_LIMIT
def check_command(paths: tuple[Path, ...], max_age: int | None, time_limit: float) -> None:
    """Check organisation files, chapters, catalogue and templates without rendering.

    PATHS are organisation files, folders of them, or chapter files (*.md); with none, the
    bundled examples. Every problem is reported as file:line:col: message.
    """
    chapters = tuple(path for path in paths if path.suffix == ".md")
    orgs = tuple(path for path in paths if path.suffix != ".md")
    org_files = org_files_in(orgs) if orgs or not chapters else []
    from guide.check import check

    options = BuildOptions(
        max_age_days=max_age or defaults.MAX_AGE_DAYS,
        bundled_notes=max_age is not None,
        time_limit=time_limit,
    )
    report = check([*chapters, *org_files], options)
    shown_warnings: set[tuple[str | None, str]] = set()
    for problem in report.shared_problems:
        click.echo(str(problem), err=True)
    for result in report.files:
        for problem in result.problems:
            click.echo(str(problem), err=True)
        for notice in result.notices:
            click.echo(f"{named(result.file)}: {notice.callout.lower()}: {notice.text}", err=True)
        for warning in result.warnings:
            said = (warning.key, warning.message)  # shared content: say it once
            if said not in shown_warnings:
                shown_warnings.add(said)
                click.echo(str(warning), err=True)
    checked = len(report.files)
    if not report.ok:
        click.echo(f"{len(report.problems)} problem(s) in {checked} file(s) checked", err=True)
        sys.exit(1)
    count = len(shown_warnings)
    warned = f", {count} warning{'s' if count > 1 else ''} above" if count else ""
    click.echo(f"{checked} file(s) checked: no problems{warned}")


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
    from guide.org.scaffold import new_organisation

    made = new_organisation(slug, folder, dt.date.today())
    click.echo(f"{shown(made.organisation_file)}  organisation file")
    click.echo(f"{shown(made.chapter)}  your first chapter")
    click.echo(f"next: guide build {shown(made.organisation_file)}")


@main.command(name="serve")
@click.argument(
    "org_file",
    required=False,
    type=InputPath(dir_okay=False),
)
@click.option(
    "-p",
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="Port on 127.0.0.1 (0: any free port).",
)
@click.option("--open", "open_browser", is_flag=True, help="Open the preview in a web browser.")
@TIME_LIMIT
def serve_command(org_file: Path | None, port: int, open_browser: bool, time_limit: float) -> None:
    """Preview ORG_FILE's guide in a browser, rebuilt and reloaded as you save.

    Watches the organisation file, content, templates and styles; a build error shows in
    the page until it is fixed. /guide.pdf gives the PDF. With no ORG_FILE, the bundled
    example contoso.yaml is served.
    """
    from guide.serve.server import serve

    _stop_on_terminate()
    org = org_file or defaults.ORGS_DIR / "contoso.yaml"
    serve(
        Path(shown(org)),
        BuildOptions(time_limit=time_limit),
        port,
        say=lambda line: click.echo(line, err=True),
        ready=click.launch if open_browser else None,
    )


@main.command(name="list")
def list_command() -> None:
    """List the roles, certifications (with their status today) and chapters."""
    from rich.console import Console

    from guide.cli.listing import catalogue_tables, print_tables

    print_tables(catalogue_tables(InputFolders(), dt.date.today()), Console(highlight=False))
