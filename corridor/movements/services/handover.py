"""Arrival and hand-over to the case: the fare costed to the project as transport assistance,
and the case moved on from approved to in assistance (where reintegration happens).

Both go through the cases services, which ask for `cases.edit`: an officer without it (the
movement officer's role today) gets the arrival recorded and a hand-over note saying what is left
for a case worker. A refusal from the cases side never undoes the arrival.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from corridor.cases import services as case_services
from corridor.cases.models import AssistanceKind, Case, CaseState
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
    try:
        with transaction.atomic():
            case = Case.objects.get(pk=booking.case_id)
            if case.state == CaseState.APPROVED and _last_leg_of_trip(booking):
                case = case_services.case_transition(actor=actor, case=case,
                                                     to=CaseState.IN_ASSISTANCE,
                                                     expected_version=case.version)
            item = case_services.assistance_plan(
                actor=actor, case=case, kind=AssistanceKind.TRANSPORT, planned_cost=booking.fare,
                beneficiary=booking.person,
                description=f"{leg.operation.reference}: {leg}"[:255])
            if case.state == CaseState.IN_ASSISTANCE:
                case_services.assistance_deliver(actor=actor, item=item, actual_cost=booking.fare,
                                                 expected_version=item.version,
                                                 delivered_on=min(leg.arrival_local.date(),
                                                                  timezone.localdate()))
    except CorridorError as exc:
        return f"Arrived; hand-over left to a case worker: {exc}"
    return f"Arrived; fare {booking.fare} costed to {case.reference}, case {case.state}."
