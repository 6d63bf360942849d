"""``DIR/manifest.json``: every output of a run (and every failure), for people and machines.

Each entry names the organisation, the kind of output, its path (relative to DIR), pages,
bytes, SHA-256, the organisation's inputs hash and the seconds it took. The next run reads
it to skip organisations whose inputs and outputs are unchanged: ``fingerprint``, ``uses``,
``as_of``, ``days`` and ``reads`` (every file the render read, with its SHA-256) let it do so
without loading the build (``guide.batch.fingerprint``). A failure names the organisation,
its problems in one line (``message``) and each problem's fields (``problems``). Entries of
organisations a run did not build are kept while their files are on disk. Sharded runs write
``manifest-K-of-N.json``; the README shows how to merge them.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from guide import __version__
from guide.atomic import write_atomically
from guide.errors import Problem


@dataclass(frozen=True)
class Entry:
    organisation: str
    kind: str
    path: str
    pages: int
    bytes: int
    sha256: str
    inputs: str
    seconds: float
    fingerprint: str = ""
    uses: tuple[str, ...] = ()
    as_of: str = ""
    days: str = ""  # 'FROM/UNTIL': the days the output is as built (guide.batch.fingerprint)
    reads: tuple[tuple[str, str], ...] = ()  # (path, SHA-256) of every file the render read


@dataclass(frozen=True)
class Failure:
    """An organisation that failed, with every problem it had."""

    organisation: str
    problems: tuple[Problem, ...]

    def as_json(self) -> dict[str, Any]:
        return {
            "organisation": self.organisation,
            "message": "; ".join(str(problem) for problem in self.problems),
            "problems": [problem.as_json() for problem in self.problems],
        }


def manifest_name(shard: tuple[int, int] | None) -> str:
    return f"manifest-{shard[0]}-of-{shard[1]}.json" if shard else "manifest.json"


def read_entries(folder: Path) -> list[Entry]:
    """Entries of every manifest in ``folder`` (unreadable ones are ignored: nothing cached).
    Where manifests (a whole run's and a shard's, say) list the same output, the newest
    manifest's entry counts."""
    entries: dict[tuple[str, str], Entry] = {}
    manifests = []
    for path in folder.glob("manifest*.json"):
        try:
            manifests.append((path.stat().st_mtime_ns, path.name, path))
        except OSError:
            continue
    for _, _, path in sorted(manifests):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            read = [
                Entry(
                    **{
                        **item,
                        "uses": tuple(item.get("uses", ())),
                        "reads": tuple(sorted(dict(item.get("reads", {})).items())),
                    }
                )
                for item in data.get("outputs", [])
            ]
        except (OSError, ValueError, TypeError, AttributeError):  # not JSON, or not ours
            continue
        entries.update({(entry.organisation, entry.path): entry for entry in read})
    return list(entries.values())


def on_disk(entries: list[Entry], folder: Path) -> bool:
    """Whether every listed output is still a file (its bytes are not read)."""
    return all((folder / entry.path).is_file() for entry in entries)


def still_valid(entries: list[Entry], folder: Path) -> bool:
    """Whether every listed output still exists with the recorded bytes."""
    for entry in entries:
        path = folder / entry.path
        if not path.is_file() or hashlib.sha256(path.read_bytes()).hexdigest() != entry.sha256:
            return False
    return bool(entries)


def write_manifest(folder: Path, name: str, entries: list[Entry], failures: list[Failure]) -> Path:
    document: dict[str, Any] = {
        "tool": f"guide {__version__}",
        "outputs": [{**entry.__dict__, "reads": dict(entry.reads)} for entry in entries],
        "failures": [failure.as_json() for failure in failures],
    }
    path = folder / name
    write_atomically(path, (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode())
    return path
