"""Rows to a plan of households and people, checked as a whole: every problem is collected (file,
row, field, message) before anything is written; one problem refuses the whole file."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from corridor.core.exports import is_formula
from corridor.registry import intake
from corridor.registry.imports.columns import (
    ADDRESS_COLUMN,
    HOUSEHOLD_COLUMN,
    REQUIRED_COLUMNS,
    SPREADSHEET_COLUMNS,
)
from corridor.registry.imports.readers import SourceRow, problem

_PHONE_LIKE = re.compile(r"^\+[0-9 ().-]{4,30}$")


@dataclass
class MemberPlan:
    source: SourceRow
    fields: dict
    phone: str = ""  # E.164
    document_kind: str = ""
    document_number: str = ""
    document_digest: str = ""
    document_country: str = ""
    document_expires_on: dt.date | None = None
    consents: dict[str, bool] = field(default_factory=dict)
    flags: list[str] = field(default_factory=list)


@dataclass
class HouseholdPlan:
    key: str
    submission_id: str
    address: str
    members: list[MemberPlan] = field(default_factory=list)
    instance_id: str = ""  # the submission's version (readers.SourceRow.instance_id)


@dataclass
class Plan:
    households: list[HouseholdPlan] = field(default_factory=list)
    problems: list[dict] = field(default_factory=list)

    @property
    def people(self) -> int:
        return sum(len(h.members) for h in self.households)


def check_columns(columns: list[str], file: str, *, spreadsheet: bool) -> list[dict]:
    problems = []
    present = set(columns)
    required = [HOUSEHOLD_COLUMN, *REQUIRED_COLUMNS] if spreadsheet else REQUIRED_COLUMNS
    for name in required:
        if name not in present:
            problems.append(problem(file, 1, name, _("required column missing")))
    if spreadsheet:
        for name in columns:
            if name and name not in SPREADSHEET_COLUMNS:
                problems.append(problem(file, 1, name, _("unknown column (see the expected columns)")))
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


def _member(row: SourceRow, *, office_country: str, known_pcodes: dict[str, int]) -> \
        tuple[MemberPlan, list[dict]]:
    """One row through the registry's one validation of a person (registry.intake), with the
    file's own columns for a phone, a document and the consents."""
    values = row.values
    checked, found = intake.check_person(values, office_country=office_country,
                                         known_pcodes=known_pcodes)
    found += intake.check_phone(checked, _text(values, "phone"), office_country)
    found += intake.check_document(checked, kind=_text(values, "document_kind"),
                                   number=_text(values, "document_number"),
                                   issuing_country=_text(values, "document_issuing_country"),
                                   expires_on=values.get("document_expires_on") or None)
    for purpose in ("assistance", "tracing"):
        found += intake.check_consent(checked, purpose, _text(values, f"consent_{purpose}"))
    member = MemberPlan(source=row, fields=checked.fields, consents=checked.consents,
                        phone=checked.phones[0] if checked.phones else "")
    if checked.documents:
        document = checked.documents[0]
        member.document_kind, member.document_number = document.kind, document.number
        member.document_digest, member.document_country = document.digest, \
            document.issuing_country
        member.document_expires_on = document.expires_on
    else:
        member.document_country = _text(values, "document_issuing_country").upper()
    problems = _formula_problems(row)
    problems += [problem(row.file, row.row, name, message) for name, message in found]
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
            plan.problems.append(problem(row.file, row.row, HOUSEHOLD_COLUMN, _("required")))
            continue
        household = households.get(row.household_key)
        if household is None:
            household = households[row.household_key] = HouseholdPlan(
                key=row.household_key, submission_id=row.submission_id, address="",
                instance_id=row.instance_id)
        is_head = member.fields["relation_to_head"] == "head"
        if row.address and (is_head or not household.address):
            household.address = row.address[:255]
        household.members.append(member)
        if member.document_digest:
            first = by_document.setdefault(member.document_digest, row)
            if first is not row:
                plan.problems.append(problem(
                    row.file, row.row, "document_number",
                    _("the same document number as row %(row)s of this file") % {"row": first.row}))
        if member.phone:
            identity = (member.phone, member.fields["given_name"].casefold(),
                        member.fields["family_name"].casefold(), member.fields["birth_date"])
            first = by_identity.setdefault(identity, row)
            if first is not row:
                plan.problems.append(problem(
                    row.file, row.row, "phone",
                    _("the same person (phone, name and date of birth) as row %(row)s")
                    % {"row": first.row}))
    for household in households.values():
        heads = [m for m in household.members if m.fields["relation_to_head"] == "head"]
        if len(heads) != 1:
            first = household.members[0].source
            plan.problems.append(problem(
                first.file, first.row, "relation_to_head",
                _("household %(key)r has %(n)s heads; it needs exactly one")
                % {"key": household.key, "n": len(heads)}))
        plan.households.append(household)
    if checked is not None:
        checked(len(rows))
    return plan


__all__ = ["ADDRESS_COLUMN", "HouseholdPlan", "MemberPlan", "Plan", "build_plan",
           "check_columns"]
