"""The catalogue in French: roles, exams and glossary from ``<name>.fr.yaml`` overlays."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from guide import defaults
from guide.content.catalogue import load_catalogue
from guide.content.translations import load_translations, translated
from guide.errors import InputError


def test_the_bundled_french_overlays_translate_roles_exams_and_glossary() -> None:
    catalogue = load_catalogue(defaults.CONTENT_DIR)
    french = load_translations(defaults.CONTENT_DIR, catalogue)["fr"]
    result = translated(catalogue, french)
    assert result.roles["m365-admin"].title == "Administrateur Microsoft 365"
    assert result.roles["m365-admin"].path == catalogue.roles["m365-admin"].path
    md102 = result.certifications["MD-102"]
    assert md102.skills.domains[1].name == "Gérer et maintenir les appareils"
    assert (
        md102.skills.domains[1].weight
        == catalogue.certifications["MD-102"].skills.domains[1].weight
    )
    assert md102.credential == catalogue.certifications["MD-102"].credential  # official name
    assert french.glossary is not None and "Accès conditionnel" in french.glossary
    assert translated(catalogue, None) is catalogue


@pytest.fixture
def content(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    shutil.copytree(defaults.CONTENT_DIR, folder)
    return folder


def test_an_unknown_role_or_a_wrong_number_of_domains_is_an_error_at_its_line(
    content: Path,
) -> None:
    (content / "roles.fr.yaml").write_text(
        "roles:\n  m365-admin: {title: Admin}\n  m365-admn: {title: Faute}\n", encoding="utf-8"
    )
    (content / "certifications.fr.yaml").write_text(
        "certifications:\n  SC-300:\n    domains: [Un, Deux]\n", encoding="utf-8"
    )
    with pytest.raises(InputError) as raised:
        load_translations(content, load_catalogue(content))
    messages = [str(problem) for problem in raised.value.problems]
    assert messages == [
        f"{content / 'roles.fr.yaml'}:3:3: roles.m365-admn: 'm365-admn' is not in the catalogue "
        "(did you mean m365-admin?)",
        f"{content / 'certifications.fr.yaml'}:3:5: certifications.SC-300.domains: 2 domain "
        "names for SC-300's 4 domains",
    ]


def test_an_organisations_own_chapter_is_in_its_locale_unless_it_says(tmp_path: Path) -> None:
    from guide.compose.gather import load_shared_content
    from guide.compose.prepare import prepare_file
    from guide.options import BuildOptions

    (tmp_path / "nous").mkdir()
    (tmp_path / "nous" / "accueil.md").write_text(
        "---\nid: accueil\ntitle: Notre accueil\naudience: all\nreviewed: 2026-11-20\n---\n"
        "## Bienvenue\n\nPrêt ? Voici notre plan : le voilà.\n",
        encoding="utf-8",
    )
    (tmp_path / "nous" / "english.md").write_text(
        "---\nid: english\ntitle: Our note\naudience: all\nlang: en\nreviewed: 2026-11-20\n"
        "---\n## Note\n\nReady? Here it is: done.\n",
        encoding="utf-8",
    )
    org = tmp_path / "lyon.yaml"
    org.write_text(
        "organisation: {name: Lyon, locale: fr}\ntraining: {date: 2027-01-18}\n"
        "team: {roles: {endpoint-admin: 2}}\ncontent: {add: [nous]}\n",
        encoding="utf-8",
    )
    options = BuildOptions()
    html = prepare_file(org, options, load_shared_content(options.folders)).html
    ours = html[html.index('id="accueil"') : html.index('id="english"')]
    assert "Pas encore traduit" not in ours
    assert "Prêt\u202f? Voici notre plan\u202f: le voilà." in ours
    english = html[html.index('id="english"') :]
    assert 'lang="en"' in html[html.index('id="english"') - 200 : html.index('id="english"') + 40]
    assert "Ready? Here it is: done." in english
