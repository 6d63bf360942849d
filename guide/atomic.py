"""Write output files atomically: a reader sees the old file or the new one, never half of one.

Data goes to a temporary file in the destination folder, is flushed to disk, then renamed over
the destination. On any failure the temporary file is removed and the old file stays intact.
``replace_all`` does this for all of an organisation's files at once: every file is staged
before the first rename, so a failure (a full disk) leaves every old file as it was. Links
are never followed: a file that is a symbolic link is replaced by the rename, and a folder
that is one is refused.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

#: A temporary file this old was left by a build that was killed outright (SIGKILL, power).
STALE_SECONDS = 3600


def write_atomically(destination: Path, data: bytes) -> None:
    destination.parent.mkdir(parents=True, exist_ok=True)
    temporary = _write_temporary(destination, data)
    try:
        os.replace(temporary, destination)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


def _write_temporary(destination: Path, data: bytes) -> Path:
    """``data`` on disk in a temporary file beside ``destination``, ready to be renamed."""
    _sweep_stale(destination)
    handle, temporary = tempfile.mkstemp(
        prefix=f".{destination.name}.", suffix=".tmp", dir=destination.parent
    )
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    return Path(temporary)


def _sweep_stale(destination: Path) -> None:
    now = time.time()
    for leftover in destination.parent.glob(f".{destination.name}.*.tmp"):
        with contextlib.suppress(OSError):
            if now - leftover.stat().st_mtime > STALE_SECONDS:
                leftover.unlink()


class WriteError(Exception):
    """A file of ``replace_all`` could not be written: its name, and why."""

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(f"{name}: {reason}")
        self.name, self.reason = name, reason


@dataclass(frozen=True)
class _Staged:
    temporary: Path
    destination: Path


def replace_all(folder: Path, files: Sequence[tuple[str, bytes]]) -> list[Path]:
    """Write each ``(name, data)`` to ``folder/name`` (``name`` is relative, ``/``-separated):
    all of them, or none (raises ``WriteError`` naming the file that failed)."""
    staged: list[_Staged] = []
    try:
        for name, data in files:
            try:
                staged.append(_stage(folder, name, data))
            except (OSError, ValueError) as error:
                raise WriteError(name, _reason(error)) from None
        for index, file in enumerate(staged):  # the commit: every byte is on disk already
            try:
                os.replace(file.temporary, file.destination)
            except OSError as error:
                raise WriteError(files[index][0], _reason(error)) from None
    finally:
        for file in staged:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(file.temporary)
    return [file.destination for file in staged]


def _reason(error: OSError | ValueError) -> str:
    return error.strerror or str(error) if isinstance(error, OSError) else str(error)


def _stage(folder: Path, name: str, data: bytes) -> _Staged:
    parts = name.split("/")
    if any(part in {"", ".", ".."} or "\0" in part for part in parts):
        raise ValueError("not a plain relative file name")
    parent = folder
    parent.mkdir(parents=True, exist_ok=True)  # the folder given with -o: the user's choice
    for part in parts[:-1]:
        parent = parent / part
        with contextlib.suppress(FileExistsError):
            parent.mkdir()
        if not stat.S_ISDIR(os.lstat(parent).st_mode):  # a link is not followed
            raise ValueError(f"{parent} is a link or a file, not a folder")
    destination = parent / parts[-1]
    with contextlib.suppress(FileNotFoundError):
        if stat.S_ISDIR(os.lstat(destination).st_mode):
            raise IsADirectoryError(21, f"{destination} is a folder")
    return _Staged(_write_temporary(destination, data), destination)
