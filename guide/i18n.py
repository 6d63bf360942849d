"""The tool's own words in the organisation's language (English or French).

Translations are gettext catalogues (``guide/locales/<lang>.po``) read with Babel and
compiled in memory; templates use them through Jinja's i18n extension, Python code through
``gettext``. Dates and numbers are formatted by Babel for the same locale.
"""

from __future__ import annotations

import functools
import io

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


def gettext(locale: str, message: str) -> str:
    return translations(locale).gettext(message)
