"""A movement's lifecycle follows the clock and its legs.

A departure or an arrival was recorded days before the leg was due, and an operation stayed "in
planning" after every leg had arrived. A departure is now refused before the leg's scheduled
departure less MOVEMENT_EARLY_MINUTES, an arrival before its scheduled arrival less the same
tolerance (flights land early, buses leave late: the tolerance is for the first; a late move is
always allowed); and the operation's status follows its bookings: under way from the first
departure, completed once nobody of it is waiting or travelling and someone arrived."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from corridor.core.audit import audit_record
from corridor.core.models import AuditAction
from corridor.core.versioning import versioned_update
from corridor.movements.models import (
    Booking,
    BookingState,
    Leg,
    Operation,
    OperationStatus,
)
from corridor.movements.services._common import refuse

# A booking in one of these is still to travel or travelling.
_UNFINISHED = (BookingState.PROPOSED, BookingState.BOOKED, BookingState.CONFIRMED,
               BookingState.CHECKED_IN, BookingState.DEPARTED)


def check_not_early(leg: Leg, to: str, now: dt.datetime | None = None) -> None:
    """Refuse a departure or arrival recorded before its time less the tolerance."""
    if to not in (BookingState.DEPARTED, BookingState.ARRIVED):
        return
    now = now or timezone.now()
    early = dt.timedelta(minutes=settings.MOVEMENT_EARLY_MINUTES)
    scheduled, local = ((leg.departure, leg.departure_local) if to == BookingState.DEPARTED
                        else (leg.arrival, leg.arrival_local))
    if now < scheduled - early:
        when = f"{date_format(local, 'DATETIME_FORMAT')} ({local.tzinfo})"
        message = (_("The leg is not due to depart until %(when)s: a departure cannot be "
                     "recorded before then.") if to == BookingState.DEPARTED else
                   _("The leg is not due to arrive until %(when)s: an arrival cannot be "
                     "recorded before then."))
        refuse("to", message % {"when": when})


def follow_legs(*, actor, operation: Operation) -> Operation:
    """Move the operation's status on from what its bookings have done (never back, never out
    of a cancellation): planning → under way at the first departure, → completed when nobody is
    left to travel and someone arrived."""
    if operation.status in (OperationStatus.COMPLETED, OperationStatus.CANCELLED):
        return operation
    bookings = Booking.objects.filter(leg__operation=operation)
    travelled = bookings.filter(state__in=[BookingState.DEPARTED, BookingState.ARRIVED]).exists()
    if not travelled:
        return operation
    finished = (not bookings.filter(state__in=_UNFINISHED).exists()
                and bookings.filter(state=BookingState.ARRIVED).exists())
    status = OperationStatus.COMPLETED if finished else OperationStatus.UNDER_WAY
    if status == operation.status:
        return operation
    operation.refresh_from_db()
    before = operation.status
    operation = versioned_update(operation, expected_version=operation.version,
                                 changes={"status": status})
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=operation,
                 office_id=operation.office_id,
                 summary=f"{operation.reference}: {before} → {status} (follows its legs)",
                 changes={"status": [before, status]})
    return operation
