"""``manifest.json``: written and read back whole, shards merged, outputs checked on disk."""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import replace
from pathlib import Path

import pytest

from guide import __version__
from guide.batch.manifest import (
    Entry,
    Failure,
    manifest_name,
    on_disk,
    read_entries,
    still_valid,
    write_manifest,
)
from guide.errors import Problem


def entry(organisation: str, path: str, **fields: object) -> Entry:
    base = Entry(organisation, "guide", path, 12, 3456, "ab" * 32, "cd" * 32, 1.5)
    return replace(base, **fields)  # type: ignore[arg-type]


FULL = entry(
    "/orgs/acme.yaml",
    "acme/guide.pdf",
    fingerprint="ef" * 32,
    uses=("/orgs/logo.svg", "/orgs/acme-content/extra.md"),
    as_of="2026-11-29",
    days="2026-07-01/2027-03-31",
    reads=(("/orgs/logo.svg", "01" * 32), ("/orgs/a.png", "02" * 32)),
)


def write(folder: Path, name: str, entries: list[Entry], mtime_ns: int | None = None) -> Path:
    path = write_manifest(folder, name, entries, [])
    if mtime_ns is not None:
        os.utime(path, ns=(mtime_ns, mtime_ns))
    return path


def test_entries_come_back_as_written(tmp_path: Path) -> None:
    other = entry("/orgs/globex.yaml", "globex/guide.pdf")
    write(tmp_path, "manifest.json", [FULL, other])
    by_path = {e.path: e for e in read_entries(tmp_path)}
    # reads come back sorted by path: the order the render read them in does not matter
    assert by_path["acme/guide.pdf"] == replace(FULL, reads=tuple(sorted(FULL.reads)))
    assert by_path["globex/guide.pdf"] == other


def test_the_file_says_what_wrote_it_and_lists_failures(tmp_path: Path) -> None:
    problem = Problem(Path("broken.yaml"), "unknown role 'x'", 3, 7, key="team.roles.x")
    failure = Failure("/orgs/broken.yaml", (problem,))
    path = write_manifest(tmp_path, "manifest.json", [FULL], [failure])
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["tool"] == f"guide {__version__}"
    assert document["failures"] == [
        {
            "organisation": "/orgs/broken.yaml",
            "message": str(problem),
            "problems": [
                {
                    "file": "broken.yaml",
                    "line": 3,
                    "column": 7,
                    "key": "team.roles.x",
                    "message": "unknown role 'x'",
                    "severity": "error",
                }
            ],
        }
    ]
    [output] = document["outputs"]
    assert output["reads"] == {"/orgs/logo.svg": "01" * 32, "/orgs/a.png": "02" * 32}
    assert output["uses"] == ["/orgs/logo.svg", "/orgs/acme-content/extra.md"]
    assert path.read_text(encoding="utf-8").endswith("}\n")


def test_shards_merge_and_the_newest_entry_for_an_output_wins(tmp_path: Path) -> None:
    acme_old = entry("/orgs/acme.yaml", "acme/guide.pdf", inputs="old")
    acme_new = entry("/orgs/acme.yaml", "acme/guide.pdf", inputs="new")
    globex = entry("/orgs/globex.yaml", "globex/guide.pdf")
    initech = entry("/orgs/initech.yaml", "initech/guide.pdf")
    write(tmp_path, manifest_name(None), [acme_old, globex], mtime_ns=1_000_000_000)
    write(tmp_path, manifest_name((1, 2)), [acme_new], mtime_ns=3_000_000_000)
    write(tmp_path, manifest_name((2, 2)), [initech], mtime_ns=2_000_000_000)
    merged = {e.organisation: e.inputs for e in read_entries(tmp_path)}
    assert merged == {
        "/orgs/acme.yaml": "new",
        "/orgs/globex.yaml": globex.inputs,
        "/orgs/initech.yaml": initech.inputs,
    }


def test_an_older_whole_run_does_not_override_a_newer_shard(tmp_path: Path) -> None:
    write(tmp_path, "manifest-1-of-2.json", [entry("/o/a.yaml", "a.pdf", inputs="shard")], 9)
    write(tmp_path, "manifest.json", [entry("/o/a.yaml", "a.pdf", inputs="run")], 5)
    assert [e.inputs for e in read_entries(tmp_path)] == ["shard"]


@pytest.mark.parametrize(
    "text",
    ["not json", "[]", '"text"', '{"outputs": [{"organisation": "x"}]}', '{"outputs": 3}', ""],
)
def test_an_unreadable_manifest_is_ignored(tmp_path: Path, text: str) -> None:
    write(tmp_path, "manifest.json", [FULL], mtime_ns=1)
    (tmp_path / "manifest-2-of-2.json").write_text(text, encoding="utf-8")
    assert [e.path for e in read_entries(tmp_path)] == [FULL.path]


def test_no_manifest_is_no_entries(tmp_path: Path) -> None:
    assert read_entries(tmp_path) == []


@pytest.mark.parametrize("shard, name", [(None, "manifest.json"), ((2, 5), "manifest-2-of-5.json")])
def test_manifest_name(shard: tuple[int, int] | None, name: str) -> None:
    assert manifest_name(shard) == name


def test_outputs_are_checked_on_disk_by_their_bytes(tmp_path: Path) -> None:
    pdf = b"%PDF-1.7 guide"
    (tmp_path / "acme").mkdir()
    (tmp_path / "acme" / "guide.pdf").write_bytes(pdf)
    good = entry("/o/acme.yaml", "acme/guide.pdf", sha256=hashlib.sha256(pdf).hexdigest())
    assert on_disk([good], tmp_path) and still_valid([good], tmp_path)
    changed = replace(good, sha256="0" * 64)
    assert on_disk([changed], tmp_path) and not still_valid([changed], tmp_path)
    gone = replace(good, path="acme/handouts.pdf")
    assert not on_disk([good, gone], tmp_path)
    assert not still_valid([good, gone], tmp_path)
    assert not still_valid([], tmp_path)  # nothing recorded is nothing to skip
