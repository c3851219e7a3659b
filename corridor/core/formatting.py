"""Values written as the reader's language writes them: dates (cached, for long lists), figures,
money and percentages. Templates reach them through the `money`, `number` and `percent` filters."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import lru_cache

from django.utils.formats import date_format, number_format
from django.utils.translation import get_language, pgettext


def short_date(value: dt.date) -> str:
    """The date in the active language's short format ("04 mars 1990")."""
    return _short_date(get_language(), value)


@lru_cache(maxsize=32_768)
def _short_date(language: str, value: dt.date) -> str:
    # Django parses the format string and builds a formatter per call: a tenth of a list page
    # went on the fifty birth dates. Formats are fixed while the process runs; the language
    # is part of the key because date_format reads the active one.
    return date_format(value, "SHORT_DATE_FORMAT")


def number(value: int | float | Decimal, places: int | None = None) -> str:
    """A figure grouped as the active language writes it ("11 524" in French, "11,524" in
    English and Arabic: ADR 0094 keeps Western digits in Arabic)."""
    return number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)


def money(value) -> str:
    """A Decimal amount with its own decimals, grouped ("1 000 000,00" in French)."""
    if value is None or value == "":
        return ""
    if not isinstance(value, Decimal):
        value = Decimal(str(value))
    return number(value, max(0, -value.as_tuple().exponent))


def percent(value, places: int = 0) -> str:
    """A percentage with the language's decimal mark and its sign as the language places it
    ("12,5 %" in French and Spanish, "12.5%" in English and Arabic)."""
    if value is None or value == "":
        return ""
    written = number(Decimal(str(value)), places)
    return pgettext("percentage", "%(number)s%%") % {"number": written}
