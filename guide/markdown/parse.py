"""Render a chapter's Markdown to an HTML fragment with one configured markdown-it parser.

Raw HTML and linkify are off; the typographer is on, with the quotes of the chapter's
language (one parser per language, ``parser``), and ``typography`` adds en dashes in ranges
and prose, and French spacing. Output changes go through token and renderer rules,
never through regular expressions over HTML: headings get stable ids (and ``#`` is demoted,
as the chapter title is the page's only h1), task items print as tick boxes, external links
are marked so the print style can show their address, and ``:::chart name="...":::``
directives drop in figures that the tool drew.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.ruler import RuleOptionsType
from markdown_it.rules_block import StateBlock
from markdown_it.token import Token
from markupsafe import Markup, escape
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.gfm import gfm_plugin

from guide.content.slugs import heading_slug
from guide.markdown.html import html_rule
from guide.markdown.learn import (
    LOOKED_AT_FILES,
    complex_image_rule,
    directive,
    divs_rule,
    image_lines_rule,
    inline_directive_rule,
    placeholder_addresses_rule,
    render_markdown_image,
)
from guide.markdown.learn_blocks import (
    render_tab,
    render_video,
    render_zone_close,
    render_zone_open,
    tabs_rule,
    videos_rule,
    zone_rule,
    zones_rule,
)
from guide.markdown.links import LinkTargets, scoped_id
from guide.markdown.rules import (
    render_directive,
    render_footnote_ref,
    render_heading_close,
    render_html_block,
    render_html_inline,
    render_link_close,
    render_link_open,
    render_list_item,
)
from guide.markdown.typography import (
    dashes_rule,
    french_spaces_rule,
    protect_rule,
    quotes_for,
)


@dataclass(frozen=True)
class Heading:
    level: int
    id: str
    text: str


@dataclass(frozen=True)
class RenderedMarkdown:
    html: Markup
    headings: tuple[Heading, ...]
    unknown_directives: tuple[str, ...]
    problems: tuple[tuple[int, str], ...] = ()  # (line, message): errors
    warnings: tuple[tuple[int, str], ...] = ()  # (line, message): links that cannot land
    placeholders: int = 0  # missing images printed as placeholders
    looked_at_files: bool = False  # images, code sources, links to files: not kept


def _directive_rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    line = state.src[state.bMarks[start] + state.tShift[start] : state.eMarks[start]]
    if state.sCount[start] - state.blkIndent >= 4 or not line.startswith(":::"):
        return False
    found = directive(line)
    if found is None:
        return False
    if not silent:
        token = state.push("directive", "", 0)
        token.info, attrs = found
        token.meta = {"attrs": attrs}
        token.map = [start, start + 1]
    state.line = start + 1
    return True


def _heading_ids_rule(state: Any) -> None:
    """Demote h1 to h2 and give every heading the id Learn gives it, scoped to the chapter
    (``{chapter}--{slug}``), so an article's own ``#anchors`` land. Run before the typographer:
    the slug is made from the text as written."""
    prefix = state.env.get("docId", "doc")
    used: set[str] = set()
    tokens: list[Token] = state.tokens
    for index, token in enumerate(tokens):
        if token.type != "heading_open" or token.meta.get("tab"):
            continue
        level = max(2, int(token.tag[1]))
        token.tag = tokens[index + 2].tag = f"h{level}"
        text = "".join(
            child.content
            for child in (tokens[index + 1].children or [])
            if child.type in {"text", "text_special", "code_inline"}
        )
        base = slug = heading_slug(text)
        counter = 1
        while scoped_id(prefix, slug) in used:  # Learn's: overview, overview-1, overview-2
            slug, counter = f"{base}-{counter}", counter + 1
        used.add(scoped_id(prefix, slug))
        token.attrSet("id", scoped_id(prefix, slug))


def _headings_rule(state: Any) -> None:
    """The chapter's sections, with their ids and their text as typeset."""
    headings: list[Heading] = state.env.setdefault("headings", [])
    tokens: list[Token] = state.tokens
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.attrGet("id"):
            text = "".join(
                child.content
                for child in (tokens[index + 1].children or [])
                if child.type in {"text", "code_inline"}
            )
            headings.append(Heading(int(token.tag[1]), str(token.attrGet("id")), text))


SHORT_TABLE_ROWS = 8
MAX_TABLE_COLUMNS = 40
MAX_TABLE_ROWS = 2000


