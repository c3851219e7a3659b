"""Evacuation mode: register and book a whole list (CSV) in one step, or nothing.

Every row is validated before anything is written; then people and households are registered
through the registry's services, their clearances recorded and everyone booked through
`booking_create` (the same pre-departure checks). Any problem, at any step, names its row and
field and rolls the whole list back.

Columns (header row, any order; blank optional ones may be left out):
    person_id          an already registered person (then the other person columns are ignored)
    household          rows sharing this key form one new household
    relation_to_head   head, spouse, child, ... (for household rows)
    given_name, family_name, original_script_name, sex, birth_date (YYYY-MM-DD), nationality
    category           the registry category
    document_kind, document_number, document_expires_on
    consent_assistance, consent_tracing   yes/no (blank: not recorded)
    fit_to_travel      yes/no: records a medical clearance examined today
    clearance_valid_until, wheelchair, stretcher, oxygen, medical_escort (yes/no)

At most MAX_ROWS people, and the upload limits of corridor.core.uploads (bytes, rows, columns),
read by the registry imports' CSV reader; each person is checked by the registry's one validation
(corridor.registry.intake), yes/no answers by corridor.geo.codes.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from corridor.access.policies import can_in_office
from corridor.core import uploads
from corridor.core.audit import audit_record
from corridor.core.errors import ValidationFailed
from corridor.core.models import AuditAction
from corridor.geo import codes
from corridor.movements.models import Booking, Leg, MedicalClearance, Operation
from corridor.movements.services._common import check, refuse
from corridor.movements.services.bookings import booking_create
from corridor.registry import intake
from corridor.registry import policies as registry_policies
from corridor.registry import services as registry_services
from corridor.registry.imports import readers
from corridor.registry.models import DocumentKind, Person

MAX_ROWS = 5000
PERSON_COLUMNS = ("given_name", "family_name", "original_script_name", "sex", "birth_date",
                  "nationality", "category")


@dataclass
class Row:
    number: int
    person_id: int | None = None
    household: str = ""
    fields: dict = field(default_factory=dict)
    document: registry_services.DocumentInput | None = None
    consents: dict[str, bool] = field(default_factory=dict)  # purpose -> given
    fit: bool | None = None
    valid_until: dt.date | None = None
    needs: dict = field(default_factory=dict)


def _date(text: str, where: str, name: str, problems: list) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        problems.append({"where": where, "field": name, "message": _(
            "not a date: %(value)r (YYYY-MM-DD)") % {"value": text}})
        return None


def _flag(text: str, where: str, name: str, problems: list) -> bool | None:
    try:
        return codes.yes_no(text)
    except ValueError:
        problems.append({"where": where, "field": name,
                         "message": _("answer yes or no, not %(value)r") % {"value": text}})
        return None


def _parse_row(number: int, raw: dict[str, str], problems: list) -> Row:
    """A row's person through the registry's one validation of a person (registry.intake)."""
    where = f"row {number}"
    get = {k: (v or "").strip() for k, v in raw.items() if k}.get
    row = Row(number=number, household=get("household") or "")
    if get("person_id"):
        try:
            row.person_id = int(get("person_id"))
        except ValueError:
            problems.append({"where": where, "field": "person_id", "message": _("not a number")})
    else:
        plan, found = intake.check_person(raw, in_household=bool(row.household))
        if get("document_number"):
            found += intake.check_document(
                plan, kind=get("document_kind") or DocumentKind.PASSPORT,
                number=get("document_number") or "",
                expires_on=get("document_expires_on") or None)
        for purpose in ("assistance", "tracing"):
            found += intake.check_consent(plan, purpose, get(f"consent_{purpose}") or "")
        problems += [{"where": where, "field": name, "message": message}
                     for name, message in found]
        row.fields = {name: plan.fields[name] for name in PERSON_COLUMNS}
        if row.household:
            row.fields["relation_to_head"] = plan.fields["relation_to_head"]
        if plan.documents:
            document = plan.documents[0]
            row.document = registry_services.DocumentInput(
                kind=document.kind, number=document.number, expires_on=document.expires_on)
        row.consents = plan.consents
    row.fit = _flag(get("fit_to_travel") or "", where, "fit_to_travel", problems)
    row.valid_until = _date(get("clearance_valid_until") or "", where, "clearance_valid_until",
                            problems)
    row.needs = {need: bool(_flag(get(need) or "", where, need, problems))
                 for need in ("wheelchair", "stretcher", "oxygen", "medical_escort")}
    return row


def parse(text: str, source: str = "list") -> tuple[list[Row], list[dict]]:
    """The list read as every registry import reads a CSV file (its reader and upload limits),
    each row checked."""
    data = text.encode("utf-8")
    uploads.check_size(source, len(data))
    try:
        table = readers.csv_table(source, data)
    except readers.Unreadable as exc:
        raise ValidationFailed([exc.problem]) from None
    if not set(table.header) & {"person_id", "given_name"}:
        return [], [{"where": "header", "field": "given_name",
                     "message": _("the list needs a header with given_name (or person_id)")}]
    if len(table.rows) > MAX_ROWS:
        raise ValidationFailed([{"where": f"row {table.rows[MAX_ROWS][0]}", "field": "rows",
                                 "message": _("at most %(n)s rows") % {"n": MAX_ROWS}}])
    problems: list[dict] = []
    rows = [_parse_row(number, raw, problems) for number, raw in readers.records(table, text_only=True)]
    if not rows:
        problems.append({"where": "file", "field": "rows", "message": _("the list is empty")})
    return rows, problems


def _person_input(row: Row) -> registry_services.PersonInput:
    consents = tuple(registry_services.ConsentInput(purpose=purpose, given=given)
                     for purpose, given in row.consents.items())
    return registry_services.PersonInput(
        fields=row.fields, documents=(row.document,) if row.document else (), consents=consents)


def _register(actor, operation: Operation, rows: list[Row], problems: list) -> dict[int, Person]:
    """Register the new people; return them by row number (problems collected, not raised)."""
    people: dict[int, Person] = {}
    households: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        if row.person_id is None and row.household:
            households[row.household].append(row)
        elif row.person_id is None:
            try:
                people[row.number] = registry_services.person_register(
                    actor=actor, office=operation.office, phones=(),
                    documents=_person_input(row).documents, consents=_person_input(row).consents,
                    via="evacuation", **row.fields)
            except ValidationFailed as exc:
                problems += [{**p, "where": f"row {row.number}"} for p in exc.problems]
    for key, members in households.items():
        try:
            household = registry_services.household_register(
                actor=actor, office=operation.office, members=[_person_input(m) for m in members],
                via="evacuation")
        except ValidationFailed as exc:
            numbers = ", ".join(str(m.number) for m in members)
            problems += [{**p, "where": f"household {key} (rows {numbers}) {p.get('where', '')}"
                          .strip()} for p in exc.problems]
            continue
        for row, person in zip(members, household.members.order_by("id"), strict=True):
            people[row.number] = person
    return people


@transaction.atomic
def evacuation_book(*, actor, operation: Operation, legs: list[Leg], text: str,
                    household_split_reason: str = "") -> list[Booking]:
    """Register whoever is new on the list, record clearances, book everyone on `legs`."""
    check(actor, operation)
    if not legs:
        refuse("legs", "Choose the legs to book the list on.")
    rows, problems = parse(text)
    if any(row.person_id is None for row in rows) and not can_in_office(
            actor, "registry.edit", operation.office_id):
        problems.append({"where": "file", "field": "given_name", "message":
                         "Registering new people needs the registry.edit permission, which your "
                         "role lacks here; list already registered people by person_id."})
    known_ids = [row.person_id for row in rows if row.person_id]
    known = registry_policies.visible_to(actor).in_bulk(known_ids)
    for row in rows:
        if row.person_id and row.person_id not in known:
            problems.append({"where": f"row {row.number}", "field": "person_id",
                             "message": "no such person"})
    if problems:
        raise ValidationFailed(problems)
    people = _register(actor, operation, rows, problems)
    for row in rows:
        if row.person_id:
            people[row.number] = known[row.person_id]
    if problems:
        raise ValidationFailed(problems)
    today = timezone.localdate()
    last_departure = max(leg.departure_local.date() for leg in legs)
    clearances = [MedicalClearance(person=people[row.number], examined_on=today,
                                   valid_until=row.valid_until or last_departure, fit=row.fit,
                                   recorded_by=actor, **row.needs)
                  for row in rows if row.fit is not None]
    MedicalClearance.objects.bulk_create(clearances)
    for clearance in clearances:
        audit_record(actor=actor, action=AuditAction.CREATE, obj=clearance,
                     office_id=clearance.person.office_id, summary="Medical clearance (list)")
    where = {person.pk: f"row {number}" for number, person in people.items()}
    return booking_create(actor=actor, legs=legs, people=list(people.values()),
                          household_split_reason=household_split_reason, where=where)
