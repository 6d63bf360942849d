"""Microsoft Learn's Markdown extensions, so material pasted from Learn prints without edits.

- ``:::image type="content" source="..." alt-text="...":::`` (and ``type="complex"`` with a
  long description closed by ``:::image-end:::``) become figures; images resolve relative to
  the chapter and must exist, unless the organisation asks for placeholders;
- ``> [!div class="checklist"]`` lists print as tick boxes, ``nextstepaction`` as a box;
- site-relative links (``/windows/...``) become learn.microsoft.com addresses.
Includes (``[!INCLUDE]``) are resolved earlier, when the chapter is read (``includes``).
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

from guide.content.confine import inside, outside
from guide.content.docset_paths import resolve_source
from guide.content.images import image_problem, short

LEARN_SITE = "https://learn.microsoft.com"
_DIV = re.compile(r'^\[!div class="(?P<cls>[A-Za-z0-9 _-]+)"\]\s*$')
_IMAGE_END = ":::image-end:::"
#: A triple-colon directive line: ``:::name key="value" ...:::`` (Learn's syntax, which the
#: guide's own ``:::chart name="...":::`` follows).
_DIRECTIVE = re.compile(r'^:::(?P<name>[a-z][a-z-]*)(?P<attrs>(?:\s+[a-z-]+="[^"]*")*)\s*:::\s*$')
_ATTR = re.compile(r'([a-z-]+)="([^"]*)"')


def directive(line: str) -> tuple[str, dict[str, str]] | None:
    """The name and attributes of a directive line, or None when ``line`` is not one."""
    match = _DIRECTIVE.match(line)
    return (match["name"], dict(_ATTR.findall(match["attrs"]))) if match else None


def complex_image_rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """``:::image type="complex" ...:::`` to ``:::image-end:::``: a figure with a description."""
    line = state.src[state.bMarks[start] + state.tShift[start] : state.eMarks[start]]
    found = directive(line) if line.startswith(":::image ") else None
    if found is None or found[0] != "image" or found[1].get("type") != "complex":
        return False
    close = next(
        (
            n
            for n in range(start + 1, end)
            if state.src[state.bMarks[n] + state.tShift[n] : state.eMarks[n]].strip() == _IMAGE_END
        ),
        None,
    )
    if close is None:
        return False
    if not silent:
        token = state.push("directive", "", 0)
        token.info = "image"
        token.meta = {
            "attrs": found[1],
            "description": state.getLines(start + 1, close, state.blkIndent, False).strip(),
        }
        token.map = [start, close + 1]
    state.line = close + 1
    return True


#: Set in a chapter's env once its render looks at a file (an image, a code source, a link to
#: a file): its HTML then depends on more than its text, and is not kept between builds
#: (``guide.compose.kept_chapters``).
LOOKED_AT_FILES = "looked_at_files"


def written_in(env: EnvType, line: int) -> Path | None:
    """The file the chapter's ``line`` was written in (an include, or the chapter itself)."""
    file_at = env.get("file_at")
    return file_at(line) if file_at and line else env.get("source_file")


def resolve_image(source: str, env: EnvType, line: int) -> str | None:
    """A file URL for ``source`` next to the chapter, or None after recording the problem."""
    env[LOOKED_AT_FILES] = True  # even inline, an SVG may draw files
    roots: Sequence[Path] = env.get("roots", ())
    if source.lower().startswith("data:"):
        return source if _image_checked(source, source, roots, env, line) else None
    if re.match(r"^[a-z][a-z0-9+.-]*:", source, re.IGNORECASE):
        env.setdefault("problems", []).append(
            (
                line,
                f"image '{source}' is a web address; guides never fetch from the network: "
                "save the image next to the chapter and link to the file",
            )
        )
        return None
    base = written_in(env, line)
    if base is None:
        return source
    path = resolve_source(source, base, roots)
    if roots and not inside(path, roots):
        env.setdefault("problems", []).append((line, outside(f"image '{source}'", roots)))
        return None
    try:
        exists = path.is_file()
    except (OSError, ValueError):  # no file can have that name (too long, for one)
        exists = False
    if not exists:
        if env.get("missing_images") != "placeholder":
            env.setdefault("problems", []).append(
                (
                    line,
                    f"image '{source}' not found; add the file, or set "
                    "missing_images: placeholder in the organisation file",
                )
            )
        return None
    if not _image_checked(path.as_uri(), source, roots or [path.parent], env, line):
        return None
    return env.get("asset_url", Path.as_uri)(path)  # type: ignore[no-any-return]


def _image_checked(url: str, source: str, roots: Sequence[Path], env: EnvType, line: int) -> bool:
    """The image checks the PDF engine's fetcher makes, made for every edition and for
    ``guide check``, where the chapter's line can still be named."""
    problem = image_problem(url, roots)
    if problem:
        env.setdefault("problems", []).append((line, f"image '{short(source)}': {problem}"))
    return problem is None


def render_image_directive(token: Token, env: EnvType) -> str:
    attrs = token.meta["attrs"]
    alt = attrs.get("alt-text", "")
    line = token.map[0] + 1 if token.map else token.meta.get("line", 0)
    url = resolve_image(attrs.get("source", ""), env, line)
    if attrs.get("type") == "icon":  # a small picture in the line: no figure, no caption
        if url is None:
            return ""
        return f'<img class="learn-icon" src="{escape(url)}" alt="{escape(alt)}">'
    if not alt.strip():
        _no_alt(env, line, attrs.get("source", ""), 'alt-text="what it shows"')
    description = token.meta.get("description", "")
    caption = (
        f"<figcaption>{escape(description or alt)}</figcaption>" if (description or alt) else ""
    )
    if url is None:
        env["placeholders"] = env.get("placeholders", 0) + 1
        missing = env.get("say", str)("Image not available")
        # the alt text once: in the caption when there is one, else in the placeholder
        words = "" if caption else f"<br>{escape(alt)}"
        return (
            f'<figure class="learn-image missing"><div class="image-placeholder">'
            f"<strong>{escape(missing)}</strong>{words}</div>{caption}</figure>\n"
        )
    return (
        f'<figure class="learn-image"><img src="{escape(url)}" alt="{escape(alt)}">'
        f"{caption}</figure>\n"
    )


