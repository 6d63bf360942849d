"""Write output files atomically: a reader sees the old file or the new one, never half of one.

Data goes to a temporary file in the destination folder, is flushed to disk, then renamed over
the destination. On any failure the temporary file is removed and the old file stays intact.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import time
from pathlib import Path

#: A temporary file this old was left by a build that was killed outright (SIGKILL, power).
STALE_SECONDS = 3600


def write_atomically(destination: Path, data: bytes) -> None:
    destination.parent.mkdir(parents=True, exist_ok=True)
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
        os.replace(temporary, destination)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


def _sweep_stale(destination: Path) -> None:
    now = time.time()
    for leftover in destination.parent.glob(f".{destination.name}.*.tmp"):
        with contextlib.suppress(OSError):
            if now - leftover.stat().st_mtime > STALE_SECONDS:
                leftover.unlink()


def resolve_under(folder: Path, *parts: str) -> Path:
    """``folder/parts``, refusing any result that escapes ``folder``."""
    base = folder.resolve()
    target = base.joinpath(*parts).resolve()
    if not target.is_relative_to(base):
        raise ValueError(f"{target} is outside {base}")
    return target
