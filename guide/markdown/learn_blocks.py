"""Microsoft Learn's interactive blocks, made for paper: tabs, zone pivots, code files, videos.

- Tabbed sections (``# [Windows](#tab/windows)`` headings, a group closed by ``---``) print
  every tab, one after the other, each under its label;
- zone pivots (``::: zone pivot="intune"`` ... ``::: zone-end``) print the pivots the
  organisation picks (``content.pivots``), or all, each under its pivot's name; ``target``
  zones print the docs' version; monikers (``::: moniker range=...``) print their part;
- ``:::code source="..." range="..." language="...":::`` prints the lines of a file beside the
  chapter (confined to the content roots, as includes are);
- ``> [!VIDEO https://...]`` prints the video's address with a QR code.
Layout directives (``:::row:::``, ``:::column:::``) are in ``rules``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from markdown_it.renderer import RendererHTML
from markdown_it.rules_block import StateBlock
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from markupsafe import escape

from guide.content.confine import inside, outside, read_input
from guide.content.docset_paths import resolve_source
from guide.errors import InputError
from guide.markdown.learn import LOOKED_AT_FILES, written_in

_ZONE = re.compile(
    r'^:::\s*(?:zone\s+(?P<kind>pivot|target)|moniker\s+(?P<moniker>range))="(?P<value>[^"]*)"'
    r"\s*(?::::)?\s*$"
)
_ZONE_END = re.compile(r"^:::\s*(?:zone|moniker)-end\s*(?::::)?\s*$")
_TAB = re.compile(r"^#tab/(?P<id>[A-Za-z0-9_.+-]+)(?:/[A-Za-z0-9_.+-]+)?$")
_VIDEO = re.compile(r"^\[!VIDEO\s+(?P<url>https://\S+?)\]\s*$", re.IGNORECASE)
_RANGE = re.compile(r"^\s*(\d+)\s*(?:-\s*(\d*)\s*)?$")
MAX_CODE_BYTES = 1_000_000


def zone_rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """``::: zone pivot="a,b"`` and ``::: zone-end`` lines open and close a zone;
    ``::: moniker range="..."`` and ``::: moniker-end`` the same, for a product version."""
    line = state.src[state.bMarks[start] + state.tShift[start] : state.eMarks[start]]
    if state.sCount[start] - state.blkIndent >= 4 or not line.startswith(":::"):
        return False
    opening, closing = _ZONE.match(line), _ZONE_END.match(line)
    if not (opening or closing):
        return False
    if not silent:
        token = state.push("learn_zone_open" if opening else "learn_zone_close", "div", 0)
        token.map = [start, start + 1]
        if opening:
            values = [value.strip() for value in opening["value"].split(",") if value.strip()]
            token.meta = {"kind": opening["kind"] or "moniker", "values": values}
    state.line = start + 1
    return True


def zones_rule(state: Any) -> None:
    """Keep the zones the organisation picked (all, when it picked none) and the docs' target;
    label each pivot zone that prints beside others."""
    picked = set(state.env.get("pivots", ()))
    kept: list[Token] = []
    dropping = 0  # depth inside a dropped zone
    for token in state.tokens:
        if token.type == "learn_zone_open":
            values = token.meta["values"]
            if token.meta["kind"] == "moniker":  # a product version's part: printed
                keep = True
            elif token.meta["kind"] == "target":
                keep = "docs" in values
            else:
                keep = not picked or bool(picked & set(values))
            token.meta["label"] = not picked and token.meta["kind"] == "pivot"
            if dropping or not keep:
                dropping += 1
                continue
        elif token.type == "learn_zone_close" and dropping:
            dropping -= 1
            continue
        if not dropping:
            kept.append(token)
    state.tokens[:] = kept


def render_zone_open(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    token = tokens[idx]
    if token.meta["kind"] == "moniker":
        return '<div class="learn-moniker">\n'
    if not token.meta.get("label"):
        return '<div class="learn-zone">\n'
    names = ", ".join(pivot_name(value, env) for value in token.meta["values"])
    return f'<div class="learn-zone"><p class="learn-zone-label">{escape(names)}</p>\n'


def pivot_name(value: str, env: EnvType) -> str:
    """A pivot's name as a reader would say it: ``microsoft-intune`` -> ``Microsoft Intune``."""
    names: dict[str, str] = env.get("pivot_names", {})
    return names.get(value) or " ".join(word.capitalize() for word in re.split(r"[-_]", value))