def _tables_rule(state: Any) -> None:
    """Mark tables of a few rows (they print better kept whole); refuse absurd ones."""
    tokens: list[Token] = state.tokens
    for index, token in enumerate(tokens):
        if token.type != "table_open":
            continue
        rows = columns = 0
        for following in tokens[index + 1 :]:
            if following.type == "table_close":
                break
            rows += following.type == "tr_open"
            columns += rows == 1 and following.type == "th_open"
        line = token.map[0] + 1 if token.map else 0
        if columns > MAX_TABLE_COLUMNS or rows > MAX_TABLE_ROWS:
            state.env.setdefault("problems", []).append(
                (
                    line,
                    f"table with {columns} columns and {rows} rows; the limits are "
                    f"{MAX_TABLE_COLUMNS} columns and {MAX_TABLE_ROWS} rows",
                )
            )
        if rows <= SHORT_TABLE_ROWS:
            token.attrJoin("class", "short")


def _footnotes_rule(state: Any) -> None:
    """Footnotes print at the foot of their page: their text moves to the reference."""
    tokens: list[Token] = state.tokens
    bodies: dict[int, str] = state.env.setdefault("footnote_bodies", {})
    kept: list[Token] = []
    current: int | None = None
    inside = False
    for token in tokens:
        if token.type == "footnote_block_open":
            inside = True
        elif token.type == "footnote_block_close":
            inside = False
        elif token.type == "footnote_open":
            current = token.meta["id"]
            bodies[current] = ""
        elif inside and token.type == "inline" and current is not None:
            html = state.md.renderer.renderInline(token.children or [], state.md.options, state.env)
            bodies[current] += (" " if bodies[current] else "") + html
        elif not inside:
            kept.append(token)
    tokens[:] = kept


def _alert_titles_rule(state: Any) -> None:
    """Callout titles (Note, Warning...) in the guide's language."""
    say = state.env.get("say", str)
    tokens: list[Token] = state.tokens
    for index, token in enumerate(tokens):
        if token.type == "alert_title_open":
            for child in tokens[index + 1].children or []:
                if child.type == "text":
                    child.content = say(child.content)


def _editions_rule(state: Any) -> None:
    """Keep facilitator notes in the trainer edition only."""
    if state.env.get("edition") == "trainer":
        return
    kept: list[Token] = []
    depth = 0
    for token in state.tokens:
        if token.type == "container_facilitator_open":
            depth += 1
        elif token.type == "container_facilitator_close":
            depth -= 1
        elif depth == 0:
            kept.append(token)
    state.tokens[:] = kept


def make_parser(language: str = "en") -> MarkdownIt:
    """The parser for chapters in ``language``: safe preset, typographer with the language's
    quotes, GFM extensions, our rules."""
    options = {"html": True, "linkify": False, "typographer": True}
    md = MarkdownIt("js-default", {**options, "quotes": quotes_for(language)})
    gfm_plugin(md)
    md.use(deflist_plugin)
    md.block.ruler.before("fence", "learn_complex_image", complex_image_rule)
    md.inline.ruler.before("text", "learn_inline_directive", inline_directive_rule)
    interrupts: RuleOptionsType = {"alt": ["paragraph", "reference", "blockquote", "list"]}
    md.block.ruler.before("fence", "learn_zone", zone_rule, interrupts)
    md.block.ruler.before("fence", "directive", _directive_rule, interrupts)
    md.core.ruler.after("inline", "guide_html", html_rule)
    md.core.ruler.after("guide_html", "learn_placeholder_addresses", placeholder_addresses_rule)
    md.core.ruler.after("block", "learn_zones", zones_rule)
    md.core.ruler.after("learn_zones", "learn_videos", videos_rule)
    md.core.ruler.after("guide_html", "learn_tabs", tabs_rule)
    md.core.ruler.after("learn_tabs", "guide_heading_ids", _heading_ids_rule)
    md.core.ruler.before("replacements", "guide_protect", protect_rule)
    md.core.ruler.after("replacements", "guide_dashes", dashes_rule)
    md.core.ruler.push("guide_french_spaces", french_spaces_rule)
    md.core.ruler.push("guide_headings", _headings_rule)
    md.core.ruler.push("guide_tables", _tables_rule)
    md.core.ruler.push("guide_editions", _editions_rule)
    md.core.ruler.push("guide_footnotes", _footnotes_rule)
    md.core.ruler.push("learn_divs", divs_rule)
    md.core.ruler.push("learn_image_lines", image_lines_rule)
    md.core.ruler.push("guide_alert_titles", _alert_titles_rule)
    for name in ("facilitator", "exercise"):
        md.use(container_plugin, name)
    md.add_render_rule("directive", render_directive)
    md.add_render_rule("list_item_open", render_list_item)
    md.add_render_rule("link_open", render_link_open)
    md.add_render_rule("link_close", render_link_close)
    md.add_render_rule("heading_close", render_heading_close)
    md.add_render_rule("footnote_ref", render_footnote_ref)
    md.add_render_rule("image", render_markdown_image)
    md.add_render_rule("html_inline", render_html_inline)
    md.add_render_rule("learn_zone_open", render_zone_open)
    md.add_render_rule("learn_zone_close", render_zone_close)
    md.add_render_rule("learn_video", render_video)
    for kind in ("learn_tabs_open", "learn_tabs_close", "learn_tab_open", "learn_tab_close"):
        md.add_render_rule(kind, render_tab)
    md.add_render_rule("html_block", render_html_block)
    return md


