"""Expand the Jinja in a chapter body: organisation, plan and catalogue values into Markdown.

Chapters are trainer-edited data, so they run in Jinja's sandbox with ``StrictUndefined``: a
misspelt variable is an error naming the chapter and line. Every printed value is escaped for
Markdown, so an organisation's name is always text, never markup or template code.
"""

from __future__ import annotations

import functools
import re
import string
from collections.abc import Iterable, Mapping
from types import TracebackType
from typing import Any

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment

from guide.catalogue import Catalogue
from guide.chapters import Chapter
from guide.defaults import LOCALE
from guide.errors import Problem, input_error
from guide.params import Organisation
from guide.tailor import Plan
from guide.wording import format_date, printed

_MARKDOWN_SPECIAL = re.compile("([" + re.escape(string.punctuation) + "])")


def escape_markdown(value: Any) -> str:
    """Backslash-escape every ASCII punctuation mark, which CommonMark then prints as is."""
    if value is None:
        return ""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(value))


@functools.cache
def _environment(locale: str) -> ImmutableSandboxedEnvironment:
    """One sandbox per language, shared by every chapter of every guide."""
    env = ImmutableSandboxedEnvironment(
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # the output is Markdown, escaped by ``finalize`` instead
        finalize=escape_markdown,
        keep_trailing_newline=True,
    )
    env.filters["date"] = lambda value: format_date(value, locale)
    return env


@functools.lru_cache(maxsize=512)
def _compiled(locale: str, body: str) -> jinja2.Template:
    """A chapter compiled once: ``guide check`` and every guide in a batch share it."""
    return _environment(locale).from_string(body)


def expand_chapter(chapter: Chapter, context: Mapping[str, Any], locale: str) -> str:
    """The chapter body with its Jinja expanded, or an ``InputError`` at the chapter's line."""
    offset = chapter.body_first_line - 1
    try:
        return _compiled(locale, chapter.body).render(context)
    except jinja2.TemplateSyntaxError as error:
        line = error.lineno + offset if error.lineno else None
        raise input_error(chapter.file, f"template error: {error.message}", line=line) from None
    except jinja2.UndefinedError as error:
        line = _template_line(error.__traceback__)
        raise input_error(
            chapter.file,
            f"{error.message}; check the variable's spelling (see README, 'Writing chapters')",
            line=line + offset if line else None,
        ) from None
    except jinja2.TemplateError as error:
        raise input_error(chapter.file, f"template error: {error}") from None
    except (TypeError, ValueError, AttributeError, KeyError) as error:
        line = _template_line(error.__traceback__)
        raise input_error(
            chapter.file, f"template error: {error}", line=line + offset if line else None
        ) from None


def _template_line(traceback: TracebackType | None) -> int | None:
    """The last line of the template's own code in ``traceback`` (Jinja rewrites these)."""
    line = None
    while traceback is not None:
        if traceback.tb_frame.f_code.co_filename == "<template>":
            line = traceback.tb_lineno
        traceback = traceback.tb_next
    return line


def chapter_context(
    org: Organisation,
    plan: Plan,
    catalogue: Catalogue,
    locale: str,
) -> dict[str, Any]:
    """The variables a chapter may use; README 'Writing chapters' documents each."""
    return {
        "org": org.spec.organisation,
        "training": org.spec.training,
        "plan": plan,
        "notices": printed(plan.notices, locale),
        "certs": catalogue.certifications,
        "roles": catalogue.roles,
        "lifecycle": plan.lifecycle,
        "team_roles": list(plan.team_roles),
        "vars": dict(org.spec.content.vars),
    }


def check_chapter_templates(chapters: Iterable[Chapter]) -> list[Problem]:
    """Jinja syntax errors in any chapter, found without rendering it."""
    problems = []
    for chapter in chapters:
        try:
            _compiled(LOCALE, chapter.body)
        except jinja2.TemplateSyntaxError as error:
            line = error.lineno + chapter.body_first_line - 1 if error.lineno else None
            problems.append(Problem(chapter.file, f"template error: {error.message}", line))
    return problems
