"""Reads of movements, always through the policy; views of passengers' data are audited."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet

from corridor.access.policies import has_permission
from corridor.core.audit import audit_record
from corridor.core.errors import PermissionDenied
from corridor.core.fetch import get_in_scope
from corridor.core.models import AuditAction
from corridor.movements import policies
from corridor.movements.models import (
    HOLDING_STATES,
    Booking,
    BookingState,
    Escort,
    Leg,
    Operation,
    Proposal,
)
from corridor.registry import policies as registry_policies
from corridor.registry.models import Person


def operation_list(*, user, kind: str = "", reference: str = "") -> QuerySet[Operation]:
    if not has_permission(user, "movements.view"):
        raise PermissionDenied("Your role does not include movements.")
    operations = (policies.visible_to(user).select_related("office", "project")
                  .annotate(leg_count=Count("legs", distinct=True))
                  .order_by("-created_at", "-id"))
    if kind:
        operations = operations.filter(kind=kind)
    if reference:
        operations = operations.filter(reference__icontains=reference.strip())
    return operations


def operation_get_for_user(*, user, operation_id: int, audit: bool = False) -> Operation:
    """The operation if in scope; `audit`: its page is shown (its legs, bookings and
    proposals concern the people travelling), an audited view."""
    operation = get_in_scope(policies.visible_to(user)
                             .select_related("office", "project", "project__office"),
                             operation_id, "No such operation")
    if audit:
        audit_record(actor=user, action=AuditAction.VIEW, obj=operation,
                     summary=f"operation {operation.reference}")
    return operation


def legs_of(operation: Operation) -> QuerySet[Leg]:
    return operation.legs.annotate(
        booked=Count("bookings", filter=Q(bookings__state__in=HOLDING_STATES), distinct=True),
        escort_count=Count("escorts", distinct=True))


def leg_get_for_user(*, user, leg_id: int, audit: bool = True) -> Leg:
    """The leg if its operation is in scope; a view of its passenger list is audited."""
    leg = get_in_scope(Leg.objects.filter(operation__in=policies.visible_to(user))
                       .select_related("operation", "operation__office", "operation__project"),
                       leg_id, "No such leg", office_field="operation__office_id")
    if audit:
        audit_record(actor=user, action=AuditAction.VIEW, obj=leg,
                     office_id=leg.operation.office_id, summary=f"passengers of {leg}")
    return leg


def bookings_of(leg: Leg) -> QuerySet[Booking]:
    return (leg.bookings.select_related("person", "person__household", "case")
            .prefetch_related("events"))


def escorts_of(leg: Leg) -> QuerySet[Escort]:
    return leg.escorts.select_related("user")


def booking_get_for_user(*, user, booking_id: int) -> Booking:
    booking = get_in_scope(Booking.objects.filter(leg__operation__in=policies.visible_to(user))
                           .select_related("leg", "leg__operation", "person")
                           .prefetch_related(Prefetch("events")), booking_id,
                           "No such booking", office_field="leg__operation__office_id")
    return booking


def proposal_get_for_user(*, user, proposal_id: int) -> Proposal:
    proposal = get_in_scope(Proposal.objects.filter(operation__in=policies.visible_to(user))
                            .select_related("operation"), proposal_id, "No such proposal",
                            office_field="operation__office_id")
    return proposal


def proposal_people(*, user, proposal: Proposal) -> dict[int, Person]:
    """The people a planner proposal names (booked or left out), as far as the user may see
    them in the registry; the view of the list is audited like a leg's passengers."""
    ids = [int(pk) for pk in [*proposal.assignments, *proposal.excluded]]
    people = registry_policies.visible_to(user).filter(pk__in=ids)
    audit_record(actor=user, action=AuditAction.VIEW, obj=proposal,
                 office_id=proposal.operation.office_id, summary=f"people of {proposal}")
    return {p.pk: p for p in people}


# Bookings not yet on their way: a rescheduled leg must still pass their pre-departure checks.
WAITING_STATES = (BookingState.PROPOSED, BookingState.BOOKED, BookingState.CONFIRMED,
                  BookingState.CHECKED_IN)


def waiting_booking_problems(leg: Leg) -> list[str]:
    """'#person id: check: message' for each waiting booking that now fails a check on `leg`
    (after a change of date, a passport or a clearance may no longer cover the day). By number,
    not name: these are shown as flash messages, which travel between requests."""
    from corridor.movements import checks  # the checks read registry facts: only when asked

    bookings = list(leg.bookings.filter(state__in=WAITING_STATES))
    facts = checks.facts_for(b.person_id for b in bookings)
    return [f"#{b.person_id}: {failed.text()}" for b in bookings
            for failed in checks.problems_for(facts[b.person_id], leg)]
