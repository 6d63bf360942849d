"""Stylesheets read once for every document a process renders (``stylesheets_kept``).

The engine parses its stylesheets again for every document, and for every layout of it:
guide.css costs some 65 ms, a guide in parts is a dozen documents, and the fitting and
the glossary's columns lay a document out more than once. Two steps of that parse depend
on the stylesheet's text alone: tinycss2's tokenizing, and the validation of each rule's
declarations (with its selectors compiled), which is WeasyPrint's ``preprocess_declarations``.
For the length of a render both are kept here, by the text they came from, and what a
stylesheet does to its document (its ``@page`` rules, fonts, counter styles, layers) is
still done for each document by the engine itself. The engine shares its own user-agent
stylesheet's validated declarations between documents in the same way; the PDF's bytes
are the same with or without this.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from guide.render.patching import EnginePatch

#: Characters of stylesheet text kept (the guide's, the parts', the furniture's, each
#: document's own <style>): past this, everything kept is let go, and parsed again when
#: asked. Kept, guide.css (39,000 characters) takes some 2.4 MiB: this bounds a process that
#: sees the stylesheet edited again and again (``guide serve``) to about 25 MiB.
KEPT_CHARS = 400_000

_patch = EnginePatch()
_originals = _patch.originals

_rules: dict[tuple[Any, ...], Any] = {}  # a text -> what tinycss2 made
_kept_chars = 0  # the length of the texts in _rules
# by the identity of objects held here (so that no other object can take their id):
_blocks: dict[int, tuple[Any, Any]] = {}  # id(a kept rule's content) -> (content, blocks)
_kept_blocks: set[int] = set()  # id() of the blocks lists handed out
_validated: dict[tuple[Any, int, int], tuple[Any, Any, list[Any]]] = {}


@contextmanager
def stylesheets_kept() -> Iterator[None]:
    """Within this block, the engine's stylesheets are tokenized and validated once for
    the process, by their text."""
    from weasyprint import css

    tinycss2 = getattr(css, "tinycss2", None)  # the engine's parser, as the engine sees it
    if tinycss2 is None or not hasattr(css, "preprocess_declarations"):  # another engine
        yield
        return
    with _patch.applied(
        {
            (tinycss2, "parse_stylesheet"): _parse_stylesheet,
            (tinycss2, "parse_stylesheet_bytes"): _parse_stylesheet_bytes,
            (tinycss2, "parse_blocks_contents"): _parse_blocks_contents,
            (css, "preprocess_declarations"): _preprocess_declarations,
        }
    ):
        yield


def forget() -> None:
    """Let go of every stylesheet kept (past ``KEPT_CHARS``; a test's fresh start)."""
    global _kept_chars
    _rules.clear()
    _kept_chars = 0
    _blocks.clear()
    _kept_blocks.clear()
    _validated.clear()


def _kept_rules(parse: str, text: Any, *args: Any, **options: Any) -> Any:
    global _kept_chars
    key = (parse, text, args, tuple(sorted(options.items())))
    found = _rules.get(key)
    if found is None:
        if _kept_chars + len(text) > KEPT_CHARS:
            forget()
        found = _rules[key] = _originals[parse](text, *args, **options)
        _kept_chars += len(text)
    return found


def _parse_stylesheet(text: Any, *args: Any, **options: Any) -> Any:
    return _kept_rules("parse_stylesheet", text, *args, **options)


def _parse_stylesheet_bytes(text: Any, *args: Any, **options: Any) -> Any:
    return _kept_rules("parse_stylesheet_bytes", text, *args, **options)


def _parse_blocks_contents(content: Any, *args: Any, **options: Any) -> Any:
    """A rule's blocks, the same list each time; a style attribute's text (a string)
    parsed as usual."""
    if args or options or not isinstance(content, list):
        return _originals["parse_blocks_contents"](content, *args, **options)
    found = _blocks.get(id(content))
    if found is None:
        found = (content, _originals["parse_blocks_contents"](content))
        _blocks[id(content)] = found
        _kept_blocks.add(id(found[1]))
    return found[1]


def _preprocess_declarations(base_url: Any, declarations: Any, prelude: Any = None) -> Any:
    """A kept rule's validated declarations (and its compiled selectors); any others
    validated as usual. A rule that fails raises as the engine's own, and is not kept."""
    if id(declarations) not in _kept_blocks:
        return _originals["preprocess_declarations"](base_url, declarations, prelude)
    key = (base_url, id(declarations), id(prelude))
    found = _validated.get(key)
    if found is None:
        validated = list(_originals["preprocess_declarations"](base_url, declarations, prelude))
        found = _validated[key] = (declarations, prelude, validated)
    return iter(found[2])
