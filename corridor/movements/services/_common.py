"""What every movements service shares: the policy check, refusals and the booking timeline."""

from __future__ import annotations

from corridor.core.errors import NotFound, PermissionDenied, ValidationFailed
from corridor.core.fetch import refusal_for
from corridor.movements import policies
from corridor.movements.models import CLOSED_STATUSES, Booking, BookingEvent, Operation


def check(actor, operation: Operation, action: str = "edit") -> None:
    """Out of scope is NotFound (as if absent); in scope without the right is PermissionDenied."""
    if not policies.can(actor, "view", operation):
        raise NotFound("No such operation", refused=refusal_for(Operation, operation.pk))
    if not policies.can(actor, action, operation):
        raise PermissionDenied("Your role does not allow this on this operation.")


def check_open(operation: Operation) -> None:
    """A completed or cancelled operation takes no new bookings."""
    if operation.status in CLOSED_STATUSES:
        refuse("status", f"The operation is {operation.get_status_display().lower()}: "
                         "it takes no new bookings.")


def refuse(field: str, message: str, where: str = "") -> None:
    raise ValidationFailed([{"where": where, "field": field, "message": message}])


def event_add(*, booking: Booking, actor, to_state: str, from_state: str = "",
              reason: str = "") -> BookingEvent:
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    return BookingEvent.objects.create(
        booking=booking, actor=actor if authenticated else None,
        actor_label=actor.get_username() if authenticated else "", from_state=from_state,
        to_state=to_state, reason=reason)