def image_lines_rule(state: Any) -> None:
    """Give each inline image, link and HTML tag the source line of its block, for messages."""
    for token in state.tokens:
        if token.type == "inline" and token.map:
            line = token.map[0] + 1
            for child in token.children or []:
                line += child.type in {"softbreak", "hardbreak"}
                if child.type in {"image", "link_open", "html_inline", "directive"}:
                    child.meta["line"] = line


def _no_alt(env: EnvType, line: int, source: str, fix: str) -> None:
    """A picture without alternative text: a screen reader of the tagged PDF and of the
    page skips it as decoration, so the reader is told what is missing and how to add it."""
    env.setdefault("warnings", []).append(
        (
            line,
            f"image '{short(source)}' has no alternative text: screen readers skip it as "
            f"decoration; if it shows something, describe it: {fix}",
        )
    )


def html_image(source: str, alt: str, env: EnvType, line: int, markdown: bool = False) -> str:
    """An HTML ``<img>`` in an article, found and checked like a Markdown image."""
    if not alt.strip():
        fix = f"![what it shows]({source})" if markdown else 'alt="what it shows"'
        _no_alt(env, line, source, fix)
    url = resolve_image(source, env, line)
    if url is None:
        env["placeholders"] = env.get("placeholders", 0) + 1
        missing = env.get("say", str)("Image not available")
        return f'<span class="image-placeholder">{escape(missing)}: {escape(alt)}</span>'
    return f'<img src="{escape(url)}" alt="{escape(alt)}">'


def render_markdown_image(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    """Plain ``![alt](path)`` images, resolved next to the chapter like Learn's."""
    token = tokens[idx]
    line = token.meta.get("line", 0)
    alt = self.renderInlineAsText(token.children or [], options, env)
    return html_image(str(token.attrGet("src") or ""), alt, env, line, markdown=True)


def divs_rule(state: Any) -> None:
    """``> [!div class="checklist"]`` and friends: the blockquote becomes a classed div."""
    tokens: list[Token] = state.tokens
    for index, token in enumerate(tokens):
        if token.type != "blockquote_open" or index + 3 >= len(tokens):
            continue
        inline = tokens[index + 2]
        first_line, _, rest = inline.content.partition("\n")
        match = _DIV.match(first_line) if inline.type == "inline" else None
        if not match:
            continue
        kind = match["cls"].split()[0].lower()
        token.tag = "div"
        token.attrSet("class", f"learn-{kind}")
        depth, cursor = 0, index
        for cursor in range(index, len(tokens)):
            current = tokens[cursor]
            depth += current.nesting if current.type.startswith("blockquote") else 0
            if current.type == "blockquote_close" and depth == 0:
                current.tag = "div"
                break
            if kind == "checklist" and current.type == "bullet_list_open":
                current.attrSet("class", "contains-task-list")
            if kind == "checklist" and current.type == "list_item_open":
                current.attrSet("class", "task-list-item")
                current.meta["checked"] = False
        if rest:  # ``nextstepaction``: its link goes on in the [!div] line's paragraph
            children = inline.children or []
            breaks = (n for n, child in enumerate(children) if child.type.endswith("break"))
            inline.content, inline.children = rest, children[next(breaks, len(children)) + 1 :]
        else:
            del tokens[index + 1 : index + 4]  # the [!div] paragraph itself


def site_relative(href: str) -> str:
    """Learn's site-relative links point at learn.microsoft.com on paper."""
    return LEARN_SITE + href if href.startswith("/") and not href.startswith("//") else href


def placeholder_addresses_rule(state: Any) -> None:
    """``https://<tenant>.sharepoint.com``: an address with a placeholder for its host is text,
    not a link to ``https://`` (which GFM's autolinks would make of it)."""
    for token in state.tokens:
        children = token.children or []
        for index, child in enumerate(children):
            href = str(child.attrGet("href") or "") if child.type == "link_open" else ""
            if re.fullmatch(r"[a-z]+://", href, re.IGNORECASE) and index + 2 < len(children):
                children[index].type = children[index + 2].type = "text"
                children[index].content = children[index + 2].content = ""


_INLINE_DIRECTIVE = re.compile(r':::(?P<name>image|no-loc)(?P<attrs>(?:\s+[a-z-]+="[^"]*")*)\s*:::')


def inline_directive_rule(state: Any, silent: bool) -> bool:
    """``:::image type="icon" ...:::`` inside a line (a table cell, a sentence) and
    ``:::no-loc text="...":::`` (a word Learn does not translate: its text)."""
    if not state.src.startswith(":::", state.pos):
        return False
    match = _INLINE_DIRECTIVE.match(state.src, state.pos)
    if match is None:
        return False
    if not silent:
        attrs = dict(_ATTR.findall(match["attrs"]))
        if match["name"] == "no-loc":
            token = state.push("text", "", 0)
            token.content = attrs.get("text", "")
        else:
            token = state.push("directive", "", 0)
            token.info = "image"
            token.meta = {"attrs": {**attrs, "type": "icon"}, "inline": True}
    state.pos = match.end()
    return True
