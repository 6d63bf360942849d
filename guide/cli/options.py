"""The options several ``guide`` commands share, and the parsers of the command line's values.

Click calls the parsers; they raise Click's usage errors, so a bad value exits with code 2.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from guide import defaults
from guide.batch.reporting import shown
from guide.batch.run import find_org_files

MAX_AGE = click.option(
    "--max-age",
    type=click.IntRange(min=1),
    default=None,
    help=f"Days after which unreviewed content is reported as stale (default "
    f"{defaults.MAX_AGE_DAYS}). Given to 'guide check', it also lists the notes on the bundled "
    "content (sources without an address, review dates), for whoever maintains it.",
)

TIME_LIMIT = click.option(
    "--time-limit",
    type=click.FloatRange(min=1),
    default=defaults.TIME_LIMIT_SECONDS,
    show_default=True,
    help="Seconds one organisation (or chapter file) may take before it fails with 'timed out'.",
)


class InputPath(click.Path):
    """An existing file or folder; a name given without its ``.yaml`` (``guide build acme``)
    is told the name it most likely meant."""

    def __init__(self, dir_okay: bool = True) -> None:
        super().__init__(exists=True, dir_okay=dir_okay, path_type=Path)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, str) and not Path(value).exists():
            for suffix in (".yaml", ".yml", ".md"):
                if Path(value + suffix).is_file():
                    meant = f"'{value}' does not exist; did you mean {value}{suffix}?"
                    self.fail(meant, param, ctx)
        return super().convert(value, param, ctx)


def org_files_in(paths: tuple[Path, ...]) -> list[Path]:
    """The organisation files in ``paths`` (the bundled examples when there are none)."""
    files = [Path(shown(file)) for file in find_org_files(paths or (defaults.ORGS_DIR,))]
    if not files:
        raise click.UsageError("no organisation files (*.yaml) found in the given paths")
    return files


def output_folder(folder: Path) -> Path:
    """``folder``, if it is one or can be made: no part of it may be a file."""
    for part in (folder, *folder.parents):
        if part.exists():
            if not part.is_dir():
                made = "" if part == folder else f", so '{folder}' cannot be made"
                raise click.BadParameter(
                    f"'{part}' is a file, not a folder{made}; choose another output folder",
                    param_hint="-o",
                )
            break
    return folder


def parse_formats(value: str) -> tuple[str, ...]:
    formats = tuple(dict.fromkeys(part.strip().lower() for part in value.split(",")))
    unknown = [name for name in formats if name not in {"pdf", "html"}]
    if unknown or not formats:
        raise click.BadParameter(
            f"unknown format '{unknown[0] if unknown else value}'; use pdf, html or pdf,html",
            param_hint="--format",
        )
    return formats


def parse_shard(value: str | None) -> tuple[int, int] | None:
    if value is None:
        return None
    try:
        number, count = (int(part) for part in value.split("/"))
    except ValueError:
        raise click.BadParameter("write it as K/N, e.g. 2/4", param_hint="--shard") from None
    if not 1 <= number <= count:
        raise click.BadParameter(f"K must be between 1 and {count}", param_hint="--shard")
    return number, count
