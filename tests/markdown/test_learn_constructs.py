"""Every Learn construct met in real articles, rendered or dropped on purpose: fixture cases in
markdown-it-py's format (tests/markdown/fixtures/learn-constructs.md, written for these tests
in Learn's syntax), rendered as a chapter whose guide also holds a sibling article."""

from __future__ import annotations

from pathlib import Path

import pytest
from markdown_it.utils import read_fixture_file
from markupsafe import Markup

from guide.markdown.links import LinkTargets
from guide.markdown.parse import RenderedMarkdown, parse_markdown, render_parsed

FIXTURES = Path(__file__).parent / "fixtures"
CASES = read_fixture_file(FIXTURES / "learn-constructs.md")
#: The other chapter of the guide these cases are rendered in, and its one heading.
SIBLING = LinkTargets(
    chapters={(FIXTURES / "entra-join.md").resolve(): "entra-join"},
    anchors=frozenset({"entra-join", "entra-join--join-a-device"}),
)
RAW = ("[!", ":::", "<!--", "{{")


def render(text: str) -> RenderedMarkdown:
    parsed = parse_markdown(
        text,
        "doc",
        {"plan-at-a-glance": Markup("<svg>chart</svg>")},
        source_file=FIXTURES / "chapter.md",
        roots=[FIXTURES],
        asset_url=lambda path: path.relative_to(FIXTURES).as_posix(),
        qr=lambda address: f"qr:{address}",
        pivot_names={"windows-device": "Windows", "ios-device": "iOS/iPadOS"},
    )
    targets = LinkTargets(anchors=parsed.anchors | SIBLING.anchors, chapters=SIBLING.chapters)
    return render_parsed(parsed, targets)


@pytest.mark.parametrize(
    "line, title, source, expected", CASES, ids=[f"{case[0]}-{case[1]}" for case in CASES]
)
def test_learn_construct(line: int, title: str, source: str, expected: str) -> None:
    rendered = render(source)
    assert rendered.html == expected, f"{FIXTURES / 'learn-constructs.md'}:{line}: {title}"
    assert not rendered.problems


@pytest.mark.parametrize("line, title, source, expected", CASES, ids=[c[1] for c in CASES])
def test_no_learn_syntax_is_left_raw(line: int, title: str, source: str, expected: str) -> None:
    assert not [mark for mark in RAW if mark in expected], f"line {line}: {title}"


def test_links_that_cannot_land_are_warnings_at_their_line() -> None:
    rendered = render("Intro.\n\nSee [gone](#gone), [away](away.md) and [here](entra-join.md).\n")
    assert [line for line, _ in rendered.warnings] == [3, 3]
    assert "'#gone'" in rendered.warnings[0][1] and "'away.md'" in rendered.warnings[1][1]
    assert '<a href="#entra-join">here</a>' in rendered.html


def test_a_docset_address_links_an_article_the_guide_lacks() -> None:
    parsed = parse_markdown(
        "[roles](../fundamentals/roles.md#admins)\n", "doc", source_file=FIXTURES / "a" / "b.md"
    )
    targets = LinkTargets(docsets=((FIXTURES, "https://learn.microsoft.com/en-us/mem/"),))
    rendered = render_parsed(parsed, targets)
    assert 'href="https://learn.microsoft.com/en-us/mem/fundamentals/roles#admins"' in rendered.html
    assert not rendered.warnings


def test_a_picked_pivot_prints_alone_without_a_label() -> None:
    text = '::: zone pivot="a"\nA.\n::: zone-end\n\n::: zone pivot="b"\nB.\n::: zone-end\n'
    html = render_parsed(parse_markdown(text, "doc", pivots=("b",))).html
    assert html == '<div class="learn-zone">\n<p>B.</p>\n</div>\n'


@pytest.mark.parametrize(
    "directive, problem",
    [
        ('source="snippets/none.ps1"', "code source 'snippets/none.ps1': file not found"),
        ('source="snippets/enroll.ps1" range="40-50"', "no range '40-50' in the file"),
        ('source="snippets/enroll.ps1" id="nope"', "no id 'nope' in the file"),
        ('source="../../../etc/passwd"', "code source '../../../etc/passwd' is outside"),
    ],
)
def test_a_code_file_that_cannot_be_read_is_a_problem_at_its_line(
    directive: str, problem: str
) -> None:
    rendered = render(f'Intro.\n\n:::code language="powershell" {directive}:::\n')
    assert len(rendered.problems) == 1
    line, message = rendered.problems[0]
    assert line == 3 and problem in message, message


def test_a_picture_without_alternative_text_is_a_warning_at_its_line() -> None:
    rendered = render(
        "Intro.\n\n![](media/diagram.svg)\n\n"
        ':::image type="content" source="media/diagram.svg":::\n\n'
        '<img src="media/diagram.svg">\n\n'
        ':::image type="icon" source="media/diagram.svg":::\n'
    )
    assert [line for line, _ in rendered.warnings] == [3, 5, 7]  # an icon is decoration
    assert rendered.warnings[0][1] == (
        "image 'media/diagram.svg' has no alternative text: screen readers skip it as "
        "decoration; if it shows something, describe it: ![what it shows](media/diagram.svg)"
    )
    assert 'alt-text="what it shows"' in rendered.warnings[1][1]
    assert 'alt="what it shows"' in rendered.warnings[2][1]
