"""Reads of people, always through the policy; each view of a person is audited."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from corridor.access.policies import has_permission, offices_for
from corridor.core.audit import audit_record
from corridor.core.errors import PermissionDenied
from corridor.core.fetch import get_in_scope
from corridor.core.models import AuditAction
from corridor.core.suppression import suppress
from corridor.registry import documents, policies, search
from corridor.registry.models import Category, Household, Person
from corridor.registry.phones import to_e164


def person_list(*, user, query: str = "", office_id: int | None = None, category: str = "",
                phone: str = "", document_number: str = "", nationality: str = "",
                sex: str = "", household_id: int | None = None) -> QuerySet[Person]:
    """People in scope. `query` finds any name in any script or spelling; `phone` any format;
    `document_number` by exact look-up of its keyed hash."""
    if not has_permission(user, "registry.view"):
        raise PermissionDenied("Your role does not include seeing people's records.")
    # Records merged into another by deduplication are reached through the standing one.
    people = policies.visible_to(user).filter(merged_into__isnull=True)
    people = search.named(people, query)
    if phone:
        numbers = {n for n in (to_e164(phone), *(to_e164(phone, country_iso3=c) for c in
                                                  _scope_countries(user))) if n}
        people = people.filter(phones__number__in=numbers).distinct()
    if document_number:
        people = people.filter(documents__number_digest=documents.digest(document_number))
    if office_id:
        people = people.filter(office_id=office_id)
    if category:
        people = people.filter(category=category)
    if nationality:
        people = people.filter(nationality=nationality.upper())
    if sex:
        people = people.filter(sex=sex)
    if household_id:
        people = people.filter(household_id=household_id)
    return people


def _scope_countries(user) -> set[str]:
    return set(offices_for(user, "registry.view").values_list("country", flat=True))


def person_get_for_user(*, user, person_id: int, audit: bool = True) -> Person:
    """The person if in the user's scope (else NotFound, as if absent); the view is audited."""
    person = get_in_scope(policies.visible_to(user).select_related("office"), person_id,
                          "No such person")
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


def merged_records(*, user, person: Person) -> QuerySet[Person]:
    """Registrations merged into this record that the user may see."""
    return (policies.visible_to(user).filter(merged_into=person)
            .select_related("office").order_by("pk"))


def person_duplicates(*, user, person: Person) -> QuerySet[Person]:
    """Others in scope sharing a document number or a phone: exact duplicates to look at."""
    digests = person.documents.values("number_digest")
    numbers = person.phones.values("number")
    return (policies.visible_to(user).exclude(pk=person.pk).filter(merged_into__isnull=True)
            .filter(Q(documents__number_digest__in=digests) | Q(phones__number__in=numbers))
            .select_related("office").distinct())


def household_get_for_user(*, user, household_id: int, audit: bool = True) -> Household:
    household = get_in_scope(Household.objects.filter(office__in=offices_for(user, "registry.view"))
                             .select_related("office"), household_id, "No such household")
    if audit:
        # The household is shown with its members: the event names them all.
        members = sorted(household.members.values_list("pk", flat=True))
        audit_record(actor=user, action=AuditAction.VIEW, obj=household,
                     changes={"people": members})
    return household
