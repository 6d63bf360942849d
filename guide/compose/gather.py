"""Gather a guide's inputs, each read and checked once, before anything is rendered.

First what every organisation of a run shares (catalogue, chapters, templates), then one
organisation: its file read and validated, its logo checked, its own chapters merged with
the bundled ones, its plan made, and the reviews too old to go without a note. The batch's
exact check (``guide.batch.input_hash``) hashes a ``Gathered`` record and ``prepare`` lays
the same record out, so a build reads an organisation file once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from guide.compose.expand import check_chapter_templates
from guide.compose.layout import check_templates
from guide.content.catalogue import Catalogue, load_catalogue, load_glossary
from guide.content.chapters import Chapter, load_chapters, select_chapters
from guide.content.images import image_problem
from guide.content.translations import CatalogueText, load_translations, translated
from guide.errors import InputError, Problem
from guide.options import BuildOptions, InputFolders
from guide.org.content import merge_chapters
from guide.org.organisation import Organisation, load_organisation
from guide.plan.staleness import Staleness, find_stale
from guide.plan.tailor import Plan, make_plan


@dataclass(frozen=True)
class SharedContent:
    """The inputs shared by every organisation in a run, loaded once."""

    catalogue: Catalogue
    chapters: tuple[Chapter, ...]
    glossary: dict[str, str]
    translations: Mapping[str, CatalogueText] = field(default_factory=dict)  # by language

    def in_language(self, language: str) -> tuple[Catalogue, dict[str, str]]:
        """The catalogue and glossary in ``language``, where translated."""
        text = self.translations.get(language)
        glossary = dict(text.glossary) if text and text.glossary is not None else self.glossary
        return translated(self.catalogue, text), glossary


def load_shared_content(folders: InputFolders) -> SharedContent:
    """Load and check what every organisation shares: catalogue, chapters and templates."""
    catalogue = load_catalogue(folders.content_dir)
    problems: list[Problem] = []
    chapters: tuple[Chapter, ...] = ()
    try:
        chapters = load_chapters(folders.content_dir / "chapters", catalogue)
    except InputError as error:
        problems.extend(error.problems)
    translations: dict[str, CatalogueText] = {}
    try:
        translations = load_translations(folders.content_dir, catalogue)
    except InputError as error:
        problems.extend(error.problems)
    problems.extend(check_chapter_templates(chapters))
    problems.extend(check_templates(folders.templates_dir))
    if problems:
        raise InputError(problems)
    glossary = load_glossary(folders.content_dir)
    return SharedContent(catalogue, chapters, glossary, translations)


@dataclass(frozen=True)
class Gathered:
    """One organisation's guide, validated, merged and planned, before anything is rendered."""

    org: Organisation
    catalogue: Catalogue  # the bundled one with the organisation's own roles
    chapters: tuple[Chapter, ...]  # the bundled ones, some skipped, replaced, added
    glossary: dict[str, str]
    plan: Plan
    currency: tuple[Staleness, ...]  # what the guide's chapters rely on, reviewed too long ago

    @property
    def selected(self) -> tuple[Chapter, ...]:
        """The chapters this team's guide has: its exams' and its roles' (in any edition)."""
        return select_chapters(self.chapters, self.plan.team_roles, self.plan.planned_exams)


def gather(
    org_file: Path, shared: SharedContent, options: BuildOptions, *, source: bytes | None = None
) -> Gathered:
    """Read (unless ``source``, its bytes, was read already), validate and merge ``org_file``
    and make its plan; raises every problem the organisation's inputs have."""
    org = load_organisation(org_file, shared.catalogue, source)
    check_logo(org, options.folders)
    bundled, glossary = shared.in_language(org.spec.organisation.locale)
    catalogue = org.catalogue(bundled)
    chapters = merge_chapters(org, shared.chapters, catalogue)
    plan = make_plan(org, catalogue, org.spec.training.date or options.today)
    in_guide = select_chapters(chapters, plan.team_roles, plan.planned_exams)
    stale = find_stale(in_guide, catalogue, plan, options.max_age_days)
    return Gathered(org, catalogue, chapters, glossary, plan, tuple(stale))


def image_roots(org: Organisation, folders: InputFolders) -> tuple[Path, ...]:
    """The folders the guide's images, and the images they draw, may come from."""
    return (folders.content_dir, *org.roots)


def check_logo(org: Organisation, folders: InputFolders) -> None:
    """The logo gets the image checks here, so every edition and ``guide check`` make them."""
    logo = org.logo_path
    problem = image_problem(logo.as_uri(), image_roots(org, folders)) if logo else None
    if problem:
        name = org.spec.organisation.logo
        raise InputError([org.document.problem(("organisation", "logo"), f"{name}: {problem}")])
