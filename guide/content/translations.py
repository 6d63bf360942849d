"""The catalogue and glossary in another language: ``<name>.<lang>.yaml`` beside the English.

``roles.fr.yaml`` gives each role's title, focus and reason in French,
``certifications.fr.yaml`` each exam's title, domain names, prerequisites and lifecycle
note, and ``glossary.fr.yaml`` the whole glossary. Credentials keep their official English
names. What a translation leaves out stays in English; a translation of a role or exam the
catalogue does not have, or with another number of domains, is an error at its line.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from guide.content.catalogue import Catalogue, Certification, GlossaryFile
from guide.content.validation import Strict, suggest, validate
from guide.content.yamlfile import YamlDocument, load_yaml
from guide.errors import InputError, Problem

LANGUAGES = ("fr",)  # the languages an organisation's locale may ask for, besides English


class RoleText(Strict):
    title: str | None = None
    focus: str | None = None
    why: str | None = None


class CertificationText(Strict):
    exam_title: str | None = None
    domains: tuple[str, ...] = ()  # the domains' names, in the catalogue's order
    prerequisites: str | None = None
    note: str | None = None  # the lifecycle note


class RolesText(Strict):
    roles: dict[str, RoleText]


class CertificationsText(Strict):
    certifications: dict[str, CertificationText]


@dataclass(frozen=True)
class CatalogueText:
    """One language's words for the catalogue, and its glossary (None: the English one)."""

    roles: Mapping[str, RoleText]
    certifications: Mapping[str, CertificationText]
    glossary: Mapping[str, str] | None = None


def load_translations(content_dir: Path, catalogue: Catalogue) -> dict[str, CatalogueText]:
    """Every language's translation found in ``content_dir``, checked against ``catalogue``."""
    found: dict[str, CatalogueText] = {}
    problems: list[Problem] = []
    for language in LANGUAGES:
        roles: dict[str, RoleText] = {}
        certs: dict[str, CertificationText] = {}
        glossary: dict[str, str] | None = None
        path = content_dir / f"roles.{language}.yaml"
        if path.is_file():
            document = load_yaml(path)
            roles = validate(document, RolesText).roles
            problems += _unknown(document, "roles", roles, catalogue.roles)
        path = content_dir / f"certifications.{language}.yaml"
        if path.is_file():
            document = load_yaml(path)
            certs = validate(document, CertificationsText).certifications
            problems += _unknown(document, "certifications", certs, catalogue.certifications)
            problems += _domain_counts(document, certs, catalogue)
        path = content_dir / f"glossary.{language}.yaml"
        if path.is_file():
            glossary = dict(validate(load_yaml(path), GlossaryFile).terms)
        if roles or certs or glossary is not None:
            found[language] = CatalogueText(roles, certs, glossary)
    if problems:
        raise InputError(problems)
    return found


def _unknown(
    document: YamlDocument, section: str, given: Mapping[str, object], known: Mapping[str, object]
) -> list[Problem]:
    return [
        document.problem((section, key), f"'{key}' is not in the catalogue{suggest(key, known)}")
        for key in given
        if key not in known
    ]


def _domain_counts(
    document: YamlDocument, certs: Mapping[str, CertificationText], catalogue: Catalogue
) -> list[Problem]:
    problems = []
    for code, words in certs.items():
        cert = catalogue.certifications.get(code)
        if cert and words.domains and len(words.domains) != len(cert.skills.domains):
            problems.append(
                document.problem(
                    ("certifications", code, "domains"),
                    f"{len(words.domains)} domain names for {code}'s "
                    f"{len(cert.skills.domains)} domains",
                )
            )
    return problems


def translated(catalogue: Catalogue, text: CatalogueText | None) -> Catalogue:
    """``catalogue`` with ``text``'s words where it has them."""
    if text is None:
        return catalogue
    roles = {
        role_id: role.model_copy(update=_given(text.roles.get(role_id)))
        for role_id, role in catalogue.roles.items()
    }
    certifications = {}
    for code, cert in catalogue.certifications.items():
        words = text.certifications.get(code)
        certifications[code] = _translated_certification(cert, words) if words else cert
    return catalogue.model_copy(update={"roles": roles, "certifications": certifications})


def _translated_certification(cert: Certification, words: CertificationText) -> Certification:
    update: dict[str, object] = {}
    if words.exam_title:
        update["exam_title"] = words.exam_title
    if words.prerequisites:
        update["prerequisites"] = words.prerequisites
    if words.note:
        update["lifecycle"] = cert.lifecycle.model_copy(update={"note": words.note})
    if words.domains:
        domains = tuple(
            domain.model_copy(update={"name": name})
            for domain, name in zip(cert.skills.domains, words.domains, strict=True)
        )
        update["skills"] = cert.skills.model_copy(update={"domains": domains})
    return cert.model_copy(update=update)


def _given(words: RoleText | None) -> dict[str, str]:
    return {k: v for k, v in (words.model_dump() if words else {}).items() if v is not None}
