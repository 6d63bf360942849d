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

from guide.markdown.learn import render_image_directive, site_relative


def render_directive(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    token = tokens[idx]
    if token.info == "image":
        return render_image_directive(token, env)
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


def render_link_open(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    token = tokens[idx]
    href = site_relative(str(token.attrGet("href") or ""))
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
    html = self.renderToken(tokens, idx, options, env)
    links = env.get("links") or [None]
    address = links.pop()
    if address:
        html += f'<span class="link-address">{escape(address)}</span>'
    return html


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
