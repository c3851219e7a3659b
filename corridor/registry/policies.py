"""Who sees and edits which people: the office scope of registry.view and registry.edit."""

from __future__ import annotations

from django.db.models import QuerySet

from corridor.access.policies import can_in_office, offices_for
from corridor.registry.models import Person


def visible_to(user) -> QuerySet[Person]:
    return Person.objects.filter(office__in=offices_for(user, "registry.view"))


def can(user, action: str, person: Person) -> bool:
    return can_in_office(user, f"registry.{action}", person.office_id)
