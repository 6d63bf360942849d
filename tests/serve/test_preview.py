"""The live preview's rebuild rules, through its library API (no server, no browser)."""

from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path

import pytest

from guide import defaults
from guide.options import BuildOptions, InputFolders
from guide.serve.preview import Preview, follow_changes
from guide.serve.server import page
from tests.conftest import GOOD


def preview_of(tmp_path: Path) -> tuple[Preview, Path, Path]:
    styles = tmp_path / "styles"
    shutil.copytree(defaults.STYLES_DIR, styles)
    org = tmp_path / "orgs" / "acme.yaml"
    org.parent.mkdir()
    org.write_text(GOOD)
    options = BuildOptions(output_dir=tmp_path / "out", folders=InputFolders(styles_dir=styles))
    return Preview(org, options, pdf=False), org, styles


def test_each_rebuild_is_a_new_version_and_a_broken_one_keeps_the_last_good_page(
    tmp_path: Path,
) -> None:
    preview, org, _ = preview_of(tmp_path)
    first = preview.rebuild()
    assert first.version == 1 and not first.problems
    assert first.page is not None and "Acme Corp" in first.page
    org.write_text(GOOD.replace("name: Acme Corp", "name: Acme Group"))
    second = preview.rebuild([org])
    assert second.version == 2 and second.page is not None and "Acme Group" in second.page
    org.write_text(GOOD.replace("roles:", "rolez:"))
    broken = preview.rebuild([org])
    assert broken.version == 3
    assert broken.page == second.page  # the last good page stays behind the overlay
    assert broken.problems and (broken.problems[0].file, broken.problems[0].line) == (org, 6)
    shown = page(broken)
    assert 'id="guide-preview-error"' in shown and "rolez" in shown and "Acme Group" in shown
    # the problem is escaped into the page, never markup
    org.write_text(GOOD + "<script>alert(1)</script>: x\n")
    hostile = page(preview.rebuild([org]))
    assert "<script>alert(1)</script>" not in hostile and "&lt;script&gt;" in hostile


def test_saving_a_stylesheet_does_not_hide_a_broken_organisation_file(tmp_path: Path) -> None:
    preview, org, styles = preview_of(tmp_path)
    preview.rebuild()
    org.write_text(GOOD.replace("roles:", "rolez:"))
    assert preview.rebuild([org]).problems
    (styles / "screen.css").write_text((styles / "screen.css").read_text() + "\n/* x */\n")
    assert preview.rebuild([styles / "screen.css"]).problems
    org.write_text(GOOD)
    fixed = preview.rebuild([org])
    assert not fixed.problems and fixed.page is not None


def test_files_that_cannot_change_this_guide_are_ignored(tmp_path: Path) -> None:
    preview, org, styles = preview_of(tmp_path)
    assert preview.relevant(org)
    assert preview.relevant(styles / "screen.css")
    assert preview.relevant(org.parent / "logo.svg")
    assert not preview.relevant(org.parent / "another-client.yaml")
    assert not preview.relevant(tmp_path / "out" / "acme" / "guide.html")
    assert not preview.relevant(org.parent / "serve.log")  # ``guide serve > serve.log``
    assert not preview.relevant(org.parent / ".acme.yaml.swp")
    assert not preview.relevant(org.parent / "acme.yaml~")
    assert preview.relevant(org.parent / "new-chapter.md")


def test_a_file_the_build_read_is_watched_whatever_its_kind(tmp_path: Path) -> None:
    preview, org, _ = preview_of(tmp_path)
    (org.parent / "ours.md").write_text(
        "---\nid: ours\ntitle: Ours\naudience: all\nreviewed: 2026-11-01\n---\n"
        ':::code language="powershell" source="setup.ps1":::\n'
    )
    (org.parent / "setup.ps1").write_text("Get-Thing\n")
    org.write_text(GOOD + "content:\n  add: [ours.md]\n")
    assert not preview.relevant(org.parent / "setup.ps1")  # not read yet: not a guide's kind
    assert not preview.rebuild().problems
    assert preview.relevant(org.parent / "setup.ps1")


@pytest.mark.slow
def test_a_file_growing_in_the_organisations_folder_starts_no_rebuild(tmp_path: Path) -> None:
    """``guide serve > serve.log`` in the organisation's folder: the log grows with every
    rebuild, and must not start another."""
    preview, org, _ = preview_of(tmp_path)
    stop = threading.Event()
    versions: list[int] = []
    watcher = threading.Thread(
        target=follow_changes,
        args=(preview, stop, lambda snapshot: versions.append(snapshot.version)),
        daemon=True,
    )
    watcher.start()
    try:
        time.sleep(1.0)  # the watcher is watching
        log = org.parent / "serve.log"
        for line in range(20):
            with log.open("a") as written:
                written.write(f"rebuilt version {line}\n")
            time.sleep(0.15)
        time.sleep(1.5)  # past the watcher's debounce
        assert versions == []
        org.write_text(GOOD.replace("name: Acme Corp", "name: Acme Group"))
        deadline = time.monotonic() + 60
        while not versions and time.monotonic() < deadline:
            time.sleep(0.1)
        assert versions == [1]  # the organisation file's save, once
    finally:
        stop.set()
        watcher.join(timeout=10)


def test_no_pdf_is_waited_for_before_a_first_good_build(tmp_path: Path) -> None:
    preview, org, _ = preview_of(tmp_path)
    org.write_text("organisation: [")
    assert preview.rebuild().problems
    answers: list[object] = []
    asking = threading.Thread(target=lambda: answers.append(preview.pdf(timeout=120)))
    asking.start()
    asking.join(timeout=10)  # at once, not after the two minutes a render may take
    assert not asking.is_alive() and answers == [None]
    assert "guide-preview-error" in page(preview.snapshot)
