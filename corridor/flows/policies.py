"""Who sees which points and imports: points belong to offices; `flows.view` reaches an office
and the offices below it (corridor.access.policies)."""

from __future__ import annotations

from django.db.models import QuerySet

from corridor.access.models import Office
from corridor.access.policies import can_in_office, memberships_of, offices_for
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


_COUNTRIES_ATTRIBUTE = "_corridor_flows_countries"


def countries_visible_to(user) -> frozenset[str]:
    """ISO3 codes of the offices in scope: assessments are scoped by country.

    Cached on the user for the request, as its memberships are (a page asked for it two or
    three times: its filter form, then `selectors.scope_for`). The cache is kept with the
    memberships list it was computed from: when `forget_memberships` drops that list (a role
    granted or revoked), the next call reads the memberships and the countries again."""
    memberships = memberships_of(user)
    cached = getattr(user, _COUNTRIES_ATTRIBUTE, None)
    if cached is not None and cached[0] is memberships:
        return cached[1]
    countries = frozenset(offices_for(user, "flows.view").values_list("country", flat=True))
    setattr(user, _COUNTRIES_ATTRIBUTE, (memberships, countries))
    return countries


def can(user, action: str, office_id: int | None) -> bool:
    return can_in_office(user, f"flows.{action}", office_id)
