"""Reads of projects and partners, always through the policy.

A project's money is computed from the assistance items of its cases (never stored twice):
committed is the planned cost of items still planned, spent the actual cost of delivered items.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import DecimalField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from corridor.access.policies import has_permission
from corridor.core.errors import NotFound, PermissionDenied
from corridor.partners import policies
from corridor.partners.models import Partner, Project

_ZERO = Value(Decimal("0.00"), output_field=DecimalField(max_digits=14, decimal_places=2))
# Assistance items live in the cases app; reached here by their reverse names only.
_ITEMS = "cases__assistance_items"


def with_money(projects: QuerySet[Project]) -> QuerySet[Project]:
    """Annotate `committed` and `spent`, in the same query."""
    return projects.annotate(
        committed=Coalesce(Sum(f"{_ITEMS}__planned_cost",
                               filter=Q(**{f"{_ITEMS}__status": "planned"})), _ZERO),
        spent=Coalesce(Sum(f"{_ITEMS}__actual_cost",
                           filter=Q(**{f"{_ITEMS}__status": "delivered"})), _ZERO),
    )


def cents(value) -> Decimal:
    """Sums come back from SQLite without their scale; give them two decimals again."""
    return Decimal(value or 0).quantize(Decimal("0.01"))


@dataclass(frozen=True)
class Money:
    budget: Decimal
    committed: Decimal
    spent: Decimal

    @property
    def available(self) -> Decimal:
        return self.budget - self.committed - self.spent


def project_money(*, project_id: int) -> Money:
    row = with_money(Project.objects.filter(pk=project_id)).values("budget", "committed",
                                                                  "spent").get()
    return Money(budget=cents(row["budget"]), committed=cents(row["committed"]),
                 spent=cents(row["spent"]))


def project_list(*, user, office_id: int | None = None, category: str = "") -> QuerySet[Project]:
    if not has_permission(user, "projects.view"):
        raise PermissionDenied("Your role does not include seeing projects.")
    projects = with_money(policies.projects_visible_to(user).select_related("office"))
    if office_id:
        projects = projects.filter(office_id=office_id)
    if category:
        projects = projects.filter(category=category)
    return projects.order_by("code")


def project_get_for_user(*, user, project_id: int) -> Project:
    project = (with_money(policies.projects_visible_to(user).select_related("office"))
               .filter(pk=project_id).first())
    if project is None:
        raise NotFound("No such project")
    project.committed, project.spent = cents(project.committed), cents(project.spent)
    return project


def partner_list(*, user) -> QuerySet[Partner]:
    if not any(has_permission(user, p) for p in ("cases.view", "projects.view",
                                                 "partners.manage", "partners.audit")):
        raise PermissionDenied("Your role does not include seeing partners.")
    return Partner.objects.order_by("name")


def project_reachable(*, project_id: int) -> Project:
    """A project by id, for opening a case; the case service checks that it reaches the office."""
    project = Project.objects.select_related("office").filter(pk=project_id).first()
    if project is None:
        raise NotFound("No such project")
    return project


# Agreements, seen by staff ----------------------------------------------------------------------

def agreements_visible_to(user):
    """Agreements covering an office where the user manages partners or audits disclosures."""
    from corridor.access.policies import offices_for
    from corridor.partners.models import Agreement

    offices = offices_for(user, "partners.manage") | offices_for(user, "partners.audit")
    return Agreement.objects.filter(offices__in=offices).distinct()


def agreement_get_for_user(*, user, agreement_id: int):
    from corridor.core.fetch import get_in_scope

    return get_in_scope(agreements_visible_to(user).select_related("partner", "notice"),
                        agreement_id, "No such agreement", office_field="partner_id")


def disclosures_of(*, user, agreement_id: int):
    """The data protection officer's list: every view, export and refused export by a partner
    under the agreement (the audit trail's own events, never a copy)."""
    from corridor.access.policies import has_permission
    from corridor.core.models import AuditEvent

    agreement = agreement_get_for_user(user=user, agreement_id=agreement_id)
    if not has_permission(user, "partners.audit"):
        raise NotFound("No such agreement")
    events = (AuditEvent.objects.filter(object_type="partners.agreement",
                                        object_id=str(agreement.pk),
                                        action__in=["view", "export", "refused"])
              .order_by("-at", "-id"))
    return agreement, events


def emergencies_visible_to(user):
    from corridor.access.policies import offices_for
    from corridor.partners.models import EmergencyDisclosure

    offices = (offices_for(user, "partners.manage") | offices_for(user, "partners.audit")
               | offices_for(user, "partners.override"))
    return (EmergencyDisclosure.objects.filter(person__office__in=offices)
            .select_related("partner", "person", "requested_by", "decided_by"))
