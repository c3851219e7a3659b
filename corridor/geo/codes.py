"""The code checks every way in uses: countries (ISO 3166-1 alpha-3), languages (ISO 639),
yes/no answers and P-codes of the gazetteer. One module, so that a form, the API, an import and
an evacuation list accept and refuse the same values (issue 13)."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

import pycountry
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Answers a form export or a spreadsheet gives in English, French or Spanish.
YES = frozenset({"yes", "y", "true", "1", "oui", "si", "sí"})
NO = frozenset({"no", "n", "false", "0", "non"})
# How many values one statement binds (below SQLite's limit).
_CHUNK = 500


@cache
def is_country(code: str) -> bool:
    """An ISO 3166-1 alpha-3 code, upper case, as stored."""
    return len(code) == 3 and pycountry.countries.get(alpha_3=code) is not None


@cache
def is_language(code: str) -> bool:
    """An ISO 639 code: two letters (639-1) or three (639-3), lower case."""
    if len(code) == 2:
        return pycountry.languages.get(alpha_2=code) is not None
    return len(code) == 3 and pycountry.languages.get(alpha_3=code) is not None


def yes_no(text: str) -> bool | None:
    """True or False for an answer in YES or NO, None for a blank; ValueError otherwise."""
    answer = (text or "").strip().lower()
    if not answer:
        return None
    if answer in YES:
        return True
    if answer in NO:
        return False
    raise ValueError(answer)


def validate_iso3(value: str) -> None:
    """A model field's validator (offices, areas): the same check as every import's."""
    if not is_country(value):
        raise ValidationError(_("%(value)s is not an ISO 3166 alpha-3 country code"),
                              params={"value": value})


def pcode_ids(codes: Iterable[str]) -> dict[str, int]:
    """P-code -> area id for the codes the gazetteer knows (the others are absent)."""
    from corridor.geo.models import AdminArea  # here: the models' validators import this module

    wanted = sorted({str(code or "").strip() for code in codes} - {""})
    found: dict[str, int] = {}
    for start in range(0, len(wanted), _CHUNK):
        found.update(AdminArea.objects.filter(pcode__in=wanted[start:start + _CHUNK])
                     .values_list("pcode", "id"))
    return found
