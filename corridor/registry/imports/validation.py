"""Rows to a plan of households and people, checked as a whole: every problem is collected (file,
row, field, message) before anything is written; one problem refuses the whole file."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cache

import phonenumbers
import pycountry

from corridor.core.exports import is_formula
from corridor.registry import documents
from corridor.registry.imports.columns import (
    ADDRESS_COLUMN,
    HOUSEHOLD_COLUMN,
    REQUIRED_COLUMNS,
    SPREADSHEET_COLUMNS,
)
from corridor.registry.imports.readers import SourceRow, problem
from corridor.registry.models import (
    Category,
    DatePrecision,
    DocumentKind,
    Relation,
    Sex,
    Vulnerability,
)
from corridor.registry.phones import to_e164

_E164 = re.compile(r"^\+([1-9][0-9]{7,14})$")
_PHONE_LIKE = re.compile(r"^\+[0-9 ().-]{4,30}$")
_SPLIT = re.compile(r"[\s,;]+")
_YES = {"yes", "y", "true", "1", "oui", "si", "sí"}
_NO = {"no", "n", "false", "0", "non"}
# Code lists as sets: `Choices.values` builds a list on every call, too slow for 100,000 rows.
RELATIONS = frozenset(Relation.values)
CATEGORIES = frozenset(Category.values)
SEXES = frozenset(Sex.values)
PRECISIONS = frozenset(DatePrecision.values)
VULNERABILITIES = frozenset(Vulnerability.values)
DOCUMENT_KINDS = frozenset(DocumentKind.values)
MAX_LENGTHS = {"given_name": 100, "family_name": 100, "original_script_name": 200,
               "document_number": 60}


@dataclass
class MemberPlan:
    source: SourceRow
    fields: dict
    phone: str = ""  # E.164
    document_kind: str = ""
    document_number: str = ""
    document_digest: str = ""
    document_country: str = ""
    consents: dict[str, bool] = field(default_factory=dict)
    flags: list[str] = field(default_factory=list)


@dataclass
class HouseholdPlan:
    key: str
    submission_id: str
    address: str
    members: list[MemberPlan] = field(default_factory=list)


@dataclass
class Plan:
    households: list[HouseholdPlan] = field(default_factory=list)
    problems: list[dict] = field(default_factory=list)

    @property
    def people(self) -> int:
        return sum(len(h.members) for h in self.households)


def _phone(raw: str, office_country: str) -> str:
    """E.164, or "" if not a phone number. A number already written in E.164 is checked cheaply
    (a known country calling code, 8 to 15 digits); any other form goes through phonenumbers."""
    strict = _E164.match(raw)
    if strict:
        digits = strict.group(1)
        if any(int(digits[:n]) in phonenumbers.COUNTRY_CODE_TO_REGION_CODE for n in (1, 2, 3)):
            return raw
    return to_e164(raw, country_iso3=office_country) or ""


@cache
def _is_country(code: str) -> bool:
    return pycountry.countries.get(alpha_3=code) is not None


@cache
def _is_language(code: str) -> bool:
    return bool(pycountry.languages.get(alpha_2=code) if len(code) == 2
                else pycountry.languages.get(alpha_3=code))


def check_columns(columns: list[str], file: str, *, spreadsheet: bool) -> list[dict]:
    problems = []
    present = set(columns)
    required = [HOUSEHOLD_COLUMN, *REQUIRED_COLUMNS] if spreadsheet else REQUIRED_COLUMNS
    for name in required:
        if name not in present:
            problems.append(problem(file, 1, name, "required column missing"))
    if spreadsheet:
        for name in columns:
            if name and name not in SPREADSHEET_COLUMNS:
                problems.append(problem(file, 1, name, "unknown column (see the expected columns)"))
    return problems


def _text(values: dict, name: str) -> str:
    value = values.get(name, "")
    return value.strip() if isinstance(value, str) else ("" if value is None else str(value))


def _formula_problems(row: SourceRow) -> list[dict]:
    found = []
    for name, value in row.values.items():
        if not isinstance(value, str) or not is_formula(value):
            continue
        if name == "phone" and _PHONE_LIKE.match(value):
            continue  # an international phone number, not a formula
        found.append(problem(row.file, row.row, name,
                             f"starts with {value.strip()[:1] or value[:1]!r}: cells that a "
                             "spreadsheet would run as a formula are refused"))
    return found


def _date(value: object) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10]) if len(str(value)) >= 10 else \
        dt.date.fromisoformat(str(value))


def _member(row: SourceRow, *, office_country: str, known_pcodes: dict[str, int]) -> \
        tuple[MemberPlan, list[dict]]:
    values, problems = row.values, _formula_problems(row)

    def bad(name: str, message: str) -> None:
        problems.append(problem(row.file, row.row, name, message))

    fields: dict = {}
    for name in ("given_name", "family_name", "original_script_name"):
        fields[name] = _text(values, name)
        if len(fields[name]) > MAX_LENGTHS[name]:
            bad(name, f"longer than {MAX_LENGTHS[name]} characters")
    if not fields["given_name"]:
        bad("given_name", "required")
    relation = _text(values, "relation_to_head")
    if relation not in RELATIONS:
        bad("relation_to_head", f"unknown relation {relation!r}" if relation else "required")
    fields["relation_to_head"] = relation
    category = _text(values, "category")
    if category not in CATEGORIES:
        bad("category", f"unknown category {category!r}" if category else "required")
    fields["category"] = category
    sex = _text(values, "sex").lower() or "unknown"
    if sex not in SEXES:
        bad("sex", f"unknown sex {sex!r} (female, male, other, unknown)")
    fields["sex"] = sex
    raw_date = values.get("birth_date") or ""
    fields["birth_date"] = None
    if raw_date:
        try:
            fields["birth_date"] = _date(raw_date)
        except ValueError:
            bad("birth_date", f"not a date: {raw_date!r} (YYYY-MM-DD)")
        else:
            if fields["birth_date"] > dt.date.today():
                bad("birth_date", "in the future")
    precision = _text(values, "birth_date_precision") or "exact"
    if precision not in PRECISIONS:
        bad("birth_date_precision", f"unknown precision {precision!r}")
    fields["birth_date_precision"] = precision
    nationality = _text(values, "nationality").upper()
    if nationality and not _is_country(nationality):
        bad("nationality", f"unknown country code {nationality!r} (ISO 3166 alpha-3)")
    fields["nationality"] = nationality
    pcode = _text(values, "place_of_origin")
    fields["place_of_origin_id"] = None
    if pcode:
        if pcode not in known_pcodes:
            bad("place_of_origin", f"unknown P-code {pcode!r}")
        else:
            fields["place_of_origin_id"] = known_pcodes[pcode]
    vulnerabilities = [v for v in _SPLIT.split(_text(values, "vulnerabilities")) if v]
    for code in vulnerabilities:
        if code not in VULNERABILITIES:
            bad("vulnerabilities", f"unknown vulnerability {code!r}")
    fields["vulnerabilities"] = vulnerabilities
    languages = [v.lower() for v in _SPLIT.split(_text(values, "languages")) if v]
    for code in languages:
        if not _is_language(code):
            bad("languages", f"unknown language code {code!r} (ISO 639)")
    fields["languages"] = languages
    member = MemberPlan(source=row, fields=fields)
    raw_phone = _text(values, "phone")
    if raw_phone:
        member.phone = _phone(raw_phone, office_country)
        if not member.phone:
            bad("phone", f"not a phone number: {raw_phone!r}")
    kind, number = _text(values, "document_kind"), _text(values, "document_number")
    if number and not kind:
        bad("document_kind", "a document number needs its kind")
    elif kind and kind not in DOCUMENT_KINDS:
        bad("document_kind", f"unknown document kind {kind!r}")
    elif kind and not documents.normalise_number(number):
        bad("document_number", "a document needs a number")
    elif number and len(number) > MAX_LENGTHS["document_number"]:
        bad("document_number", "too long")
    elif kind:
        member.document_kind, member.document_number = kind, number
        member.document_digest = documents.digest(number)
    issuing = _text(values, "document_issuing_country").upper()
    if issuing and not _is_country(issuing):
        bad("document_issuing_country", f"unknown country code {issuing!r}")
    member.document_country = issuing
    for purpose in ("assistance", "tracing"):
        answer = _text(values, f"consent_{purpose}").lower()
        if answer in _YES:
            member.consents[purpose] = True
        elif answer in _NO:
            member.consents[purpose] = False
        elif answer:
            bad(f"consent_{purpose}", f"answer yes or no, not {answer!r}")
    return member, problems


def build_plan(rows: list[SourceRow], *, office_country: str,
               known_pcodes: dict[str, int], checked=None) -> Plan:
    """`checked(n)`, when given, hears how many rows have been checked (a task's progress)."""
    plan = Plan()
    households: dict[str, HouseholdPlan] = {}
    by_document: dict[str, SourceRow] = {}
    by_identity: dict[tuple, SourceRow] = {}
    for number, row in enumerate(rows, 1):
        if checked is not None and number % 1000 == 0:
            checked(number)
        member, problems = _member(row, office_country=office_country, known_pcodes=known_pcodes)
        plan.problems += problems
        if not row.household_key:
            plan.problems.append(problem(row.file, row.row, HOUSEHOLD_COLUMN, "required"))
            continue
        household = households.get(row.household_key)
        if household is None:
            household = households[row.household_key] = HouseholdPlan(
                key=row.household_key, submission_id=row.submission_id, address="")
        is_head = member.fields["relation_to_head"] == "head"
        if row.address and (is_head or not household.address):
            household.address = row.address[:255]
        household.members.append(member)
        if member.document_digest:
            first = by_document.setdefault(member.document_digest, row)
            if first is not row:
                plan.problems.append(problem(
                    row.file, row.row, "document_number",
                    f"the same document number as row {first.row} of this file"))
        if member.phone:
            identity = (member.phone, member.fields["given_name"].casefold(),
                        member.fields["family_name"].casefold(), member.fields["birth_date"])
            first = by_identity.setdefault(identity, row)
            if first is not row:
                plan.problems.append(problem(
                    row.file, row.row, "phone",
                    f"the same person (phone, name and date of birth) as row {first.row}"))
    for household in households.values():
        heads = [m for m in household.members if m.fields["relation_to_head"] == "head"]
        if len(heads) != 1:
            first = household.members[0].source
            plan.problems.append(problem(
                first.file, first.row, "relation_to_head",
                f"household {household.key!r} has {len(heads)} heads; it needs exactly one"))
        plan.households.append(household)
    if checked is not None:
        checked(len(rows))
    return plan


__all__ = ["ADDRESS_COLUMN", "HouseholdPlan", "MemberPlan", "Plan", "build_plan",
           "check_columns"]
