"""Typography: French spacing (narrow no-break spaces before ; : ! ? and inside « »), quotes,
apostrophes and dashes per language, and code left as typed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

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


# Quotes, dashes and code: markdown-it-style fixtures (title, input, expected HTML, each
# closed by a line holding a dot; "[fr]" before a title renders the case as French, and
# "⍽" stands for a narrow no-break space).
FIXTURES = Path(__file__).parent / "fixtures" / "typography.txt"


def _fixtures() -> list[Any]:
    blocks = FIXTURES.read_text(encoding="utf-8").split("\n.\n\n")
    cases = []
    for block in blocks:
        title, source, expected = block.strip().removesuffix("\n.").split("\n.\n")
        language = "fr" if title.startswith("[fr] ") else "en"
        cases.append(pytest.param(language, source + "\n", expected, id=title))
    return cases


@pytest.mark.parametrize(("language", "source", "expected"), _fixtures())
def test_typography_fixture(language: str, source: str, expected: str) -> None:
    from guide.markdown.parse import render_markdown

    html = render_markdown(source, "c", language=language).html
    assert str(html).replace(N, "⍽").strip() == expected.replace("\n\n", "\n")


def test_headings_keep_their_anchor_with_curly_apostrophes() -> None:
    from guide.markdown.parse import render_markdown

    english = render_markdown("## Chloé's plan\n", "c").headings[0]
    curly = render_markdown("## Chloé’s plan\n", "c").headings[0]
    french = render_markdown("## Qu'est-ce qu'un « tenant » ?\n", "c", language="fr").headings[0]
    # Learn's ids (GitHub's rule): punctuation dropped, each space a hyphen, letters kept
    assert (english.id, english.text) == ("c--chloés-plan", "Chloé’s plan")
    assert curly.id == english.id
    assert french.id == "c--quest-ce-quun--tenant--"


def test_the_quotes_follow_the_chapter_language_not_the_last_one_rendered() -> None:
    from guide.markdown.parse import render_markdown

    for _ in range(2):
        assert "«" in render_markdown('"x"\n', "c", language="fr").html
        assert "“x”" in render_markdown('"x"\n', "c", language="en").html
        assert "“x”" in render_markdown('"x"\n', "c", language="de").html
