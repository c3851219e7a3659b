"""Operations and their legs."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone

from corridor.access.models import Office
from corridor.access.policies import can_in_office, offices_for
from corridor.core.audit import audit_record, diff_fields
from corridor.core.errors import NotFound, PermissionDenied, clean_or_refuse
from corridor.core.models import AuditAction
from corridor.core.versioning import model_values, versioned_update
from corridor.movements import itinerary
from corridor.movements.models import (
    CLOSED_STATUSES,
    HOLDING_STATES,
    Booking,
    BookingState,
    Leg,
    Operation,
    OperationKind,
    OperationStatus,
    validate_zone,
)
from corridor.movements.services._common import check, refuse
from corridor.partners.models import Project

OPERATION_FIELDS = ["title", "kind", "status", "min_connection_minutes"]
# Bookings still waiting or travelling: an operation with any cannot be completed or cancelled.
OPEN_STATES = [s for s in HOLDING_STATES if s != BookingState.ARRIVED]
LEG_FIELDS = ["mode", "carrier", "number", "origin", "destination", "departure", "departure_zone",
              "arrival", "arrival_zone", "seats", "wheelchair_places", "stretcher_places",
              "escort_seats", "exit_permission_country", "entry_permission_country", "fare"]


def _project_reaches(actor, project: Project, office: Office) -> bool:
    if office.path.startswith(project.office.path):
        return True
    return offices_for(actor, "projects.view").filter(pk=project.office_id).exists()


@transaction.atomic
def operation_create(*, actor, office: Office, project: Project, kind: str, title: str,
                     min_connection_minutes: int | None = None) -> Operation:
    if not can_in_office(actor, "movements.view", office.pk):
        raise NotFound("No such office")
    if not can_in_office(actor, "movements.edit", office.pk):
        raise PermissionDenied("You cannot plan operations for this office.")
    if kind not in OperationKind.values:
        refuse("kind", f"unknown kind of operation {kind!r}")
    if not _project_reaches(actor, project, office):
        refuse("project", "This project is not run by the operation's office or above it.")
    operation = Operation(reference=f"pending-{timezone.now().timestamp()}", office=office,
                          project=project, kind=kind, title=(title or "").strip(),
                          min_connection_minutes=min_connection_minutes, created_by=actor)
    clean_or_refuse(operation, exclude=["version"])
    operation.save()
    operation.reference = f"MOV-{office.code}-{operation.pk:06d}"
    operation.save(update_fields=["reference"])
    audit_record(actor=actor, action=AuditAction.CREATE, obj=operation,
                 summary=operation.reference)
    return operation


@transaction.atomic
def operation_update(*, actor, operation: Operation, expected_version: int,
                     changes: dict[str, Any]) -> Operation:
    check(actor, operation)
    unknown = set(changes) - set(OPERATION_FIELDS)
    if unknown:
        raise ValueError(f"not operation fields: {sorted(unknown)}")
    if "title" in changes:
        changes["title"] = (changes["title"] or "").strip()
    if "kind" in changes and changes["kind"] not in OperationKind.values:
        refuse("kind", f"unknown kind of operation {changes['kind']!r}")
    status = changes.get("status", operation.status)
    if status not in OperationStatus.values:
        refuse("status", f"unknown status {status!r}")
    if status != operation.status and status in CLOSED_STATUSES:
        still_open = Booking.objects.filter(leg__operation=operation,
                                            state__in=OPEN_STATES).count()
        if still_open:
            refuse("status", f"{still_open} bookings are still waiting or travelling: record "
                             "their arrival, no-show or cancellation first.")
    before = model_values(operation, list(changes))
    operation = versioned_update(operation, expected_version=expected_version, changes=changes)
    problems = itinerary.connection_problems(operation.legs.all(),
                                             operation.min_connection_minutes)
    if problems:
        refuse("min_connection_minutes", problems[0])
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=operation,
                 changes=diff_fields(before, model_values(operation, list(before))))
    return operation


def _aware(value: dt.datetime, zone: str, field: str) -> dt.datetime:
    """A local time at `zone`; an aware value is taken as it is."""
    try:
        validate_zone(zone)
    except DjangoValidationError:
        refuse(f"{field}_zone", f"Not a time zone name: {zone!r} (for example Asia/Amman).")
    if timezone.is_aware(value):
        return value
    return value.replace(tzinfo=zoneinfo.ZoneInfo(zone))


def _check_leg(leg: Leg) -> None:
    clean_or_refuse(leg, exclude=["version", "operation"])
    others = [other for other in leg.operation.legs.all() if other.pk != leg.pk]
    problems = itinerary.connection_problems([*others, leg], leg.operation.min_connection_minutes)
    if problems:
        refuse("departure", problems[0])


@transaction.atomic
def leg_add(*, actor, operation: Operation, carrier: str, origin: str, destination: str,
            departure: dt.datetime, departure_zone: str, arrival: dt.datetime, arrival_zone: str,
            seats: int, mode: str = "air", number: str = "", wheelchair_places: int = 0,
            stretcher_places: int = 0, escort_seats: int = 0, exit_permission_country: str = "",
            entry_permission_country: str = "", fare: Decimal = Decimal("0")) -> Leg:
    """Add a leg; departure and arrival are local times at each end (or aware datetimes)."""
    check(actor, operation)
    leg = Leg(operation=operation, mode=mode, carrier=(carrier or "").strip(),
              number=(number or "").strip(), origin=(origin or "").strip().upper(),
              destination=(destination or "").strip().upper(),
              departure=_aware(departure, departure_zone, "departure"),
              departure_zone=departure_zone, arrival=_aware(arrival, arrival_zone, "arrival"),
              arrival_zone=arrival_zone, seats=seats, wheelchair_places=wheelchair_places,
              stretcher_places=stretcher_places, escort_seats=escort_seats,
              exit_permission_country=(exit_permission_country or "").upper(),
              entry_permission_country=(entry_permission_country or "").upper(),
              fare=Decimal(str(fare)))
    _check_leg(leg)
    leg.save()
    audit_record(actor=actor, action=AuditAction.CREATE, obj=leg, office_id=operation.office_id,
                 summary=f"{operation.reference}: {leg}")
    return leg


def leg_counts(leg: Leg) -> dict[str, int]:
    """Places taken on the leg: seats, wheelchairs, stretchers (holding bookings), escorts."""
    taken = leg.bookings.filter(state__in=HOLDING_STATES).aggregate(
        seats=Count("id"), wheelchairs=Count("id", filter=Q(wheelchair=True)),
        stretchers=Count("id", filter=Q(stretcher=True)))
    return {"seats": taken["seats"], "wheelchairs": taken["wheelchairs"],
            "stretchers": taken["stretchers"], "escorts": leg.escorts.count()}


@transaction.atomic
def leg_update(*, actor, leg: Leg, expected_version: int, changes: dict[str, Any]) -> Leg:
    check(actor, leg.operation)
    unknown = set(changes) - set(LEG_FIELDS)
    if unknown:
        raise ValueError(f"not leg fields: {sorted(unknown)}")
    leg = Leg.objects.select_for_update().select_related("operation").get(pk=leg.pk)
    for name in ("carrier", "number"):
        if name in changes:
            changes[name] = (changes[name] or "").strip()
    for name in ("origin", "destination", "exit_permission_country", "entry_permission_country"):
        if name in changes:
            changes[name] = (changes[name] or "").strip().upper()
    if "fare" in changes:
        changes["fare"] = Decimal(str(changes["fare"]))
    for end in ("departure", "arrival"):
        if f"{end}_zone" in changes and end not in changes:
            # A zone corrected alone keeps the wall-clock time typed at that end.
            changes[end] = getattr(leg, f"{end}_local").replace(tzinfo=None)
        if end in changes:
            zone = changes.get(f"{end}_zone", getattr(leg, f"{end}_zone"))
            changes[end] = _aware(changes[end], zone, end)
    before = model_values(leg, list(changes))
    for name, value in changes.items():
        setattr(leg, name, value)
    _check_leg(leg)
    counts = leg_counts(leg)
    for field, used in (("seats", counts["seats"]), ("wheelchair_places", counts["wheelchairs"]),
                        ("stretcher_places", counts["stretchers"]),
                        ("escort_seats", counts["escorts"])):
        if getattr(leg, field) < used:
            refuse(field, f"{used} already taken, more than the {getattr(leg, field)} asked: "
                          f"cancel bookings (or remove escorts) before reducing below {used}.")
    leg = versioned_update(leg, expected_version=expected_version, changes=changes)
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=leg,
                 office_id=leg.operation.office_id,
                 changes=diff_fields(before, model_values(leg, list(before))))
    return leg


def fares_total(operation: Operation) -> Decimal:
    total = (operation.legs.filter(bookings__state__in=HOLDING_STATES)
             .aggregate(total=Sum("bookings__fare"))["total"])
    return total or Decimal("0.00")
