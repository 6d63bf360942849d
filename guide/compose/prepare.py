"""Prepare one gathered guide for the PDF engine: the learner edition's HTML, and the
warnings a trainer should see; nothing is written.

``guide check`` stops here; ``guide build`` goes on to render (``guide.build``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from guide.compose.edition import compose
from guide.compose.fonts import describe_missing, unprintable
from guide.compose.gather import Gathered, SharedContent, gather
from guide.compose.kept_chapters import KeptChapters
from guide.compose.layout import Edition, LaidOutChapter
from guide.content.confine import inside
from guide.errors import Problem
from guide.options import BuildOptions
from guide.org.organisation import Organisation
from guide.plan.staleness import Staleness
from guide.plan.tailor import Plan


@dataclass(frozen=True)
class PreparedGuide:
    """Everything gathered for one organisation before the PDF engine runs, and its learner
    guide laid out."""

    gathered: Gathered
    chapters: tuple[LaidOutChapter, ...]
    html: str
    warnings: tuple[Problem, ...]  # severity 'warning': what the user should fix or know
    parts: tuple[tuple[tuple[str, ...], str, float], ...] = ()  # (names, HTML, cost), asked

    @property
    def org(self) -> Organisation:
        return self.gathered.org

    @property
    def plan(self) -> Plan:
        return self.gathered.plan

    @property
    def currency(self) -> tuple[Staleness, ...]:
        return self.gathered.currency

    @property
    def maintenance(self) -> tuple[Problem, ...]:
        """Stale content, as warnings for trainers and maintainers."""
        return tuple(_stale_warning(self.org, finding) for finding in self.currency)

    @property
    def own_maintenance(self) -> tuple[Problem, ...]:
        """The maintenance notes about the organisation's own files: what its user can fix."""
        roots = self.org.roots
        return tuple(
            _stale_warning(self.org, finding)
            for finding in self.currency
            if finding.file is not None and inside(finding.file, roots)
        )


def prepare_guide(
    guide: Gathered,
    options: BuildOptions,
    *,
    in_parts: int = 0,
    kept: KeptChapters | None = None,
) -> PreparedGuide:
    """Render the Markdown and lay out the learner guide's HTML (and its parts, in about
    ``in_parts`` documents); nothing is written but, with ``kept``, the rendered chapters
    kept for the next build.

    This is also what ``guide check`` runs: every problem it raises is one a build would hit.
    """
    learner = compose(guide, Edition(), options, in_parts=in_parts, kept=kept)
    warnings = (*_glyph_warnings(guide.org), *learner.warnings)
    return PreparedGuide(guide, learner.chapters, learner.html, warnings, learner.parts)


def prepare_file(
    org_file: Path,
    options: BuildOptions,
    shared: SharedContent,
    *,
    in_parts: int = 0,
    kept: KeptChapters | None = None,
) -> PreparedGuide:
    """``org_file`` gathered and prepared, for a caller that has only its path."""
    gathered = gather(org_file, shared, options)
    return prepare_guide(gathered, options, in_parts=in_parts, kept=kept)


def _stale_warning(org: Organisation, stale: Staleness) -> Problem:
    if stale.file is not None:
        return Problem(stale.file, stale.message, severity="warning")
    # the catalogue's, noted for this organisation: its ``where`` is not a file
    return Problem(org.file, f"{stale.where}: {stale.message}", severity="warning")


def _glyph_warnings(org: Organisation) -> list[Problem]:
    spec = org.spec
    texts: dict[tuple[str | int, ...], str | None] = {
        ("organisation", "name"): spec.organisation.name,
        ("training", "title"): spec.training.title,
        ("training", "trainer"): spec.training.trainer,
        ("training", "venue"): spec.training.venue,
    }
    texts.update(
        {("team", "members", i, "name"): member.name for i, member in enumerate(spec.team.members)}
    )
    warnings = []
    for key_path, text in texts.items():
        missing = unprintable(text or "")
        if missing:
            problem = org.document.problem(key_path, f"'{text}': {describe_missing(missing)}")
            warnings.append(replace(problem, severity="warning"))
    return warnings
