"""Countries named in the reader's language, from ISO 3166 and pycountry's own translations.

The gazetteer names places as they are written there, in English; a country reads "Jordanie" or
"Jordania" for a French or Spanish reader. Every page that names a country by its ISO3 code
(offices, flows, the public portal) asks here, so that a country has one name per language.
"""

from __future__ import annotations

import functools
import gettext

import pycountry
from django.conf import settings
from django.utils.translation import get_language, to_locale


@functools.lru_cache(maxsize=16)
def _iso3166(language: str) -> gettext.NullTranslations:
    """pycountry's translations of ISO 3166 names into `language`, read once per language (a
    language it lacks answers the English names)."""
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[to_locale(language)],
                               fallback=True)


def country_name(code: str) -> str:
    """The country of an ISO3 code in the reader's language: its common name where ISO 3166 has
    one ("Syria", not "Syrian Arab Republic"). A code pycountry does not know is shown as it is."""
    country = pycountry.countries.get(alpha_3=code)
    if country is None:
        return code
    name = getattr(country, "common_name", None) or country.name
    return _iso3166(get_language() or settings.LANGUAGE_CODE).gettext(name)
