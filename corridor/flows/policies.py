"""Who sees which points and imports: points belong to offices; `flows.view` reaches an office
and the offices below it (corridor.access.policies)."""

from __future__ import annotations

from django.db.models import QuerySet

from corridor.access.models import Office
from corridor.access.policies import can_in_office, offices_for
from corridor.flows.models import DisplacementEvent, ImportBatch, MonitoringPoint, SurgeAlert


def offices(user, permission: str = "flows.view") -> QuerySet[Office]:
    return offices_for(user, permission)


def points_visible_to(user) -> QuerySet[MonitoringPoint]:
    return MonitoringPoint.objects.filter(office__in=offices_for(user, "flows.view"))


def imports_visible_to(user) -> QuerySet[ImportBatch]:
    return ImportBatch.objects.filter(office__in=offices_for(user, "flows.view"))


def alerts_visible_to(user) -> QuerySet[SurgeAlert]:
    return SurgeAlert.objects.filter(point__office__in=offices_for(user, "flows.view"))


def events_visible_to(user) -> QuerySet[DisplacementEvent]:
    return DisplacementEvent.objects.filter(office__in=offices_for(user, "flows.view"))


def countries_visible_to(user) -> set[str]:
    """ISO3 codes of the offices in scope: assessments are scoped by country."""
    return set(offices_for(user, "flows.view").values_list("country", flat=True))


def can(user, action: str, office_id: int | None) -> bool:
    return can_in_office(user, f"flows.{action}", office_id)