def render_zone_close(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    return "</div>\n"


def _tab_of(tokens: list[Token], index: int) -> str | None:
    """The label of the tab heading at ``index``, or None when it is not one."""
    if tokens[index].type != "heading_open" or index + 1 >= len(tokens):
        return None
    children = tokens[index + 1].children or []
    if len(children) < 3 or children[0].type != "link_open" or children[-1].type != "link_close":
        return None
    if not _TAB.match(str(children[0].attrGet("href") or "")):
        return None
    return "".join(child.content for child in children[1:-1] if child.type != "link_open")


def tabs_rule(state: Any) -> None:
    """Tab groups: each tab heading becomes a labelled section; the ``---`` closing the group
    (or the next heading at the tabs' level or above, or the end) closes it."""
    tokens: list[Token] = state.tokens
    out: list[Token] = []
    level = 0  # the tab headings' level, inside a group
    index = 0
    while index < len(tokens):
        token = tokens[index]
        label = _tab_of(tokens, index)
        heading_level = int(token.tag[1]) if token.type == "heading_open" else 0
        ends_group = level and (
            (token.type == "hr" and token.level == 0)
            or (label is None and heading_level and heading_level <= level)
        )
        if ends_group:
            out += [Token("learn_tab_close", "section", -1), Token("learn_tabs_close", "div", -1)]
            level = 0
            if token.type == "hr":
                index += 1
                continue
        if label is not None:
            if level:
                out.append(Token("learn_tab_close", "section", -1))
            else:
                out.append(Token("learn_tabs_open", "div", 1))
                level = heading_level
            opening = Token("learn_tab_open", "section", 1)
            opening.meta = {"label": label}
            opening.map = token.map
            out.append(opening)
            index += 3  # the heading's open, inline and close tokens
            continue
        out.append(token)
        index += 1
    if level:
        out += [Token("learn_tab_close", "section", -1), Token("learn_tabs_close", "div", -1)]
    tokens[:] = out


def render_tab(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    token = tokens[idx]
    if token.type == "learn_tabs_open":
        return '<div class="learn-tabs">\n'
    if token.type == "learn_tab_open":
        label = escape(token.meta["label"])
        return f'<section class="learn-tab">\n<p class="learn-tab-label">{label}</p>\n'
    return "</section>\n" if token.type == "learn_tab_close" else "</div>\n"


def videos_rule(state: Any) -> None:
    """``> [!VIDEO https://...]``: the quote becomes a video token."""
    tokens: list[Token] = state.tokens
    index = 0
    while index + 4 < len(tokens):
        token, inline = tokens[index], tokens[index + 2]
        match = _VIDEO.match(inline.content) if token.type == "blockquote_open" else None
        if match and inline.type == "inline" and tokens[index + 4].type == "blockquote_close":
            video = Token("learn_video", "figure", 0)
            video.meta = {"url": match["url"]}
            video.map = token.map
            tokens[index : index + 5] = [video]
        index += 1


def render_video(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    url = tokens[idx].meta["url"]
    say = env.get("say", str)
    qr = env.get("qr")
    alt = say("QR code for the video at %(address)s") % {"address": url}
    code = f'<img src="{escape(qr(url))}" alt="{escape(alt)}">' if qr else ""
    return (
        f'<figure class="qr learn-video">{code}<figcaption><strong>{escape(say("Video"))}'
        f'</strong> <a class="external" href="{escape(url)}">{escape(url)}</a></figcaption>'
        "</figure>\n"
    )


def _lines(text: str, attrs: dict[str, str]) -> str | None:
    """The lines ``range`` names (``3-10``, ``3-``, ``1,4-6``), or the ``id`` region marked
    ``<id>`` ... ``</id>`` in comments; the whole file without either; None when missing."""
    lines = text.splitlines()
    if attrs.get("id"):
        name = re.escape(attrs["id"])
        starts = [n for n, line in enumerate(lines) if re.search(rf"<{name}>", line)]
        ends = [n for n, line in enumerate(lines) if re.search(rf"</{name}>", line)]
        if not starts or not ends or ends[0] <= starts[0]:
            return None
        return "\n".join(lines[starts[0] + 1 : ends[0]])
    if not attrs.get("range"):
        return text.rstrip("\n")
    chosen: list[str] = []
    for part in attrs["range"].split(","):
        match = _RANGE.match(part)
        if not match:
            return None
        first = int(match[1])
        last = int(match[2]) if match[2] else (first if match[2] is None else len(lines))
        if first < 1 or last < first or first > len(lines):
            return None
        chosen += lines[first - 1 : last]
    return "\n".join(chosen)


def render_code_directive(token: Token, env: EnvType) -> str:
    """``:::code source=... :::``: the file's lines as a code block, or a problem at the line."""
    env[LOOKED_AT_FILES] = True
    attrs = token.meta["attrs"]
    line = token.map[0] + 1 if token.map else 0
    problems = env.setdefault("problems", [])
    base = written_in(env, line)
    source = attrs.get("source", "")
    if base is None or not source or re.match(r"^[a-z][a-z0-9+.-]*:", source, re.IGNORECASE):
        problems.append((line, f"code source '{source}' must be a file beside the chapter"))
        return ""
    roots: Sequence[Path] = env.get("roots", ()) or [base.parent]
    path = resolve_source(source, base, roots)
    if not inside(path, roots):
        problems.append((line, outside(f"code source '{source}'", roots)))
        return ""
    try:
        text = read_input(path, MAX_CODE_BYTES).decode("utf-8-sig", errors="replace")
    except InputError as error:
        problems.append((line, f"code source '{source}': {error.problems[0].message}"))
        return ""
    code = _lines(text, attrs)
    if code is None:
        wanted = f"id '{attrs['id']}'" if attrs.get("id") else f"range '{attrs.get('range')}'"
        problems.append((line, f"code source '{source}': no {wanted} in the file"))
        return ""
    language = re.sub(r"[^a-z0-9+#-]", "", attrs.get("language", "").lower())
    cls = f' class="language-{language}"' if language else ""
    return f"<pre><code{cls}>{escape(code)}\n</code></pre>\n"
