"""Expand the Jinja in a chapter body: organisation, plan and catalogue values into Markdown.

Chapters are trainer-edited data, so they run in an allow-list sandbox (``sandbox``) over
plain records (``chapter_context``), with ``StrictUndefined``: a misspelt variable or a
refused attribute is an error naming the chapter and line. Every printed value is escaped
for Markdown, so an organisation's name is always text, never markup or template code.
"""

from __future__ import annotations

import functools
import re
import string
from collections.abc import Iterable, Mapping
from types import GeneratorType, TracebackType
from typing import Any, cast

import jinja2
from jinja2.exceptions import SecurityError

from guide.compose.growth import MAX_TEXT, TooLarge, gathering_budget
from guide.compose.kept_code import kept_code
from guide.compose.sandbox import ChapterSandbox
from guide.content.chapters import Chapter
from guide.defaults import LOCALE
from guide.errors import InputError, Problem
from guide.plan.wording import format_date

_MARKDOWN_SPECIAL = re.compile("([" + re.escape(string.punctuation) + "])")


def escape_markdown(value: Any) -> str:
    """Backslash-escape every ASCII punctuation mark, which CommonMark then prints as is."""
    if value is None:
        return ""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(value))


@functools.cache
def _environment(locale: str) -> ChapterSandbox:
    """One sandbox per language, shared by every chapter of every guide."""
    env = ChapterSandbox(
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # the output is Markdown, escaped by ``finalize`` instead
        finalize=escape_markdown,
        keep_trailing_newline=True,
    )
    env.filters["date"] = lambda value: format_date(value, locale)
    return env


@functools.lru_cache(maxsize=512)
def _compiled(locale: str, body: str, file: str) -> jinja2.Template:
    """A chapter compiled once: ``guide check`` and every guide in a batch share it, and a
    later run loads the code compiled for the same body (``kept_code``: one file for each
    chapter file, checked against the body)."""
    environment = _environment(locale)
    kept = kept_code("chapter")
    if kept is None:
        return environment.from_string(body)
    bucket = kept.get_bucket(environment, "chapter", file, body)
    if bucket.code is None:
        bucket.code = environment.compile(body)
        kept.set_bucket(bucket)
    return environment.template_class.from_code(
        environment, bucket.code, environment.make_globals(None)
    )


_NEWLINE = re.compile(r"\r\n?")


def _plain(body: str) -> bool:
    """Whether ``body`` holds no Jinja at all (most chapters a trainer adds do not): it
    expands to itself, as Jinja would print it, without being compiled."""
    environment = _environment(LOCALE)
    starts = (
        environment.block_start_string,
        environment.variable_start_string,
        environment.comment_start_string,
    )
    line_syntax = environment.line_statement_prefix or environment.line_comment_prefix
    return not line_syntax and len(body) <= MAX_TEXT and not any(s in body for s in starts)


def expand_chapter(chapter: Chapter, context: Mapping[str, Any], locale: str) -> str:
    """The chapter body with its Jinja expanded, or an ``InputError`` at the line of the file
    the reader edits (the chapter, or a file it includes)."""
    if _plain(chapter.body):
        return _NEWLINE.sub("\n", chapter.body)  # Jinja's newline_sequence

    def at(line: int | None, message: str) -> InputError:
        return InputError([chapter.body_problem(line, message)])

    def located(error: BaseException, message: str) -> InputError:
        return at(_template_line(error.__traceback__), message)

    try:
        return _render(_compiled(locale, chapter.body, str(chapter.file)), context)
    except jinja2.TemplateSyntaxError as error:
        raise at(error.lineno, f"template error: {error.message}") from None
    except jinja2.UndefinedError as error:
        raise located(
            error,
            f"{error.message}; check the variable's spelling (see README, 'Writing chapters')",
        ) from None
    except _Overflow as error:
        raise at(
            error.line,
            f"template error: the chapter expands to more than {MAX_TEXT:,} characters",
        ) from None
    except TooLarge as error:
        raise located(error, f"template error: {error}") from None
    except SecurityError as error:
        raise located(
            error,
            f"template error: {error} (chapters may use only the values README 'Writing "
            "chapters' lists)",
        ) from None
    except (
        jinja2.TemplateError,
        TypeError,
        ValueError,
        AttributeError,
        LookupError,
        ArithmeticError,
        RecursionError,
    ) as error:
        raise located(error, f"template error: {error}") from None


class _Overflow(Exception):
    """The output passed the chapter limit at this template line."""

    def __init__(self, line: int) -> None:
        self.line = line


def _render(template: jinja2.Template, context: Mapping[str, Any]) -> str:
    """The template's output, refused as soon as it outgrows a chapter (it may loop long).

    ``Template.generate`` without its wrapper, so that the line being run is known when the
    output passes the limit; other errors get Jinja's template-line traceback as usual.
    """
    output = cast(
        "GeneratorType[str, None, None]",
        template.root_render_func(template.new_context(dict(context))),
    )
    parts, size = [], 0
    try:
        with gathering_budget():
            for part in output:
                size += len(part)
                if size > MAX_TEXT:
                    frame = output.gi_frame
                    line = template.get_corresponding_lineno(frame.f_lineno) if frame else 1
                    raise _Overflow(line)
                parts.append(part)
    except _Overflow:
        raise
    except Exception:
        template.environment.handle_exception()
    return "".join(parts)


def _template_line(traceback: TracebackType | None) -> int | None:
    """The last line of the template's own code in ``traceback`` (Jinja rewrites these)."""
    line = None
    while traceback is not None:
        if traceback.tb_frame.f_code.co_filename == "<template>":
            line = traceback.tb_lineno
        traceback = traceback.tb_next
    return line


def check_chapter_templates(chapters: Iterable[Chapter]) -> list[Problem]:
    """Jinja syntax errors in any chapter, found without rendering it."""
    problems = []
    for chapter in chapters:
        if _plain(chapter.body):
            continue
        try:
            _compiled(LOCALE, chapter.body, str(chapter.file))
        except jinja2.TemplateSyntaxError as error:
            problems.append(chapter.body_problem(error.lineno, f"template error: {error.message}"))
    return problems
