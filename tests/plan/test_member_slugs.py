"""Handout file names keep every letter of a name (transliterated), stay unique and stable."""

from __future__ import annotations

import pytest

from guide.plan.handouts import MAX_SLUG, member_slugs


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Søren Ødegård", "soren-odegard"),
        ("Łukasz Wróbel", "lukasz-wrobel"),
        ("Chloé O'Brien", "chloe-o-brien"),
        ("Chloé O’Brien", "chloe-o-brien"),  # a curly apostrophe reads like a straight one
        ("Jürgen Straße", "jurgen-strasse"),
        ("Ærøskøbing Æsir", "aeroskobing-aesir"),
        ("Ünal Çelik", "unal-celik"),
        ("Дмитрий Иванов", "dmitriy-ivanov"),
        ("Ελένη Νίκα", "eleni-nika"),
        ("김민준", "gimminjun"),
        ("王伟", "wangwei"),
    ],
)
def test_a_name_is_transliterated_not_cut(name: str, slug: str) -> None:
    assert member_slugs([name]) == [slug]


def test_names_that_meet_after_transliteration_are_numbered_in_file_order() -> None:
    names = ["Søren Ødegård", "Soren Odegard", "SØREN ØDEGÅRD", "Bo", "Søren  Ødegård"]
    assert member_slugs(names) == [
        "soren-odegard",
        "soren-odegard-2",
        "soren-odegard-3",
        "bo",
        "soren-odegard-4",
    ]


def test_a_numbered_slug_never_takes_a_name_already_given() -> None:
    slugs = member_slugs(["Ann Lee 2", "Ann Lee", "Ann Lee", "Ann Lee 3"])
    assert slugs == ["ann-lee-2", "ann-lee", "ann-lee-3", "ann-lee-3-2"]
    assert len(set(slugs)) == len(slugs)


def test_slugs_are_stable_from_one_build_to_the_next() -> None:
    names = ["Łukasz", "Søren Ødegård", "Łukasz", "???"]
    assert (
        member_slugs(names)
        == member_slugs(list(names))
        == [
            "lukasz",
            "soren-odegard",
            "lukasz-2",
            "member-4",
        ]
    )


def test_a_long_name_gives_a_file_name_any_system_accepts() -> None:
    (slug,) = member_slugs(["山田" * 100])
    assert 0 < len(slug) <= MAX_SLUG and not slug.endswith("-")
    assert len(f"{slug}-99.pdf".encode()) < 255
