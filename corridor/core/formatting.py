"""Formatting of values that long lists show many times."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from django.utils.formats import date_format
from django.utils.translation import get_language


def short_date(value: dt.date) -> str:
    """The date in the active language's short format ("04 mars 1990")."""
    return _short_date(get_language(), value)


@lru_cache(maxsize=32_768)
def _short_date(language: str, value: dt.date) -> str:
    # Django parses the format string and builds a formatter per call: a tenth of a list page
    # went on the fifty birth dates. Formats are fixed while the process runs; the language
    # is part of the key because date_format reads the active one.
    return date_format(value, "SHORT_DATE_FORMAT")


def format_money(value, currency: str) -> str:
    """An amount with its currency as a reader of the active language writes it in a sentence
    ("1 234,50 USD" in French, "1,234.50 USD" in English): server-built messages name money
    this way, pages through their own filters."""
    from django.utils.formats import number_format

    return f"{number_format(value, decimal_pos=2, use_l10n=True, force_grouping=True)} {currency}"
