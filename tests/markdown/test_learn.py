"""Learn syntax to HTML (``markdown.learn`` and the renderer rules it feeds), from a fixture
file in markdown-it-py's format, and the problems images record on their lines."""

from __future__ import annotations

import base64
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest
from markdown_it.utils import read_fixture_file
from markupsafe import Markup

from guide.markdown.parse import RenderedMarkdown, render_markdown

FIXTURES = Path(__file__).parent / "fixtures"
CASES = read_fixture_file(FIXTURES / "learn.md")
SVG = (FIXTURES / "media" / "diagram.svg").read_bytes()
NOT_FOUND = "not found; add the file, or set missing_images: placeholder in the organisation file"


def render(
    text: str,
    *,
    edition: str = "learner",
    learner_pages: Mapping[str, int] | None = None,
    missing_images: str = "error",
    say: Callable[[str], str] = str,
) -> RenderedMarkdown:
    """``text`` as a chapter in the fixtures folder, images addressed relative to it."""
    return render_markdown(
        text,
        "doc",
        {"plan-at-a-glance": Markup("<svg>chart</svg>")},
        edition=edition,
        learner_pages=learner_pages,
        source_file=FIXTURES / "chapter.md",
        roots=[FIXTURES],
        missing_images=missing_images,
        say=say,
        asset_url=lambda path: path.relative_to(FIXTURES).as_posix(),
    )


@pytest.mark.parametrize(
    "line, title, source, expected", CASES, ids=[f"{case[0]}-{case[1]}" for case in CASES]
)
def test_learn_fixture(line: int, title: str, source: str, expected: str) -> None:
    assert render(source).html == expected, f"{FIXTURES / 'learn.md'}:{line}: {title}"


def test_the_fixture_file_is_read_whole() -> None:
    assert len(CASES) == 19
    assert all(len(case) == 4 for case in CASES)


@pytest.mark.parametrize(
    "source, problem",
    [
        (
            'Intro\n\n:::image type="content" source="media/missing.png" alt-text="A.":::\n',
            (3, f"image 'media/missing.png' {NOT_FOUND}"),
        ),
        (
            "Intro\n\nSee ![map](media/nope.png)\nand more.\n",
            (3, f"image 'media/nope.png' {NOT_FOUND}"),
        ),
        (
            'Intro\n\n\n:::image type="content" source="https://example.com/a.png":::\n',
            (
                4,
                "image 'https://example.com/a.png' is a web address; guides never fetch from "
                "the network: save the image next to the chapter and link to the file",
            ),
        ),
        (
            '\n:::image type="complex" source="../x.png" alt-text="A.":::\n'
            "Long.\n:::image-end:::\n",
            (2, "image '../x.png' is outside the content folders"),
        ),
        (
            "![fake](media/not-an-image.svg)\n",
            (1, "image 'media/not-an-image.svg': not a PNG, JPEG, WebP or SVG image"),
        ),
    ],
)
def test_an_image_that_cannot_print_is_a_problem_at_its_line(
    source: str, problem: tuple[int, str]
) -> None:
    assert render(source).problems == (problem,)


def test_placeholders_asked_for_are_not_problems() -> None:
    rendered = render(
        ':::image type="content" source="media/missing.png" alt-text="Gone.":::\n',
        missing_images="placeholder",
        say={"Image not available": "Image non disponible"}.__getitem__,
    )
    assert rendered.problems == ()
    assert rendered.html == (
        '<figure class="learn-image missing"><div class="image-placeholder"><strong>'
        "Image non disponible</strong></div><figcaption>Gone.</figcaption></figure>\n"
    )


def test_a_data_url_image_is_checked_and_kept_inline() -> None:
    url = "data:image/svg+xml;base64," + base64.b64encode(SVG).decode()
    rendered = render(f':::image type="content" source="{url}" alt-text="Inline":::\n')
    assert rendered.problems == ()
    assert rendered.html == (
        f'<figure class="learn-image"><img src="{url}" alt="Inline">'
        "<figcaption>Inline</figcaption></figure>\n"
    )
    broken = "data:image/png;base64," + base64.b64encode(b"not a png").decode()
    assert render(f"![broken]({broken})\n").problems == (
        (1, "image 'data:image/png;base64,bm90IGEgcG5n': not a PNG, JPEG, WebP or SVG image"),
    )


def test_without_a_chapter_file_an_image_is_left_as_written() -> None:
    rendered = render_markdown(
        ':::image type="content" source="media/a.png" alt-text="A":::\n', "d"
    )
    assert rendered.html == (
        '<figure class="learn-image"><img src="media/a.png" alt="A"><figcaption>A</figcaption>'
        "</figure>\n"
    )


def test_unknown_directives_print_nothing_and_are_recorded() -> None:
    rendered = render(':::video source="a.mp4":::\n\n:::chart name="other":::\n')
    assert (rendered.html, rendered.unknown_directives) == ("", ("video", "chart other"))


def test_a_chart_directive_places_its_figure() -> None:
    assert render(':::chart name="plan-at-a-glance":::\n').html == "<svg>chart</svg>\n"


def test_learner_page_references_follow_headings_in_the_trainer_edition() -> None:
    source = "# Plan\n\n## Other\n"
    pages = {"doc--plan": 7}
    say = {"Learners: p. %(page)s": "Apprenants : p. %(page)s"}.__getitem__
    trainer = render(source, edition="trainer", learner_pages=pages, say=say)
    assert trainer.html == (
        '<h2 id="doc--plan">Plan</h2>\n<p class="learner-ref">Apprenants : p. 7</p>\n'
        '<h2 id="doc--other">Other</h2>\n'
    )