@functools.cache
def parser(language: str) -> MarkdownIt:
    """One parser per language, shared by every chapter written in it."""
    return make_parser(language)


@dataclass(frozen=True)
class ParsedMarkdown:
    """A chapter parsed, not yet rendered: what its links may land on is known only once every
    chapter of the document is parsed (``render_parsed``)."""

    tokens: tuple[Token, ...]
    env: Mapping[str, Any]
    doc_id: str

    @property
    def anchors(self) -> frozenset[str]:
        """The ids links may land on: the chapter, its headings and its HTML anchors."""
        headings = (heading.id for heading in self.env.get("headings", []))
        return frozenset({self.doc_id, *headings, *self.env.get("html_anchors", ())})


def parse_markdown(
    text: str,
    doc_id: str,
    figures: Mapping[str, Markup] | None = None,
    *,
    edition: str = "learner",
    learner_pages: Mapping[str, int] | None = None,
    source_file: Path | None = None,
    file_at: Callable[[int], Path] | None = None,
    roots: Sequence[Path] = (),
    missing_images: str = "error",
    say: Callable[[str], str] = str,
    asset_url: Callable[[Path], str] = Path.as_uri,
    qr: Callable[[str], str] | None = None,
    pivots: Sequence[str] = (),
    pivot_names: Mapping[str, str] | None = None,
    language: str = "en",
) -> ParsedMarkdown:
    """Parse ``text``, written in ``language``; ids and footnote anchors are prefixed with
    ``doc_id``.

    ``edition`` 'trainer' keeps facilitator notes and, with ``learner_pages``, notes under
    each heading the page it has in the learner guide. ``asset_url`` gives an image file its
    address in the output (a ``file:`` URL for print, a relative one for screens); ``qr``
    gives a video's address its QR code (an image address), when the edition prints them.
    ``file_at`` names the file a line was written in (an include's lines are), which paths on
    that line are relative to; by default ``source_file``.
    """
    env: dict[str, Any] = {
        "docId": doc_id,
        "figures": dict(figures or {}),
        "edition": edition,
        "learner_pages": dict(learner_pages or {}),
        "source_file": source_file,
        "file_at": file_at,
        "roots": tuple(roots),
        "missing_images": missing_images,
        "say": say,
        "asset_url": asset_url,
        "qr": qr,
        "pivots": tuple(pivots),
        "pivot_names": dict(pivot_names or {}),
        "language": language,
    }
    md = parser(language)
    return ParsedMarkdown(tuple(md.parse(text, env)), env, doc_id)


def render_parsed(parsed: ParsedMarkdown, targets: LinkTargets | None = None) -> RenderedMarkdown:
    """The HTML of a parsed chapter, its links landing on ``targets`` (by default, the
    chapter's own anchors)."""
    env = dict(parsed.env)
    env["link_targets"] = targets or LinkTargets(anchors=parsed.anchors)
    env["problems"] = list(env.get("problems", []))
    md = parser(env["language"])
    html = md.renderer.render(list(parsed.tokens), md.options, env)
    return RenderedMarkdown(
        Markup(html),
        tuple(env.get("headings", [])),
        tuple(env.get("unknown_directives", [])),
        tuple(env["problems"]),
        tuple(env.get("warnings", [])),
        env.get("placeholders", 0),
        bool(env.get(LOOKED_AT_FILES)),
    )


def render_markdown(text: str, doc_id: str, *args: Any, **kwargs: Any) -> RenderedMarkdown:
    """``parse_markdown`` then ``render_parsed``, for a chapter whose links stay within it."""
    return render_parsed(parse_markdown(text, doc_id, *args, **kwargs))


def inline_text(text: str) -> Markup:
    """Escape plain text for HTML (titles that come from data, not Markdown)."""
    return escape(text)
