"""A build reads each organisation file once: gathering reads it, and the exact check, the
preparation and every edition use what was gathered. Every open of the file is counted, by
whichever function, so a second read anywhere fails these tests."""

from __future__ import annotations

import builtins
import io
import os
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from guide import defaults
from guide.batch.run import run_batch
from guide.build import build_guide
from guide.options import BuildOptions


def count_opens(monkeypatch: pytest.MonkeyPatch, files: list[Path]) -> Counter[Path]:
    """How often each of ``files`` is opened from now on (``os.open`` and ``open``)."""
    wanted = {file.resolve() for file in files}
    opened: Counter[Path] = Counter()

    def note(path: Any) -> None:
        if isinstance(path, (str, os.PathLike)):
            resolved = Path(path).resolve()
            if resolved in wanted:
                opened[resolved] += 1

    def counting(real: Any) -> Any:
        def wrapper(path: Any, *args: Any, **kwargs: Any) -> Any:
            note(path)
            return real(path, *args, **kwargs)

        return wrapper

    monkeypatch.setattr(os, "open", counting(os.open))
    monkeypatch.setattr(io, "open", counting(io.open))
    monkeypatch.setattr(builtins, "open", counting(builtins.open))
    return opened


def examples(folder: Path) -> Path:
    orgs = folder / "orgs"
    shutil.copytree(defaults.ORGS_DIR, orgs)
    return orgs


def test_building_one_guide_reads_its_organisation_file_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    org = examples(tmp_path) / "contoso.yaml"
    opened = count_opens(monkeypatch, [org])
    result = build_guide(org, BuildOptions(output_dir=tmp_path / "out"))
    assert result.pages > 10
    assert opened == {org.resolve(): 1}


def test_a_batch_reads_each_organisation_file_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    orgs = examples(tmp_path)
    files = [orgs / "fabrikam.yaml", orgs / "northwind.yaml"]
    options = BuildOptions(output_dir=tmp_path / "out", formats=("html",))
    opened = count_opens(monkeypatch, files)
    outcomes = run_batch(files, options)
    assert [outcome.status for outcome in outcomes] == ["built", "built"]
    assert opened == {file.resolve(): 1 for file in files}
    # changed since: the quick check reads it, and the build uses the bytes it read
    with files[0].open("a", encoding="utf-8") as org:
        org.write("# edited\n")
    opened.clear()
    outcomes = run_batch(files, options)
    assert {o.org_file: o.status for o in outcomes} == {
        files[0]: "built",
        files[1]: "up to date",
    }
    assert opened == {file.resolve(): 1 for file in files}
    html = (tmp_path / "out" / "fabrikam" / defaults.HTML_NAME).read_text(encoding="utf-8")
    assert "Fabrikam" in html
