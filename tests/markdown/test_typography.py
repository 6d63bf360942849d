"""French typography: narrow no-break spaces before ; : ! ? and inside « »."""

from __future__ import annotations

import pytest

from guide.i18n import NARROW_NBSP as N
from guide.i18n import french_spaces

CASES = [
    ("Attention : lisez ceci.", f"Attention{N}: lisez ceci."),
    ("Prêt ? Allez !", f"Prêt{N}? Allez{N}!"),
    ("un ; deux", f"un{N}; deux"),
    ("sans espace: oui", f"sans espace{N}: oui"),
    ("pourquoi?", f"pourquoi{N}?"),
    ("« Gestion des appareils »", f"«{N}Gestion des appareils{N}»"),
    ("«serré»", f"«{N}serré{N}»"),
    ("déjà\u00a0: insécable", f"déjà{N}: insécable"),
    ("fin :", f"fin{N}:"),
    # addresses, times, paths and code-like text keep their colons
    ("voir https://learn.microsoft.com/fr-fr/", "voir https://learn.microsoft.com/fr-fr/"),
    ("à 10:30 précises", "à 10:30 précises"),
    ("le lecteur C:\\Windows", "le lecteur C:\\Windows"),
    ("rien à changer.", "rien à changer."),
    ("sur 1 000 points", f"sur 1{N}000 points"),
    ("25 % du score, 30% ensuite", f"25{N}% du score, 30{N}% ensuite"),
    ("en 2026 2027", "en 2026 2027"),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_french_spaces(text: str, expected: str) -> None:
    assert french_spaces(text) == expected


def test_idempotent() -> None:
    for text, expected in CASES:
        assert french_spaces(expected) == expected, text


def test_a_french_chapter_gets_french_spacing_and_an_english_one_does_not() -> None:
    from guide.markdown.parse import render_markdown

    text = "## Prêt : oui\n\nVraiment ? Voir `a : b` et https://example.com/x:y\n"
    french = render_markdown(text, "c", language="fr").html
    assert f"Prêt{N}: oui" in french and f"Vraiment{N}?" in french
    assert "<code>a : b</code>" in french  # code keeps what was typed
    assert "Prêt : oui" in render_markdown(text, "c").html


def test_french_messages_get_french_spacing() -> None:
    from guide.i18n import gettext

    assert gettext("fr", "Trainer:") == f"Formateur{N}:"
    assert gettext("en", "Trainer:") == "Trainer:"
