"""Who sees and works on which operations: the office scope of movements.view and movements.edit."""

from __future__ import annotations

from django.db.models import QuerySet

from corridor.access.policies import can_in_office, offices_for
from corridor.movements.models import Operation


def visible_to(user) -> QuerySet[Operation]:
    return Operation.objects.filter(office__in=offices_for(user, "movements.view"))


def can(user, action: str, operation: Operation) -> bool:
    """`action` is view or edit."""
    return can_in_office(user, f"movements.{action}", operation.office_id)
