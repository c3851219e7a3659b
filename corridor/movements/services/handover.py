"""Arrival and hand-over to the case: the fare costed to the project as transport assistance,
and, at the end of the trip, the case moved on from approved to in assistance (where
reintegration happens).

Both go through `cases.services.transport_handover`, which asks for `movements.handover` (a
movement officer's own right) rather than the broad `cases.edit`. A refusal from the cases side
(the case closed meanwhile, the budget spent) never undoes the arrival: the booking's hand-over
note says what is left for a case worker.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from corridor.cases import services as case_services
from corridor.cases.models import AssistanceItem, Case
from corridor.core.errors import CorridorError
from corridor.movements.models import HOLDING_STATES, Booking, BookingState


def _last_leg_of_trip(booking: Booking) -> bool:
    """No later holding booking for this person in the same operation."""
    return not Booking.objects.filter(
        person_id=booking.person_id, leg__operation_id=booking.leg.operation_id,
        state__in=[s for s in HOLDING_STATES if s != BookingState.ARRIVED],
        leg__departure__gt=booking.leg.departure).exists()


def hand_over(*, actor, booking: Booking) -> str:
    """Cost the booking to its case's project and move the case on; say what happened."""
    if booking.case_id is None:
        return "No approved case: nothing costed, nothing handed over."
    leg = booking.leg
    last = _last_leg_of_trip(booking)
    # The earlier legs' fares, costed while the case waited for the traveller to arrive.
    earlier = AssistanceItem.objects.filter(pk__in=Booking.objects.filter(
        person_id=booking.person_id, leg__operation_id=leg.operation_id,
        assistance_item__isnull=False).exclude(pk=booking.pk).values("assistance_item"))
    try:
        with transaction.atomic():
            case, item = case_services.transport_handover(
                actor=actor, case=Case.objects.get(pk=booking.case_id),
                beneficiary=booking.person, fare=booking.fare,
                description=f"{leg.operation.reference}: {leg}"[:255],
                arrived_on=min(leg.arrival_local.date(), timezone.localdate()),
                move_on=last, earlier=list(earlier) if last else ())
            Booking.objects.filter(pk=booking.pk).update(assistance_item=item)
            booking.assistance_item = item
    except CorridorError as exc:
        return f"Arrived; hand-over left to a case worker: {exc}"
    return f"Arrived; fare {booking.fare} costed to {case.reference}, case {case.state}."
