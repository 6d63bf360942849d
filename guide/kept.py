"""Entries kept between builds in a folder of bounded size: ``KeptFolder``.

What the parts cache (``guide.render.parts.cache``) and the chapters' rendered Markdown
(``guide.compose.kept_chapters``) keep. An entry is one file: a line of JSON (what the
entry describes, its key, the SHA-256 of its data and of each file it was made from), then
the data. One that cannot be read, does not match its key or its digest, or was made from
a file that has changed since is ignored (and overwritten by the next write), never trusted.
Each kind of entry has its suffix and its limit: the entries of a kind used longest ago are
removed first once the folder holds more.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: The folder of kept entries, in the output folder beside the manifest.
FOLDER = ".parts"
#: The suffix of a part's entry (``guide.render.parts.cache``).
PART = ".part"


def holds(folder: Path, suffix: str) -> bool:
    """Whether ``folder`` holds any entry of the kind ``suffix`` names."""
    try:
        with os.scandir(folder) as entries:
            return any(entry.name.endswith(suffix) for entry in entries)
    except OSError:
        return False


@dataclass
class KeptFolder:
    folder: Path
    suffix: str  # of this kind's entries
    limit: int  # bytes this kind's entries may take
    _digests: dict[str, tuple[tuple[int, int], str]] = field(default_factory=dict)
    _size: int | None = None  # this kind's bytes at most (an entry rewritten counts twice)

    def digest(self, path: str) -> str | None:
        """The SHA-256 of a file's bytes, hashed once while its size and time stay."""
        try:
            status = os.stat(path)
        except OSError:
            return None
        stamp = (status.st_mtime_ns, status.st_size)
        known = self._digests.get(path)
        if known is None or known[0] != stamp:
            try:
                known = (stamp, hashlib.sha256(Path(path).read_bytes()).hexdigest())
            except OSError:
                return None
            self._digests[path] = known
        return known[1]

    def read(self, key: str) -> tuple[dict[str, Any], bytes] | None:
        """What was kept under ``key`` (its description and data), if it can be trusted."""
        path = self.folder / f"{key}{self.suffix}"
        try:
            raw = path.read_bytes()
            head, _, data = raw.partition(b"\n")
            described = json.loads(head)
        except (OSError, ValueError):
            return None
        if not isinstance(described, dict) or described.get("key") != key:
            return None
        if described.get("sha256") != hashlib.sha256(data).hexdigest():
            return None
        reads = described.get("reads")
        if not isinstance(reads, list) or any(
            not isinstance(item, list) or len(item) != 2 or self.digest(str(item[0])) != item[1]
            for item in reads
        ):
            return None
        with contextlib.suppress(OSError):
            os.utime(path)  # used now: kept longer
        return described, data

    def write(self, key: str, described: dict[str, Any], data: bytes) -> None:
        """Keep ``data`` under ``key``; ``described`` holds its ``reads``: [path, SHA-256]."""
        described = {**described, "key": key, "sha256": hashlib.sha256(data).hexdigest()}
        head = json.dumps(described, sort_keys=True).encode()
        temporary = self.folder / f".{key}.{os.getpid()}.tmp"
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            entry = head + b"\n" + data
            temporary.write_bytes(entry)
            temporary.replace(self.folder / f"{key}{self.suffix}")
            if self._size is None:  # the folder is listed once, not at every write
                self._trim()
            else:
                self._size += len(entry)
                if self._size > self.limit:
                    self._trim()
        except OSError:  # a cache that cannot be written costs time, not the build
            with contextlib.suppress(OSError):
                temporary.unlink(missing_ok=True)

    def _trim(self) -> None:
        """Remove the entries used longest ago until this kind's fit ``limit``."""
        statuses = [(entry, entry.stat()) for entry in self.folder.glob(f"*{self.suffix}")]
        entries = sorted((status.st_mtime, status.st_size, entry) for entry, status in statuses)
        total = sum(size for _, size, _ in entries)
        for _, size, entry in entries:
            if total <= self.limit:
                break
            entry.unlink(missing_ok=True)
            total -= size
        self._size = total
