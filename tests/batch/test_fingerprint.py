"""The up-to-date checks: the inputs hash (exact) and the fingerprint (quick) change when
an input changes and not otherwise."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from guide.batch.fingerprint import (
    Digests,
    Inputs,
    fingerprint,
    review_days,
    sort_by_freshness,
    within,
)
from guide.batch.input_hash import inputs_of
from guide.batch.manifest import Entry
from guide.compose.gather import gather, load_shared_content
from guide.options import BuildOptions, InputFolders

REPO = Path(__file__).parents[2]
ORG = """\
organisation:
  name: Acme
training:
  date: 2027-03-01
team:
  roles:
    endpoint-admin: 2
"""
TODAY = dt.date(2026, 11, 29)


@dataclass(frozen=True)
class Setup:
    org: Path
    options: BuildOptions

    def inputs(self, options: BuildOptions | None = None) -> Inputs:
        """The inputs as a new run sees them: content reloaded, nothing cached."""
        chosen = options or self.options
        gathered = gather(self.org, load_shared_content(chosen.folders), chosen)
        return inputs_of(gathered, chosen, Digests())

    def quick(self, inputs: Inputs, options: BuildOptions | None = None) -> str:
        chosen = options or self.options
        source = self.org.read_bytes()
        return fingerprint(self.org, source, inputs.uses, inputs.as_of, chosen, Digests())


@pytest.fixture
def setup(tmp_path: Path) -> Setup:
    """An endpoint team's organisation, with copies of the content and templates to edit."""
    shutil.copytree(REPO / "content", tmp_path / "content")
    shutil.copytree(REPO / "templates", tmp_path / "templates")
    (tmp_path / "orgs").mkdir()
    org = tmp_path / "orgs" / "acme.yaml"
    org.write_text(ORG, encoding="utf-8")
    options = BuildOptions(
        output_dir=tmp_path / "out",
        folders=InputFolders(
            content_dir=tmp_path / "content", templates_dir=tmp_path / "templates"
        ),
        today=TODAY,
    )
    return Setup(org, options)


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def test_nothing_changed_gives_the_same_hash_and_fingerprint(setup: Setup) -> None:
    first, second = setup.inputs(), setup.inputs()
    assert first == second
    assert setup.quick(first) == first.fingerprint


def test_the_organisation_files_bytes_count_even_a_comment(setup: Setup) -> None:
    before = setup.inputs()
    append(setup.org, "# a comment\n")
    after = setup.inputs()
    assert after.hash != before.hash
    assert after.fingerprint != before.fingerprint


def test_a_used_chapter_changes_both(setup: Setup) -> None:
    before = setup.inputs()
    append(setup.options.folders.content_dir / "chapters" / "md-102.md", "\nOne more line.\n")
    after = setup.inputs()
    assert (after.hash != before.hash, after.fingerprint != before.fingerprint) == (True, True)


def test_an_unused_chapter_changes_only_the_quick_fingerprint(setup: Setup) -> None:
    """The fingerprint covers the content whole, so it says 'maybe'; the exact hash knows
    an endpoint team's guide has no MS-102 chapter."""
    before = setup.inputs()
    append(setup.options.folders.content_dir / "chapters" / "ms-102.md", "\nOne more line.\n")
    after = setup.inputs()
    assert after.hash == before.hash
    assert after.fingerprint != before.fingerprint


def test_a_template_changes_both(setup: Setup) -> None:
    before = setup.inputs()
    template = sorted(setup.options.folders.templates_dir.glob("*.j2"))[0]
    append(template, "\n")
    after = setup.inputs()
    assert (after.hash != before.hash, after.fingerprint != before.fingerprint) == (True, True)


def test_the_output_options_count(setup: Setup) -> None:
    before = setup.inputs()
    after = setup.inputs(replace(setup.options, booklet=True))
    assert (after.hash != before.hash, after.fingerprint != before.fingerprint) == (True, True)


def test_today_counts_only_without_a_training_date(setup: Setup) -> None:
    tomorrow = replace(setup.options, today=TODAY + dt.timedelta(days=1))
    dated, dated_tomorrow = setup.inputs(), setup.inputs(tomorrow)
    assert dated.as_of == "" and dated.days == dated_tomorrow.days
    assert dated_tomorrow == dated

    setup.org.write_text(ORG.replace("  date: 2027-03-01\n", "  title: Plan\n"), "utf-8")
    undated, undated_tomorrow = setup.inputs(), setup.inputs(tomorrow)
    assert (undated.as_of, undated_tomorrow.as_of) == ("2026-11-29", "2026-11-30")
    assert undated_tomorrow.hash != undated.hash
    assert undated_tomorrow.fingerprint != undated.fingerprint


def test_a_file_the_organisation_names_is_used_and_counted(setup: Setup) -> None:
    logo = setup.org.parent / "logo.svg"
    logo.write_text('<svg xmlns="http://www.w3.org/2000/svg"/>', encoding="utf-8")
    setup.org.write_text(ORG.replace("  name: Acme\n", "  name: Acme\n  logo: logo.svg\n"), "utf-8")
    before = setup.inputs()
    assert before.uses == (str(logo.resolve()),)
    logo.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="1"/>', encoding="utf-8")
    after = setup.inputs()
    assert after.hash != before.hash
    assert setup.quick(before) == after.fingerprint != before.fingerprint


