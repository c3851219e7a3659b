"""Booking a ready reunification plan's movement through the movements services (ADR 0041).

Booking changes the plan (its booking and reference): it needs tracing.edit on the request, as
every other change of a plan does, and movements.edit on the operation (the movements services'
own checks).
"""

from __future__ import annotations

from django.db import transaction

from corridor.core.audit import audit_record
from corridor.core.errors import PermissionDenied, ValidationFailed, VersionConflict
from corridor.core.models import AuditAction
from corridor.core.versioning import versioned_update
from corridor.movements import policies as movement_policies
from corridor.movements import services as movement_services
from corridor.movements.models import HOLDING_STATES, OperationKind
from corridor.registry.models import Person
from corridor.tracing import services
from corridor.tracing.models import PlanStatus, ReunificationPlan


class Traveller:
    """Who travels to be reunited: the person found, or the registered enquirer."""

    FOUND = "found"
    ENQUIRER = "enquirer"


def plan_traveller(plan: ReunificationPlan, who: str) -> Person:
    if who == Traveller.ENQUIRER:
        if not plan.request.enquirer_person_id:
            raise ValidationFailed([{"field": "traveller", "message":
                                     "the enquirer is not a registered person"}])
        return plan.request.enquirer_person
    return plan.candidate.person


def _check_bookable(actor, plan: ReunificationPlan, expected_version: int) -> None:
    # Booking writes to the plan: it needs tracing.edit, as every other change of the plan does.
    services.check_edit(actor, plan.request)
    if plan.version != expected_version:  # read before this plan changed (or was booked)
        raise VersionConflict(plan.version)
    problems = []
    if plan.status != PlanStatus.READY:
        problems.append({"field": "status", "message": "the plan must be ready for movement "
                         "(every step recorded) before a booking"})
    if plan.booking_id:
        problems.append({"field": "booking", "message": "this plan already has a booking"})
    if problems:
        raise ValidationFailed(problems)


def _link_booking(actor, plan: ReunificationPlan, booking) -> ReunificationPlan:
    operation = booking.leg.operation
    plan = versioned_update(plan, expected_version=plan.version, changes={
        "booking": booking, "movement_reference": f"{operation.reference}/{booking.pk}"})
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=plan,
                 office_id=plan.request.office_id,
                 summary=f"Movement booking {operation.reference}/{booking.pk} ({booking.leg})",
                 changes={"booking": [None, booking.pk]})
    return plan


@transaction.atomic
def plan_book(*, actor, plan: ReunificationPlan, expected_version: int, leg,
              traveller: str = Traveller.FOUND,
              household_split_reason: str = "") -> ReunificationPlan:
    """Book the traveller on a leg of a family-reunion operation through the movements services
    (which make every pre-departure check and need movements.edit on the operation)."""
    _check_bookable(actor, plan, expected_version)
    if leg.operation.kind != OperationKind.FAMILY_REUNION:
        raise ValidationFailed([{"field": "leg", "message":
                                 "choose a leg of a family-reunion operation"}])
    person = plan_traveller(plan, traveller)
    bookings = movement_services.booking_create(
        actor=actor, legs=[leg], people=[person],
        household_split_reason=household_split_reason)
    return _link_booking(actor, plan, bookings[0])


@transaction.atomic
def plan_link_booking(*, actor, plan: ReunificationPlan, expected_version: int,
                      booking) -> ReunificationPlan:
    """Link a booking already taken in movements for the found person or the enquirer."""
    _check_bookable(actor, plan, expected_version)
    if not movement_policies.can(actor, "edit", booking.leg.operation):
        raise PermissionDenied("You cannot book on this operation.")
    problems = []
    if booking.leg.operation.kind != OperationKind.FAMILY_REUNION:
        problems.append({"field": "booking",
                         "message": "the booking is not on a family-reunion operation"})
    travellers = {plan.candidate.person_id, plan.request.enquirer_person_id} - {None}
    if booking.person_id not in travellers:
        problems.append({"field": "booking", "message": "the booking is for someone else"})
    if booking.state not in HOLDING_STATES:
        problems.append({"field": "booking", "message": "the booking no longer holds a seat"})
    if problems:
        raise ValidationFailed(problems)
    return _link_booking(actor, plan, booking)
