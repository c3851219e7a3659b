"""Who sees and edits which people: the office scope of registry.view and registry.edit."""

from __future__ import annotations

from django.db.models import QuerySet

from corridor.access.policies import can_in_office, office_ids_for
from corridor.registry.models import Person


def visible_to(user) -> QuerySet[Person]:
    # A literal list of office ids, not a subquery: PostgreSQL misestimates the path subquery as
    # one office and repeats the name-search scan per office (measured 2.6 s → 0.6 s at 1M).
    return Person.objects.filter(office_id__in=office_ids_for(user, "registry.view"))


def can(user, action: str, person: Person) -> bool:
    return can_in_office(user, f"registry.{action}", person.office_id)
