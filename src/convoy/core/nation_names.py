"""Nation names in the page's language, from the ISO 3166-1 translations of the Debian
iso-codes project that pycountry ships (read through gettext, nothing fetched).

English pages keep the name the coalition recorded (its own spelling, e.g. "Netherlands");
other languages get the iso-codes translation of the ISO name for the nation's alpha-3 code,
and the recorded name where iso-codes has none. Codes never change.
"""

import gettext
from functools import lru_cache

import pycountry
from django.utils import translation


@lru_cache(maxsize=16)
def _catalogue(language: str) -> gettext.NullTranslations | None:
    try:
        return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language])
    except OSError:
        return None


@lru_cache(maxsize=4096)
def _translated(code: str, language: str) -> str | None:
    catalogue = _catalogue(language)
    country = pycountry.countries.get(alpha_3=code)
    if catalogue is None or country is None:
        return None
    name = catalogue.gettext(country.name)
    return name if name != country.name else None


def nation_name(code: str, recorded_name: str) -> str:
    """The name of the nation with ISO alpha-3 `code` for the active language."""
    language = (translation.get_language() or "en").split("-")[0]
    if language == "en":
        return recorded_name
    return _translated(code, language) or recorded_name
