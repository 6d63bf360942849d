"""Which input files may be read, and how: one rule for every path and every read.

A path may be used when, resolved (symlinks followed), it lies inside one of the roots it is
confined to. An organisation's roots are its own folder, or, when other organisation files
share that folder, only its file and the files and folders it names. A file is read only if
it is a regular file (not a FIFO, device or folder) no larger than the reader's limit,
checked on the opened descriptor before anything is read.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Sequence
from pathlib import Path

from guide.errors import input_error

#: Logos, fonts and images: the largest file the PDF engine is given.
MAX_RESOURCE_BYTES = 20_000_000
#: YAML input files are small; anything bigger is a mistake (or an attack).
MAX_YAML_BYTES = 1_000_000

ADVICE = (
    "an organisation whose folder holds other organisation files reads only its file and the "
    "files and folders it names: put its chapters and images in a folder named in content.add "
    "(e.g. acme-content/), or give the organisation a folder of its own"
)


def inside(path: Path, roots: Iterable[Path]) -> bool:
    """Whether ``path``, resolved, is one of ``roots`` or lies under one of them."""
    resolved = path.resolve()
    return any(resolved.is_relative_to(root.resolve()) for root in roots)


def outside(what: str, roots: Sequence[Path]) -> str:
    """The message for ``what`` (e.g. "include '../x.md'") refused by ``roots``."""
    message = f"{what} is outside the content folders"
    # A file among the roots means an organisation sharing its folder: say how to fix it.
    return f"{message}; {ADVICE}" if any(root.is_file() for root in roots) else message


def other_organisations(org_file: Path) -> list[Path]:
    """The other organisation files (``*.yaml``, ``*.yml``) in ``org_file``'s folder."""
    me = org_file.resolve()
    found = [*me.parent.glob("*.yaml"), *me.parent.glob("*.yml")]
    return sorted(path for path in found if path.resolve() != me)


def organisation_roots(org_file: Path, named: Iterable[Path]) -> tuple[Path, ...]:
    """The folder of ``org_file`` if no other organisation file shares it; otherwise the file
    itself and the ``named`` files and folders (already resolved)."""
    me = org_file.resolve()
    if not other_organisations(me):
        return (me.parent,)
    return tuple(dict.fromkeys([me, *named]))


def read_input(file: Path, limit: int, *, head: int | None = None) -> bytes:
    """The bytes of ``file`` (only its first ``head`` bytes, if given), a regular file of at
    most ``limit`` bytes; a one-line error for anything else. Opened without blocking, so a
    FIFO cannot hang the build."""
    try:
        handle = os.open(file, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        raise input_error(file, "file not found") from None
    except OSError as error:
        raise input_error(file, f"cannot read file: {error.strerror}") from None
    try:
        status = os.fstat(handle)
        if stat.S_ISDIR(status.st_mode):
            raise input_error(file, "is a folder, not a file")
        if not stat.S_ISREG(status.st_mode):
            raise input_error(
                file, "not a regular file (a pipe, device or socket); only files are read"
            )
        if status.st_size > limit:
            raise input_error(file, f"file is {status.st_size} bytes; the limit is {limit}")
        chunks: list[bytes] = []
        size = 0
        wanted = limit + 1 if head is None else min(head, limit)
        while size < wanted:  # the file may grow while it is read: never past the limit
            chunk = os.read(handle, min(1 << 20, wanted - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as error:
        raise input_error(file, f"cannot read file: {error.strerror}") from None
    finally:
        os.close(handle)
    if size > limit:
        raise input_error(file, f"file grew past the limit of {limit} bytes while read")
    return b"".join(chunks)


def read_organisation_file(file: Path) -> bytes:
    """The bytes of an organisation file. Every read of one goes through here, and a build
    reads each once: the bytes it validates are the bytes its inputs hash covers."""
    return read_input(file, MAX_YAML_BYTES)
