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
