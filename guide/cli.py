"""The ``guide`` command: a thin shell over ``guide.build``.

Exit codes: 0 everything built, 1 some organisation failed (one line per problem on stderr),
2 usage error (Click's own).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from guide import __version__, defaults
from guide.build import BuildOptions, build_guide, find_org_files, load_sources
from guide.errors import GuideError, InputError


def _shown(path: Path) -> str:
    """``path`` relative to the working folder when it is inside it, else as given."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _fail_line(org_file: Path, error: GuideError) -> list[str]:
    if isinstance(error, InputError):
        return [str(problem) for problem in error.problems]
    message = error.format_message()
    return [message if message.startswith(str(org_file)) else f"{org_file}: {message}"]


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
    type=click.Path(file_okay=False, path_type=Path),
    default=defaults.OUTPUT_DIR,
    show_default=True,
    help="Folder to write DIR/<slug>/guide.pdf into.",
)
def build(paths: tuple[Path, ...], output_dir: Path) -> None:
    """Build a PDF guide for each organisation file.

    PATHS are organisation files or folders of them (*.yaml); with none, the bundled
    example organisations are built.
    """
    options = BuildOptions(output_dir=output_dir)
    org_files = [Path(_shown(file)) for file in find_org_files(paths or (defaults.ORGS_DIR,))]
    if not org_files:
        raise click.UsageError("no organisation files (*.yaml) found in the given paths")
    try:
        sources = load_sources(options)
    except GuideError as error:
        for line in _fail_line(options.content_dir, error):
            click.echo(line, err=True)
        sys.exit(1)
    failed = 0
    slugs: dict[str, Path] = {}
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
            for line in _fail_line(org_file, error):
                click.echo(line, err=True)
            continue
        for notice in result.notices:
            click.echo(f"{org_file}: {notice.callout.lower()}: {notice.text}", err=True)
        click.echo(f"{_shown(result.pdf)}  {result.pages} pages  {result.seconds:.1f} s")
    if failed:
        click.echo(f"{failed} of {len(org_files)} organisation(s) failed", err=True)
        sys.exit(1)
