"""Who sees and works on which cases: the office scope of cases.view, cases.edit, cases.approve."""

from __future__ import annotations

from django.db.models import QuerySet

from corridor.access.policies import can_in_office, offices_for
from corridor.cases.models import Case


def visible_to(user) -> QuerySet[Case]:
    return Case.objects.filter(office__in=offices_for(user, "cases.view"))


def can(user, action: str, case: Case) -> bool:
    """`action` is view, edit or approve."""
    return can_in_office(user, f"cases.{action}", case.office_id)
