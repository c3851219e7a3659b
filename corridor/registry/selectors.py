"""Reads of people, always through the policy; each view of a person is audited."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from corridor.access.policies import has_permission, offices_for
from corridor.core.audit import audit_record
from corridor.core.errors import NotFound, PermissionDenied
from corridor.core.models import AuditAction
from corridor.core.suppression import suppress
from corridor.registry import policies
from corridor.registry.models import Category, Person


def person_list(*, user, query: str = "", office_id: int | None = None,
                category: str = "") -> QuerySet[Person]:
    if not has_permission(user, "registry.view"):
        raise PermissionDenied("Your role does not include seeing people's records.")
    people = policies.visible_to(user).select_related("office")
    for term in query.split():
        people = people.filter(
            Q(given_name__icontains=term) | Q(family_name__icontains=term)
            | Q(original_script_name__icontains=term)
        )
    if office_id:
        people = people.filter(office_id=office_id)
    if category:
        people = people.filter(category=category)
    return people


def person_get_for_user(*, user, person_id: int, audit: bool = True) -> Person:
    """The person if in the user's scope (else NotFound, as if absent); the view is audited."""
    person = policies.visible_to(user).select_related("office").filter(pk=person_id).first()
    if person is None:
        raise NotFound("No such person")
    if audit:
        audit_record(actor=user, action=AuditAction.VIEW, obj=person)
    return person


@dataclass(frozen=True)
class CountRow:
    office: str
    category: str
    count: int | None  # None: suppressed, fewer than the threshold


def people_counts(*, user) -> list[CountRow]:
    """People per office and category in the analyst's scope, small cells suppressed."""
    if not has_permission(user, "stats.view"):
        raise PermissionDenied("Your role does not include statistics.")
    labels = dict(Category.choices)
    rows = (
        Person.objects.filter(office__in=offices_for(user, "stats.view"))
        .values("office__name", "category").annotate(n=Count("id"))
        .order_by("office__name", "category")
    )
    return [CountRow(office=r["office__name"], category=str(labels.get(r["category"], "")),
                     count=suppress(r["n"])) for r in rows]
