"""What forms offer to choose from, named in the reader's language: countries, languages and
the gazetteer's areas. The stored values stay codes (codes.py checks them); these lists only
spare field staff from typing ISO or P-codes (issue 18, item 10)."""

from __future__ import annotations

import functools
import gettext
import unicodedata

import pycountry
from django.conf import settings
from django.utils.translation import get_language, to_locale

from corridor.geo.countries import country_name

# Languages the organisation's offices meet that ISO 639-1 has no two-letter code for.
EXTRA_LANGUAGES = ("prs", "ckb", "kmr", "bej", "rhg")
# Enough areas for the admin levels a registration names; beyond that the code is typed.
AREA_LIMIT = 5000


def _sort_key(pair: tuple[str, str]) -> str:
    # "Égypte" among the E's, as a French reader looks for it.
    return unicodedata.normalize("NFKD", pair[1]).encode("ascii", "ignore").decode().casefold()


def _language() -> str:
    return get_language() or settings.LANGUAGE_CODE


@functools.lru_cache(maxsize=16)
def _countries(language: str) -> tuple[tuple[str, str], ...]:
    from django.utils import translation

    with translation.override(language):
        named = [(country.alpha_3, country_name(country.alpha_3)) for country in pycountry.countries]
    return tuple(sorted(named, key=_sort_key))


def country_options() -> tuple[tuple[str, str], ...]:
    """(ISO3, name) of every country, in the reader's language and alphabetical order."""
    return _countries(_language())


@functools.lru_cache(maxsize=16)
def _languages(language: str) -> tuple[tuple[str, str], ...]:
    names = gettext.translation("iso639-3", pycountry.LOCALES_DIR,
                                languages=[to_locale(language)], fallback=True)
    found = [(lang.alpha_2, names.gettext(lang.name)) for lang in pycountry.languages
             if getattr(lang, "alpha_2", None)]
    for code in EXTRA_LANGUAGES:
        lang = pycountry.languages.get(alpha_3=code)
        if lang is not None:
            found.append((code, names.gettext(lang.name)))
    return tuple(sorted(found, key=_sort_key))


def language_options(keep: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """(ISO 639 code, name) in the reader's language; `keep` adds codes a record already holds
    that the list lacks, so that editing it does not drop them."""
    options = list(_languages(_language()))
    known = {code for code, _name in options}
    options.extend((code, code) for code in keep if code not in known)
    return options


def area_options(countries: tuple[str, ...]) -> list[tuple[str, str]]:
    """(P-code, "name — country") of the gazetteer's areas in `countries` (the offices the user
    registers for), the coarser levels first."""
    from corridor.geo.models import AdminArea

    areas = (AdminArea.objects.filter(country__in=countries)
             .order_by("level", "name").values_list("pcode", "name", "country")[:AREA_LIMIT])
    return [(pcode, f"{name} — {country_name(country)}") for pcode, name, country in areas]


@functools.cache
def _zones_by_country() -> dict[str, tuple[str, ...]]:
    """ISO2 -> its time zones, from the tz database's zone.tab (shipped in tzdata)."""
    import importlib.resources

    table: dict[str, list[str]] = {}
    text = importlib.resources.files("tzdata.zoneinfo").joinpath("zone.tab").read_text()
    for line in text.splitlines():
        if line and not line.startswith("#"):
            code, _coordinates, zone, *_comment = line.split("\t")
            table.setdefault(code, []).append(zone)
    return {code: tuple(sorted(zones)) for code, zones in table.items()}


def zones_of(countries: tuple[str, ...]) -> list[str]:
    """The time zones of ISO3 `countries`, in the order given."""
    found: list[str] = []
    for code in countries:
        country = pycountry.countries.get(alpha_3=code)
        for zone in _zones_by_country().get(country.alpha_2 if country else "", ()):
            if zone not in found:
                found.append(zone)
    return found


def zone_choices(countries: tuple[str, ...]) -> list:
    """Choices of a time-zone select: none preset, the zones of `countries` (the office's) first,
    then every zone."""
    import zoneinfo

    from django.utils.translation import gettext as _

    first = zones_of(countries)
    every = sorted(zoneinfo.available_timezones())
    choices: list = [("", "—")]
    if first:
        choices.append((_("The office's time zones"), [(zone, zone) for zone in first]))
    choices.append((_("All time zones"), [(zone, zone) for zone in every]))
    return choices
