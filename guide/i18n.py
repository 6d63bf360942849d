"""The tool's own words in the organisation's language (English or French).

Translations are gettext catalogues (``guide/locales/<lang>.po``) read with Babel and
compiled in memory; templates use them through Jinja's i18n extension, Python code through
``gettext``. Dates and numbers are formatted by Babel for the same locale. French text
gets French spacing (``french_spaces``): a narrow no-break space before ``; : ! ?`` and
inside « », where the writer typed an ordinary space or none.
"""

from __future__ import annotations

import functools
import io
import re

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

from guide.defaults import LOCALES_DIR

LOCALES = {"en": "en_GB", "fr": "fr_FR"}


def babel_locale(language: str) -> str:
    """The Babel locale for an organisation's ``locale`` key: 'fr' -> 'fr_FR'."""
    return LOCALES.get(language, language)


@functools.cache
def translations(locale: str) -> NullTranslations:
    """The catalogue for ``locale`` ('fr_FR' or 'fr'); English needs none."""
    language = locale.split("_")[0]
    source = LOCALES_DIR / f"{language}.po"
    if language == "en" or not source.is_file():
        return NullTranslations()
    with source.open("rb") as stream:
        catalog = read_po(stream, locale=language)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled)


@functools.lru_cache(maxsize=4096)  # templates ask for the same words on every page
def gettext(locale: str, message: str) -> str:
    translated = translations(locale).gettext(message)
    return french_spaces(translated) if locale.startswith("fr") else translated


NARROW_NBSP = "\u202f"

# any run of ordinary or no-break spaces before the sign, or none after a word or closer
_BEFORE_SIGN = re.compile(r"(?:[ \u00a0\u202f]+|(?<=[\w»)\]*_]))([;!?])(?=\s|$|[»)\].,;:!?])")
_BEFORE_COLON = re.compile(r"(?:[ \u00a0\u202f]+|(?<=[^\W\d_]|[»)\]]))(:)(?=\s|$)")
_AFTER_OPENING = re.compile(r"«[ \u00a0\u202f]*")
_BEFORE_CLOSING = re.compile(r"[ \u00a0\u202f]*»")
_DIGIT_GROUP = re.compile(r"(?<=\d)[ \u00a0](?=\d{3}(?!\d))")  # 1 000
_BEFORE_PERCENT = re.compile(r"(?<=\d)[ \u00a0]?%")  # 25 %


def french_spaces(text: str) -> str:
    """``text`` with narrow no-break spaces where French typography puts them."""
    if not any(sign in text for sign in ";:!?«»% \u00a0"):
        return text
    text = _BEFORE_SIGN.sub(NARROW_NBSP + r"\1", text)
    text = _BEFORE_COLON.sub(NARROW_NBSP + r"\1", text)
    text = _AFTER_OPENING.sub("«" + NARROW_NBSP, text)
    text = _BEFORE_CLOSING.sub(NARROW_NBSP + "»", text)
    text = _DIGIT_GROUP.sub(NARROW_NBSP, text)
    return _BEFORE_PERCENT.sub(NARROW_NBSP + "%", text)
