"""Many organisations: worker pool, up-to-date skipping, manifest, shards, identical bytes."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from guide import defaults
from guide.batch.run import in_shard, run_batch
from guide.cli import main
from guide.options import BuildOptions, InputFolders

REPO = Path(__file__).resolve().parents[2]


def copy_examples(folder: Path) -> Path:
    orgs = folder / "orgs"
    shutil.copytree(defaults.ORGS_DIR, orgs)
    return orgs


def manifest(out: Path, name: str = "manifest.json") -> dict[str, list[dict[str, object]]]:
    data: dict[str, list[dict[str, object]]] = json.loads((out / name).read_text())
    return data


@pytest.mark.slow
def test_broken_organisation_does_not_stop_the_pool(tmp_path: Path) -> None:
    orgs = copy_examples(tmp_path)
    (orgs / "broken.yaml").write_text("organisation: {name: Broken}\nteam: {roles: {chef: 2}}\n")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(orgs), "-o", str(out), "--jobs", "2"])
    assert result.exit_code == 1
    assert "broken.yaml:2:16: team.roles.chef: unknown role 'chef'" in result.stderr
    assert "1 of 4 organisation(s) failed" in result.stderr
    built = sorted(p.parent.name for p in out.glob("*/guide.pdf"))
    assert built == ["contoso", "fabrikam", "northwind"]
    failures = manifest(out)["failures"]
    assert [f["organisation"] for f in failures] == [str(orgs / "broken.yaml")]


@pytest.mark.slow
def test_manifest_matches_the_files_on_disk(tmp_path: Path) -> None:
    orgs = copy_examples(tmp_path)
    out = tmp_path / "out"
    assert (
        CliRunner()
        .invoke(
            main,
            ["build", str(orgs / "fabrikam.yaml"), "-o", str(out), "--handouts", "--jobs", "1"],
        )
        .exit_code
        == 0
    )
    entries = manifest(out)["outputs"]
    kinds = sorted({str(e["kind"]) for e in entries})
    assert kinds == ["guide", "handout", "handouts", "trainer"]
    on_disk = sorted(str(p.relative_to(out)) for p in out.rglob("*.pdf"))
    assert sorted(str(e["path"]) for e in entries) == on_disk
    for entry in entries:
        data = (out / str(entry["path"])).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"]
        assert len(data) == entry["bytes"]
        assert int(str(entry["pages"])) >= 1 and len(str(entry["inputs"])) == 64


@pytest.mark.slow
def test_second_run_skips_everything_without_importing_weasyprint(tmp_path: Path) -> None:
    orgs = copy_examples(tmp_path)
    out = tmp_path / "out"
    first = subprocess.run(
        [sys.executable, "-m", "guide", "build", str(orgs), "-o", str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert first.returncode == 0, first.stderr
    code = (
        "import sys\nfrom guide.cli import main\n"
        f"try:\n    main(['build', {str(orgs)!r}, '-o', {str(out)!r}])\n"
        "except SystemExit as stop:\n    assert not stop.code, stop.code\n"
        "print('weasyprint imported:', 'weasyprint' in sys.modules)\n"
        "print('validation loaded:',\n"
        "      'pydantic' in sys.modules or 'guide.compose.prepare' in sys.modules)"
    )
    second = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True)
    assert second.returncode == 0, second.stderr
    assert second.stdout.count(": up to date") == 3
    assert "weasyprint imported: False" in second.stdout
    assert "validation loaded: False" in second.stdout  # answered from the manifest alone
    forced = subprocess.run(
        [
            sys.executable,
            "-m",
            "guide",
            "build",
            str(orgs / "fabrikam.yaml"),
            "-o",
            str(out),
            "--force",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert "fabrikam/guide.pdf" in forced.stdout


@pytest.mark.slow
def test_touched_chapter_rebuilds_only_the_organisations_that_use_it(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(defaults.CONTENT_DIR, content)
    orgs = copy_examples(tmp_path)
    options = BuildOptions(output_dir=tmp_path / "out", folders=InputFolders(content_dir=content))
    files = sorted(orgs.glob("*.yaml"))
    assert {o.status for o in run_batch(files, options)} == {"built"}
    assert {o.status for o in run_batch(files, options)} == {"up to date"}
    chapter = content / "chapters" / "ab-650.md"  # not in fabrikam's guide: nobody takes it
    text = chapter.read_text()
    chapter.write_text(text.replace("## Before you start", "## Before you begin"))
    statuses = {o.org_file.stem: o.status for o in run_batch(files, options)}
    assert statuses == {"contoso": "built", "fabrikam": "up to date", "northwind": "built"}
    (options.output_dir / "fabrikam" / "guide.pdf").write_bytes(b"%PDF-tampered")
    statuses = {o.org_file.stem: o.status for o in run_batch(files, options)}
    assert statuses["fabrikam"] == "built"


def test_up_to_date_follows_named_files_own_chapters_and_the_day(tmp_path: Path) -> None:
    """The quick check (manifest fingerprints) must never skip what the exact check would
    rebuild: a logo, a file an organisation's own chapter includes, the day for an
    organisation without a training date."""
    import datetime as dt

    from guide.org.scaffold import new_organisation

    orgs = copy_examples(tmp_path)
    own = tmp_path / "acme"  # a folder of its own: it may read files it does not name
    own.mkdir()
    made = new_organisation("acme", own, dt.date(2026, 12, 27))
    chapter = made.chapter
    snippet = own / "snippets" / "contact.md"  # beside, not inside, the chapters it names
    snippet.parent.mkdir()
    snippet.write_text("Call the service desk on 1234.\n")
    picture = own / "snippets" / "desk.svg"
    picture.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"/>')
    chapter.write_text(
        chapter.read_text()
        + "\n[!INCLUDE [contact](../snippets/contact.md)]\n\n![The desk](../snippets/desk.svg)\n"
    )
    fabrikam = orgs / "fabrikam.yaml"
    fabrikam.write_text(fabrikam.read_text().replace("  date: 2027-02-08\n", ""))
    files = sorted([*orgs.glob("*.yaml"), made.organisation_file])
    today = dt.date(2026, 11, 27)
    options = BuildOptions(output_dir=tmp_path / "out", today=today, formats=("html",))

    def statuses(options: BuildOptions = options) -> dict[str, str]:
        return {o.org_file.stem: o.status for o in run_batch(files, options)}

    assert set(statuses().values()) == {"built"}
    assert set(statuses().values()) == {"up to date"}
    logo = orgs / "contoso-logo.svg"
    logo.write_text(logo.read_text().replace("Contoso", "Contoso Ltd"))
    assert statuses()["contoso"] == "built"
    snippet.write_text("Call the service desk on 5678.\n")
    assert statuses() == {
        "acme": "built",
        "contoso": "up to date",
        "fabrikam": "up to date",
        "northwind": "up to date",
    }
    assert "5678" in (options.output_dir / "acme" / "guide.html").read_text()
    picture.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="80" height="20"/>')
    assert statuses()["acme"] == "built"
    assert statuses()["acme"] == "up to date"
    tomorrow = BuildOptions(
        output_dir=options.output_dir, today=today + dt.timedelta(days=1), formats=("html",)
    )
    assert statuses(tomorrow) == {
        "acme": "up to date",
        "contoso": "up to date",
        "fabrikam": "built",  # no training date: its plan is as of the day it is built
        "northwind": "up to date",
    }


def test_output_inside_the_organisation_folder_is_not_an_input(tmp_path: Path) -> None:
    """``guide new acme`` then ``guide build acme.yaml`` writes ./build beside the chapters."""
    import datetime as dt

    from guide.org.scaffold import new_organisation

    made = new_organisation("acme", tmp_path, dt.date(2026, 12, 27))
    options = BuildOptions(output_dir=tmp_path / "build", formats=("html",))
    files = [made.organisation_file]
    assert [o.status for o in run_batch(files, options)] == ["built"]
    assert [o.status for o in run_batch(files, options)] == ["up to date"]


@pytest.mark.slow
def test_two_builds_give_identical_bytes(tmp_path: Path) -> None:
    orgs = copy_examples(tmp_path)
    digests = []
    for run in ("one", "two"):
        out = tmp_path / run
        result = CliRunner().invoke(
            main,
            [
                "build",
                str(orgs / "contoso.yaml"),
                "-o",
                str(out),
                "--handouts",
                "--booklet",
                "--jobs",
                "1",
            ],
        )
        assert result.exit_code == 0, result.output
        digests.append(
            {
                str(p.relative_to(out)): hashlib.sha256(p.read_bytes()).hexdigest()
                for p in sorted(out.rglob("*.pdf"))
            }
        )
    assert digests[0] == digests[1]
    assert len(digests[0]) == 10  # guide, trainer, handouts, booklet, 5 members, 1 role


@pytest.mark.slow
def test_shards_cover_every_organisation_exactly_once(tmp_path: Path) -> None:
    names = [tmp_path / f"client-{index:03d}.yaml" for index in range(60)]
    parts = [[n for n in names if in_shard(n, (k, 3))] for k in (1, 2, 3)]
    assert sorted(n for part in parts for n in part) == sorted(names)
    assert all(len(part) >= 10 for part in parts)  # roughly balanced
    orgs = copy_examples(tmp_path)
    out = tmp_path / "out"
    built: list[str] = []
    for k in (1, 2, 3):
        result = CliRunner().invoke(
            main, ["build", str(orgs), "-o", str(out), "--shard", f"{k}/3", "--jobs", "1"]
        )
        assert result.exit_code == 0, result.output
        built += [
            str(e["organisation"]) for e in manifest(out, f"manifest-{k}-of-3.json")["outputs"]
        ]
    assert sorted(built) == sorted(str(p) for p in orgs.glob("*.yaml"))


@pytest.mark.parametrize("shard", ["0/3", "4/3", "two/3", "1-3"])
def test_bad_shard_is_a_usage_error(shard: str) -> None:
    assert CliRunner().invoke(main, ["build", "--shard", shard]).exit_code == 2


@pytest.mark.parametrize("args", [["--help"], ["check"], ["list"], ["build", "--help"]])
def test_light_commands_do_not_import_weasyprint(args: list[str]) -> None:
    code = (
        "import sys\nfrom guide.cli import main\n"
        f"try:\n    main({args!r})\nexcept SystemExit:\n    pass\n"
        "print('weasyprint imported:', 'weasyprint' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip().endswith("weasyprint imported: False")


@pytest.mark.slow
def test_a_worker_that_dies_fails_its_organisation_not_the_batch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    from guide.render.job import RenderJob, render_pdf

    def crash_for_northwind(job: RenderJob) -> Any:
        if "Northwind" in job.html:
            os._exit(137)  # as the kernel's out-of-memory killer would end it
        return render_pdf(job.html, job.base_url, job.roots)

    monkeypatch.setattr(RenderJob, "render", crash_for_northwind)  # forked workers see it
    orgs = copy_examples(tmp_path)
    files = sorted(orgs.glob("*.yaml"))
    outcomes = run_batch(files, BuildOptions(output_dir=tmp_path / "out"), jobs=2)
    assert len(outcomes) == len(files)  # each organisation reported once
    statuses = {o.org_file.stem: o.status for o in outcomes}
    # the guides that shared the dead worker's pool are tried again: only northwind fails
    assert statuses == {"contoso": "built", "fabrikam": "built", "northwind": "failed"}
    [lost] = [o for o in outcomes if o.status == "failed"]
    assert "render worker stopped unexpectedly" in lost.problems[0].message
    written = manifest(tmp_path / "out")
    assert [f["organisation"] for f in written["failures"]] == [str(orgs / "northwind.yaml")]
    assert {e["organisation"] for e in written["outputs"]} == {
        str(orgs / "contoso.yaml"),
        str(orgs / "fabrikam.yaml"),
    }
