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
    consent_assistance yes/no
    fit_to_travel      yes/no: records a medical clearance examined today
    clearance_valid_until, wheelchair, stretcher, oxygen, medical_escort (yes/no)

At most MAX_ROWS people, and the upload limits of corridor.core.uploads (bytes, columns): the
list is refused at the first row past a limit, before the rest is read.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from corridor.access.policies import can_in_office
from corridor.core import uploads
from corridor.core.audit import audit_record
from corridor.core.errors import ValidationFailed
from corridor.core.models import AuditAction
from corridor.movements.models import Booking, Leg, MedicalClearance, Operation
from corridor.movements.services._common import check, refuse
from corridor.movements.services.bookings import booking_create
from corridor.registry import policies as registry_policies
from corridor.registry import services as registry_services
from corridor.registry.models import Category, DocumentKind, Person, Relation, Sex

MAX_ROWS = 5000
PERSON_COLUMNS = ("given_name", "family_name", "original_script_name", "sex", "birth_date",
                  "nationality", "category")
YES = {"yes", "y", "true", "1", "oui", "si", "sí"}
NO = {"no", "n", "false", "0", "non", ""}


@dataclass
class Row:
    number: int
    person_id: int | None = None
    household: str = ""
    fields: dict = field(default_factory=dict)
    document: registry_services.DocumentInput | None = None
    consent: bool | None = None
    fit: bool | None = None
    valid_until: dt.date | None = None
    needs: dict = field(default_factory=dict)


def _date(text: str, where: str, name: str, problems: list) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        problems.append({"where": where, "field": name, "message": f"not a date (YYYY-MM-DD): "
                                                                   f"{text!r}"})
        return None


def _flag(text: str, where: str, name: str, problems: list) -> bool | None:
    value = text.strip().lower()
    if value in YES:
        return True
    if value in NO:
        return False if value else None
    problems.append({"where": where, "field": name, "message": f"yes or no, not {text!r}"})
    return None


def _parse_row(number: int, raw: dict[str, str], problems: list) -> Row:
    where = f"row {number}"
    get = {k: (v or "").strip() for k, v in raw.items() if k}.get
    row = Row(number=number, household=get("household") or "")
    if get("person_id"):
        try:
            row.person_id = int(get("person_id"))
        except ValueError:
            problems.append({"where": where, "field": "person_id", "message": "not a number"})
    else:
        fields = {name: get(name) or "" for name in PERSON_COLUMNS}
        fields["nationality"] = fields["nationality"].upper()
        fields["sex"] = fields["sex"].lower() or Sex.UNKNOWN
        if not fields["given_name"]:
            problems.append({"where": where, "field": "given_name", "message": "required"})
        if fields["category"] not in Category.values:
            problems.append({"where": where, "field": "category",
                             "message": f"one of {', '.join(Category.values)}"})
        if fields["sex"] not in Sex.values:
            problems.append({"where": where, "field": "sex",
                             "message": f"one of {', '.join(Sex.values)}"})
        fields["birth_date"] = _date(fields["birth_date"], where, "birth_date", problems)
        relation = (get("relation_to_head") or "").lower()
        if row.household:
            if relation not in Relation.values:
                problems.append({"where": where, "field": "relation_to_head",
                                 "message": f"one of {', '.join(Relation.values)}"})
            fields["relation_to_head"] = relation
        row.fields = fields
        if get("document_number"):
            kind = (get("document_kind") or DocumentKind.PASSPORT).lower()
            if kind not in DocumentKind.values:
                problems.append({"where": where, "field": "document_kind",
                                 "message": f"one of {', '.join(DocumentKind.values)}"})
            row.document = registry_services.DocumentInput(
                kind=kind, number=get("document_number"),
                expires_on=_date(get("document_expires_on") or "", where, "document_expires_on",
                                 problems))
        row.consent = _flag(get("consent_assistance") or "", where, "consent_assistance",
                            problems)
    row.fit = _flag(get("fit_to_travel") or "", where, "fit_to_travel", problems)
    row.valid_until = _date(get("clearance_valid_until") or "", where, "clearance_valid_until",
                            problems)
    row.needs = {need: bool(_flag(get(need) or "", where, need, problems))
                 for need in ("wheelchair", "stretcher", "oxygen", "medical_escort")}
    return row


def parse(text: str, source: str = "list") -> tuple[list[Row], list[dict]]:
    problems: list[dict] = []
    uploads.check_size(source, len(text.encode("utf-8")))
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    try:
        header = reader.fieldnames or []
    except csv.Error as exc:
        raise ValidationFailed([{"where": "header", "field": "file",
                                 "message": f"malformed CSV: {exc}"}]) from None
    guard = uploads.RowGuard(source)
    guard.check(1, len(header))
    if not set(header) & {"person_id", "given_name"}:
        return [], [{"where": "header", "field": "given_name",
                     "message": "the list needs a header with given_name (or person_id)"}]
    rows = []
    try:
        for number, raw in enumerate(reader, start=2):
            guard.check(number, len(raw) - (None in raw) + len(raw.get(None) or []))
            if number > MAX_ROWS + 1:  # the header is row 1
                raise ValidationFailed([{"where": f"row {number}", "field": "rows",
                                         "message": f"at most {MAX_ROWS} rows"}])
            rows.append(_parse_row(number, raw, problems))
    except csv.Error as exc:
        raise ValidationFailed([{"where": f"row {reader.line_num}", "field": "file",
                                 "message": f"malformed CSV: {exc}"}]) from None
    if not rows:
        problems.append({"where": "file", "field": "rows", "message": "the list is empty"})
    return rows, problems


def _person_input(row: Row) -> registry_services.PersonInput:
    consents = (registry_services.ConsentInput(purpose="assistance", given=row.consent),) \
        if row.consent is not None else ()
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
