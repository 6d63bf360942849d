"""Renderer rules: how our tokens print as HTML.

Figures for directives, printed tick boxes for task items, link addresses as footnotes,
learner page references under headings (trainer edition), and footnotes at the foot of the
page. ``markdown.make_parser`` installs them; nothing here parses.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from markupsafe import Markup, escape

from guide.markdown.html import BLOCKS, render_pieces
from guide.markdown.learn import (
    LOOKED_AT_FILES,
    html_image,
    render_image_directive,
    site_relative,
    written_in,
)
from guide.markdown.learn_blocks import render_code_directive
from guide.markdown.links import LinkTargets, resolve_link

#: Learn's layout directives: rows of columns print as such on a wide page.
LAYOUT = {
    "row": '<div class="learn-row">\n',
    "row-end": "</div>\n",
    "column": '<div class="learn-column">\n',
    "column-end": "</div>\n",
}


def render_directive(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    token = tokens[idx]
    if token.info == "image":
        return render_image_directive(token, env)
    if token.info == "code":
        return render_code_directive(token, env)
    if token.info in LAYOUT:
        return LAYOUT[token.info]
    figures: Mapping[str, Markup] = env.get("figures", {})
    name = token.meta["attrs"].get("name", "")
    if token.info == "chart" and name in figures:
        return str(figures[name]) + "\n"
    env.setdefault("unknown_directives", []).append(f"{token.info} {name}".strip())
    return ""


def render_list_item(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    token = tokens[idx]
    html = self.renderToken(tokens, idx, options, env)
    if "checked" in token.meta:
        state = "checked" if token.meta["checked"] else "open"
        html += f'<span class="tick-box tick-box-{state}" aria-hidden="true"></span>'
    return html


def _resolve(href: str, env: EnvType, line: int) -> str | None:
    """Where a link lands in the guide (``links.resolve_link``); None prints its text alone,
    after recording a warning at ``line``."""
    targets = env.get("link_targets") or LinkTargets()
    written = written_in(env, line)
    resolved = resolve_link(href, env.get("docId", "doc"), written, targets, env.get("roots", ()))
    if resolved.local:
        env[LOOKED_AT_FILES] = True
    if resolved.warning:
        env.setdefault("warnings", []).append((line, resolved.warning))
    return None if resolved.href is None else site_relative(resolved.href)


def render_link_open(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    token = tokens[idx]
    href = _resolve(str(token.attrGet("href") or ""), env, token.meta.get("line", 0))
    if href is None:
        env.setdefault("links", []).append(False)  # no tag: the link prints as its text
        return ""
    token.attrSet("href", href)
    printed = None
    if href.startswith(("http://", "https://")):
        token.attrJoin("class", "external")
        text = "".join(child.content for child in tokens[idx + 1 : idx + 2])
        printed = None if text.strip() == href else href
    env.setdefault("links", []).append(printed)
    return self.renderToken(tokens, idx, options, env)


def render_link_close(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    """Paper cannot be clicked: an external link's address goes to a footnote."""
    links = env.get("links") or [None]
    address = links.pop()
    if address is False:
        return ""
    html = self.renderToken(tokens, idx, options, env)
    if address:
        html += f'<span class="link-address">{escape(address)}</span>'
    return html


def render_html_inline(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    """An allowed inline tag (``markdown.html``); an ``<a href>`` lands like a link."""
    token = tokens[idx]
    line = token.meta.get("line", 0)
    return render_pieces(
        token.meta.get("pieces", []),
        lambda href: _resolve(href, env, line),
        lambda src, alt: html_image(src, alt, env, line),
    )


def render_html_block(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    """An HTML block: comments dropped, allowed tags kept, anything else printed as text."""
    token = tokens[idx]
    line = token.map[0] + 1 if token.map else 0
    pieces = token.meta.get("pieces", [])
    html = render_pieces(
        pieces,
        lambda href: _resolve(href, env, line),
        lambda src, alt: html_image(src, alt, env, line),
    ).strip()
    if not html:
        return ""
    printed_as_text = any(kind == "text" and str(value).strip() for kind, value in pieces)
    structured = any(kind == "tag" and value[0] in BLOCKS for kind, value in pieces)
    return f"<p>{html}</p>\n" if printed_as_text and not structured else html + "\n"


def render_heading_close(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    """In the trainer edition, say on which page of the learner guide this heading is."""
    html = self.renderToken(tokens, idx, options, env)
    anchor = tokens[idx - 2].attrGet("id")
    page = env.get("learner_pages", {}).get(anchor)
    if page:
        label = env.get("say", str)("Learners: p. %(page)s") % {"page": page}
        html += f'<p class="learner-ref">{escape(label)}</p>\n'
    return html


def render_footnote_ref(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    body = env.get("footnote_bodies", {}).get(tokens[idx].meta["id"], "")
    return f'<span class="footnote">{body}</span>'
