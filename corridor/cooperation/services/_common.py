"""What the cooperation services share: the permission check, refusals, months added."""

from __future__ import annotations

import calendar
import datetime as dt

from corridor.cooperation import policies
from corridor.core.errors import PermissionDenied, ValidationFailed


def require_edit(actor, office_id: int | None) -> None:
    """The actor holds cooperation.edit in the record's office (the caller fetched the record
    through a policy, so an out-of-scope one is already NotFound)."""
    if not policies.can_edit(actor, office_id):
        raise PermissionDenied("Your role does not allow changing technical cooperation here.")


def refuse(field: str, message: str, where: str = ""):
    problem = {"field": field, "message": str(message)}
    if where:
        problem["where"] = where
    raise ValidationFailed([problem])


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` plus `months` calendar months; the 31st becomes the month's last day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