def test_an_own_chapter_and_the_image_beside_it_are_used(setup: Setup) -> None:
    own = setup.org.parent / "acme-content"
    own.mkdir()
    (own / "media.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>', "utf-8")
    (own / "extra.md").write_text(
        "---\nid: extra\ntitle: Extra\nreviewed: 2026-10-01\n---\n![map](media.svg)\n", "utf-8"
    )
    append(setup.org, "content:\n  add: [acme-content]\n")
    before = setup.inputs()
    assert set(before.uses) >= {str(own.resolve() / "extra.md"), str(own.resolve() / "media.svg")}
    (own / "media.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" id="2"/>', "utf-8")
    after = setup.inputs()
    assert (after.hash != before.hash, after.fingerprint != before.fingerprint) == (True, True)


def test_an_image_beside_an_include_is_used(setup: Setup) -> None:
    """An include's image is found beside the include, as the chapter shows it."""
    own = setup.org.parent / "acme-content"
    (own / "includes" / "media").mkdir(parents=True)
    image = own / "includes" / "media" / "step.svg"
    image.write_text('<svg xmlns="http://www.w3.org/2000/svg"/>', "utf-8")
    (own / "includes" / "shared.md").write_text("![the step](media/step.svg)\n", "utf-8")
    (own / "extra.md").write_text(
        "---\nid: extra\ntitle: Extra\nreviewed: 2026-10-01\n---\n"
        "[!INCLUDE [shared](includes/shared.md)]\n",
        "utf-8",
    )
    append(setup.org, "content:\n  add: [acme-content/extra.md]\n")
    before = setup.inputs()
    assert str(image.resolve()) in before.uses
    image.write_text('<svg xmlns="http://www.w3.org/2000/svg" id="2"/>', "utf-8")
    assert setup.inputs().hash != before.hash


def test_a_file_outside_every_input_changes_nothing(setup: Setup) -> None:
    before = setup.inputs()
    (setup.org.parent / "notes.txt").write_text("not an input\n", encoding="utf-8")
    assert setup.inputs() == before


def test_the_same_words_in_another_place_are_another_organisation(setup: Setup) -> None:
    before = setup.inputs()
    moved = setup.org.parent / "elsewhere" / "acme.yaml"
    moved.parent.mkdir()
    shutil.copy(setup.org, moved)
    source = moved.read_bytes()
    elsewhere = fingerprint(moved, source, before.uses, before.as_of, setup.options, Digests())
    assert elsewhere != before.fingerprint


@pytest.mark.parametrize(
    "dates, days",
    [
        ([dt.date(2026, 1, 1)], "2026-07-01/"),  # old from 181 days after, for ever
        ([dt.date(2026, 10, 1)], "/2027-03-31"),  # recent until then
        ([dt.date(2026, 1, 1), dt.date(2026, 10, 1)], "2026-07-01/2027-03-31"),
        ([], "/"),
    ],
)
def test_review_days(dates: list[dt.date], days: str) -> None:
    assert review_days(dates, TODAY, max_age_days=180) == days
    assert within(days, TODAY)


@pytest.mark.parametrize(
    "days, today, inside",
    [
        ("2026-07-01/2027-03-31", dt.date(2026, 7, 1), True),
        ("2026-07-01/2027-03-31", dt.date(2027, 3, 30), True),
        ("2026-07-01/2027-03-31", dt.date(2027, 3, 31), False),  # half open
        ("2026-07-01/2027-03-31", dt.date(2026, 6, 30), False),
        ("", TODAY, False),  # an entry from before days were recorded
    ],
)
def test_within(days: str, today: dt.date, inside: bool) -> None:
    assert within(days, today) is inside


def test_the_manifest_alone_sorts_organisations(setup: Setup) -> None:
    out = setup.options.output_dir
    out.mkdir()
    pdf = b"%PDF-1.7 a guide"
    (out / "acme.pdf").write_bytes(pdf)
    inputs = setup.inputs()
    entry = Entry(
        str(setup.org),
        "guide",
        "acme.pdf",
        1,
        len(pdf),
        hashlib.sha256(pdf).hexdigest(),
        inputs.hash,
        0.1,
        fingerprint=inputs.fingerprint,
        days=inputs.days,
    )

    def sort(entries: list[Entry], force: bool = False) -> tuple[list[Path], ...]:
        found = sort_by_freshness([setup.org], entries, setup.options, Digests(), force=force)
        return list(found.fresh), found.stale, found.unsure

    assert sort([entry]) == ([setup.org], [], [])
    assert sort([entry], force=True) == ([], [setup.org], [])
    assert sort([]) == ([], [setup.org], [])  # nothing recorded
    assert sort([replace(entry, sha256="0" * 64)]) == ([], [setup.org], [])  # output changed
    assert sort([replace(entry, fingerprint="old")]) == ([], [], [setup.org])
    assert sort([replace(entry, days="/2026-11-29")]) == ([], [], [setup.org])
    read = setup.org.parent / "read.svg"
    read.write_text("<svg/>", encoding="utf-8")
    assert sort([replace(entry, reads=((str(read), "0" * 64),))]) == ([], [], [setup.org])
