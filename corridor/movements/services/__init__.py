"""Writes to movements: each checks the policy, names its actor and is audited in the same
transaction."""

from corridor.movements.services.bookings import booking_create, booking_transition, leg_move
from corridor.movements.services.escorts import escort_assign, escort_remove, staff_of_tree
from corridor.movements.services.evacuation import evacuation_book
from corridor.movements.services.operations import (
    leg_add,
    leg_counts,
    leg_update,
    operation_create,
    operation_update,
)
from corridor.movements.services.planning import proposal_accept, proposal_create
from corridor.movements.services.readiness import clearance_record, permission_record

__all__ = [
    "booking_create", "booking_transition", "clearance_record", "escort_assign", "escort_remove",
    "evacuation_book", "leg_add", "leg_counts", "leg_move", "leg_update", "operation_create",
    "operation_update", "permission_record", "proposal_accept", "proposal_create", "staff_of_tree",
]
