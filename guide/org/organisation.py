"""Load and validate an organisation file: the user's contract with the tool.

The schema is declared up front; every problem is reported at once with its file, line and
key. Values that reach CSS (colours) or file paths (logo) are checked here, so later stages
can trust them.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field, replace
from pathlib import Path

from guide.content.catalogue import Catalogue, Role
from guide.content.confine import organisation_roots, read_organisation_file
from guide.content.validation import validate
from guide.content.yamlfile import YamlDocument, decode_text, load_yaml
from guide.defaults import SLUG_PATTERN
from guide.errors import InputError, Problem, input_error
from guide.i18n import babel_locale, gettext
from guide.org.references import check_references, with_canonical_codes
from guide.org.schema import OrganisationFile


@dataclass(frozen=True)
class Organisation:
    """A validated organisation file, with what its path tells (slug and folder) and the
    bytes it was read from, which the batch's exact check hashes."""

    file: Path
    slug: str
    spec: OrganisationFile
    document: YamlDocument
    roles: dict[str, Role]
    source: bytes = field(repr=False)

    @property
    def name(self) -> str:
        return self.spec.organisation.name

    @property
    def locale(self) -> str:
        """The Babel locale the guide is printed in: en_GB or fr_FR."""
        return babel_locale(self.spec.organisation.locale)

    @property
    def folder(self) -> Path:
        return self.file.resolve().parent

    @property
    def logo_path(self) -> Path | None:
        logo = self.spec.organisation.logo
        return (self.folder / logo).resolve() if logo else None

    def path_of(self, relative: str) -> Path:
        """A file named in the organisation file, relative to its folder."""
        return (self.folder / relative).resolve()

    def named(self) -> list[str]:
        """The files and folders the organisation file names: logo, fonts, chapters."""
        spec = self.spec
        names = [spec.organisation.logo, *spec.content.replace.values(), *spec.content.add]
        if spec.organisation.fonts:
            names += spec.organisation.fonts.model_dump().values()
        return [name for name in names if name]

    @functools.cached_property
    def roots(self) -> tuple[Path, ...]:
        """What its chapters and its guide may read: its folder, or, when other organisation
        files share that folder, only its file and the files and folders it names."""
        return organisation_roots(self.file, [self.path_of(name) for name in self.named()])

    def catalogue(self, bundled: Catalogue) -> Catalogue:
        """The bundled catalogue with this organisation's own roles added (or overriding)."""
        return bundled.model_copy(update={"roles": {**bundled.roles, **self.roles}})

    def headcount_by_role(self) -> dict[str, int]:
        """Headcount per role: ``team.roles`` where given, else counted from the members."""
        team = self.spec.team
        counts = dict(team.roles)
        for member in team.members:
            if member.role not in team.roles:
                counts[member.role] = counts.get(member.role, 0) + 1
        return counts


def slug_for(file: Path) -> str:
    """The output slug: the file's stem, which must be lower-case letters, digits, hyphens."""
    if not SLUG_PATTERN.match(file.stem):
        raise input_error(
            file,
            f"file name '{file.stem}' cannot be used as an output folder; "
            "rename the file using lower-case letters, digits and hyphens "
            "(e.g. contoso-lyon.yaml)",
        )
    return file.stem


def load_organisation(
    file: Path, catalogue: Catalogue, source: bytes | None = None
) -> Organisation:
    """Read, validate and cross-check ``file`` (or ``source``, its bytes read already);
    every problem is reported at once."""
    slug = slug_for(file)
    if source is None:
        source = read_organisation_file(file)
    document = load_yaml(file, decode_text(file, source))
    document = replace(document, data=with_canonical_codes(document.data, catalogue))
    problems: list[Problem] = []
    spec: OrganisationFile | None = None
    try:
        spec = validate(document, OrganisationFile)
    except InputError as error:
        problems.extend(error.problems)
    if isinstance(document.data, dict):
        seen = {(p.line, p.key) for p in problems}
        problems.extend(
            p for p in check_references(document, catalogue) if (p.line, p.key) not in seen
        )
    if problems or spec is None:
        raise InputError(sorted(problems, key=lambda p: (p.line or 0, p.column or 0)))
    if "title" not in spec.training.model_fields_set:  # the default, in the guide's language
        title = gettext(spec.organisation.locale, spec.training.title)
        spec = spec.model_copy(
            update={"training": spec.training.model_copy(update={"title": title})}
        )
    return Organisation(
        file=file,
        slug=slug,
        spec=spec,
        document=document,
        roles=custom_roles(spec, catalogue),
        source=source,
    )


def custom_roles(spec: OrganisationFile, catalogue: Catalogue) -> dict[str, Role]:
    """The organisation's own roles as catalogue roles; the scope defaults to the first exam's."""
    return {
        role_id: Role(
            id=role_id,
            title=role.title,
            scope=role.scope or catalogue.certifications[role.path[0]].scope,
            focus=role.focus,
            why=role.why,
            path=role.path,
        )
        for role_id, role in spec.roles.items()
    }
