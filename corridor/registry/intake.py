"""The one validation of a person, whichever way they come in: the person and household forms and
the API (through the registry's services), spreadsheet and Kobo/ODK imports, and evacuation lists.

`check_person` takes a person's values as a form cleans them (dates, lists, an area) or as a file
gives them (text), and answers the fields the registry stores with every problem found as
(field, message), messages in the reader's language. Each way in adds where the problem is (file
and row, member N) and decides what a problem means there (an import refuses the whole file).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import phonenumbers
from django.utils import timezone
from django.utils.translation import gettext as _

from corridor.geo import codes
from corridor.registry import documents
from corridor.registry.models import (
    Category,
    DatePrecision,
    DocumentKind,
    Relation,
    Sex,
    Vulnerability,
)
from corridor.registry.phones import to_e164

# Code lists as sets: `Choices.values` builds a list on every call, too slow for 100,000 rows.
RELATIONS = frozenset(Relation.values)
CATEGORIES = frozenset(Category.values)
SEXES = frozenset(Sex.values)
PRECISIONS = frozenset(DatePrecision.values)
VULNERABILITIES = frozenset(Vulnerability.values)
DOCUMENT_KINDS = frozenset(DocumentKind.values)
MAX_LENGTHS = {"given_name": 100, "family_name": 100, "original_script_name": 200,
               "document_number": 60}
_E164 = re.compile(r"^\+([1-9][0-9]{7,14})$")
_SPLIT = re.compile(r"[\s,;]+")

Problem = tuple[str, str]  # (field, message)


@dataclass
class DocumentPlan:
    kind: str
    number: str
    digest: str
    issuing_country: str = ""
    expires_on: dt.date | None = None


@dataclass
class PersonPlan:
    """What the registry stores of a person once checked: the Person's fields (the place of
    origin as its id), phones in E.164, documents and consents (purpose -> given)."""

    fields: dict[str, Any]
    phones: list[str] = field(default_factory=list)
    documents: list[DocumentPlan] = field(default_factory=list)
    consents: dict[str, bool] = field(default_factory=dict)


def phone_e164(raw: str, office_country: str) -> str:
    """E.164, or "" if not a phone number. A number already written in E.164 is checked cheaply
    (a known country calling code, 8 to 15 digits); any other form goes through phonenumbers."""
    strict = _E164.match(raw)
    if strict:
        digits = strict.group(1)
        if any(int(digits[:n]) in phonenumbers.COUNTRY_CODE_TO_REGION_CODE for n in (1, 2, 3)):
            return raw
    return to_e164(raw, country_iso3=office_country) or ""


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ("" if value is None else str(value))


def _codes(value: object) -> list[str]:
    """A list as a form gives it, or words of a cell separated by spaces, commas or semicolons."""
    if isinstance(value, list | tuple):
        return [_text(v) for v in value if _text(v)]
    return [v for v in _SPLIT.split(_text(value)) if v]


def _date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value)
    return dt.date.fromisoformat(text[:10] if len(text) >= 10 else text)


def _place(value: object, known_pcodes: Mapping[str, int]) -> tuple[int | None, str | None]:
    """(area id, None), or (None, the unknown P-code). An area or its id passes as it is."""
    if value is None or value == "":
        return None, None
    if hasattr(value, "pk"):
        return value.pk, None
    if isinstance(value, int):
        return value, None
    pcode = _text(value)
    return (known_pcodes[pcode], None) if pcode in known_pcodes else (None, pcode)


def check_person(values: Mapping[str, Any], *, office_country: str = "",
                 known_pcodes: Mapping[str, int] | None = None,
                 in_household: bool = True) -> tuple[PersonPlan, list[Problem]]:
    """Check one person's values (a form's, an API call's or a file row's) and answer what the
    registry would store, with every problem found. `known_pcodes` maps the P-codes of the
    gazetteer the values may name (codes.pcode_ids); `in_household`: a relation to the head is
    required."""
    problems: list[Problem] = []

    def bad(name: str, message: str) -> None:
        problems.append((name, message))

    fields: dict[str, Any] = {}
    for name in ("given_name", "family_name", "original_script_name"):
        fields[name] = _text(values.get(name))
        if len(fields[name]) > MAX_LENGTHS[name]:
            bad(name, _("longer than %(n)s characters") % {"n": MAX_LENGTHS[name]})
    if not fields["given_name"]:
        bad("given_name", _("required"))
    aliases = values.get("aliases") or []
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        bad("aliases", _("a list of names"))
        aliases = []
    fields["aliases"] = aliases
    relation = _text(values.get("relation_to_head")).lower()
    if relation and relation not in RELATIONS:
        bad("relation_to_head", _("unknown relation %(value)r") % {"value": relation})
    elif not relation and in_household:
        bad("relation_to_head", _("required"))
    fields["relation_to_head"] = relation
    category = _text(values.get("category"))
    if category not in CATEGORIES:
        bad("category", _("unknown category %(value)r") % {"value": category} if category
            else _("required"))
    fields["category"] = category
    sex = _text(values.get("sex")).lower() or Sex.UNKNOWN
    if sex not in SEXES:
        bad("sex", _("unknown sex %(value)r (female, male, other, unknown)") % {"value": sex})
    fields["sex"] = sex
    raw_date = values.get("birth_date") or ""
    fields["birth_date"] = None
    if raw_date:
        try:
            fields["birth_date"] = _date(raw_date)
        except ValueError:
            bad("birth_date", _("not a date: %(value)r (YYYY-MM-DD)") % {"value": raw_date})
        else:
            if fields["birth_date"] > timezone.localdate():
                bad("birth_date", _("in the future"))
    precision = _text(values.get("birth_date_precision")) or DatePrecision.EXACT
    if precision not in PRECISIONS:
        bad("birth_date_precision", _("unknown precision %(value)r") % {"value": precision})
    fields["birth_date_precision"] = precision
    nationality = _text(values.get("nationality")).upper()
    if nationality and not codes.is_country(nationality):
        bad("nationality", _("unknown country code %(value)r (ISO 3166 alpha-3)")
            % {"value": nationality})
    fields["nationality"] = nationality
    place_id, unknown = _place(values.get("place_of_origin"), known_pcodes or {})
    if unknown:
        bad("place_of_origin", _("unknown P-code %(value)r") % {"value": unknown})
    fields["place_of_origin_id"] = place_id
    fields["vulnerabilities"] = _codes(values.get("vulnerabilities"))
    for code in fields["vulnerabilities"]:
        if code not in VULNERABILITIES:
            bad("vulnerabilities", _("unknown vulnerability %(value)r") % {"value": code})
    fields["languages"] = [code.lower() for code in _codes(values.get("languages"))]
    for code in fields["languages"]:
        if not codes.is_language(code):
            bad("languages", _("unknown language code %(value)r (ISO 639)") % {"value": code})
    return PersonPlan(fields=fields), problems


def check_phone(plan: PersonPlan, raw: str, office_country: str) -> list[Problem]:
    raw = _text(raw)
    if not raw:
        return []
    number = phone_e164(raw, office_country)
    if not number:
        return [("phone", _("not a phone number: %(value)r") % {"value": raw})]
    plan.phones.append(number)
    return []


def check_document(plan: PersonPlan, *, kind: str, number: str, issuing_country: str = "",
                   expires_on: object = None) -> list[Problem]:
    kind, number = _text(kind).lower(), _text(number)
    issuing = _text(issuing_country).upper()
    problems: list[Problem] = []
    if number and not kind:
        problems.append(("document_kind", _("a document number needs its kind")))
    elif kind and kind not in DOCUMENT_KINDS:
        problems.append(("document_kind", _("unknown document kind %(value)r") % {"value": kind}))
    elif kind and not documents.normalise_number(number):
        problems.append(("document_number", _("a document needs a number")))
    elif number and len(number) > MAX_LENGTHS["document_number"]:
        problems.append(("document_number", _("too long")))
    if issuing and not codes.is_country(issuing):
        problems.append(("document_issuing_country",
                         _("unknown country code %(value)r") % {"value": issuing}))
    expires = None
    if expires_on:
        try:
            expires = _date(expires_on)
        except ValueError:
            problems.append(("document_expires_on",
                             _("not a date: %(value)r (YYYY-MM-DD)") % {"value": expires_on}))
    if kind and number and not problems:
        plan.documents.append(DocumentPlan(kind=kind, number=number,
                                           digest=documents.digest(number),
                                           issuing_country=issuing, expires_on=expires))
    return problems


def check_consent(plan: PersonPlan, purpose: str, answer: object) -> list[Problem]:
    """A yes/no answer to a consent (blank: none recorded)."""
    if isinstance(answer, bool):
        plan.consents[purpose] = answer
        return []
    try:
        given = codes.yes_no(_text(answer))
    except ValueError:
        return [(f"consent_{purpose}", _("answer yes or no, not %(value)r")
                 % {"value": _text(answer).lower()})]
    if given is not None:
        plan.consents[purpose] = given
    return []
