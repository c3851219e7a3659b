"""Assistance items: planned against the project's budget, then delivered or cancelled."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from corridor.cases.models import (
    AssistanceItem,
    AssistanceKind,
    AssistanceStatus,
    Case,
    CaseState,
    EventKind,
)
from corridor.cases.services._common import check, event_add
from corridor.core import formatting
from corridor.core.audit import audit_record
from corridor.core.errors import ValidationFailed
from corridor.core.models import AuditAction
from corridor.core.versioning import versioned_update
from corridor.partners.models import Project
from corridor.partners.selectors import project_money
from corridor.registry.models import Person

ACTIVE_STATES = {CaseState.OPEN, CaseState.ASSESSED, CaseState.APPROVED, CaseState.IN_ASSISTANCE}


def _refuse(field: str, message: str) -> None:
    raise ValidationFailed([{"field": field, "message": message}])


def beneficiaries(case: Case):
    """Who may benefit: the case's person or household, and the household's members."""
    household_id = case.household_id or (case.person.household_id if case.person_id else None)
    people = Person.objects.filter(pk=case.person_id) if case.person_id else Person.objects.none()
    if household_id:
        people = people | Person.objects.filter(household_id=household_id)
    return people.distinct()


def _money(value, field: str) -> Decimal:
    if not isinstance(value, Decimal):
        try:
            value = Decimal(str(value))
        except ArithmeticError:
            _refuse(field, _("not an amount"))
    if value < 0 or value != value.quantize(Decimal("0.01")):
        _refuse(field, _("An amount is positive, with at most two decimals."))
    return value.quantize(Decimal("0.01"))


@transaction.atomic
def assistance_plan(*, actor, case: Case, kind: str, planned_cost, description: str = "",
                    beneficiary: Person | None = None) -> AssistanceItem:
    check(actor, case)
    return plan_item(actor=actor, case=case, kind=kind, planned_cost=planned_cost,
                     description=description, beneficiary=beneficiary)


def plan_item(*, actor, case: Case, kind: str, planned_cost, description: str = "",
              beneficiary: Person | None = None) -> AssistanceItem:
    """assistance_plan once the actor's right is settled (cases.edit, or a hand-over's own)."""
    if case.state not in ACTIVE_STATES:
        _refuse("case", _("Assistance can only be planned on an active case."))
    if kind not in AssistanceKind.values:
        _refuse("kind", _("unknown kind of assistance %(value)r") % {"value": kind})
    planned_cost = _money(planned_cost, "planned_cost")
    if beneficiary is not None and not beneficiaries(case).filter(pk=beneficiary.pk).exists():
        _refuse("beneficiary", _("The beneficiary must be the case's person or a household member."))
    # Lock the project so that two plans cannot both squeeze under the same budget.
    project = Project.objects.select_for_update().get(pk=case.project_id)
    money = project_money(project_id=project.pk)
    if planned_cost > money.available:
        _refuse("planned_cost",
                _("This would commit more than the project's budget: %(left)s %(currency)s is "
                  "left of %(budget)s %(currency)s.")
                % {"left": formatting.money(money.available), "currency": project.currency,
                   "budget": formatting.money(money.budget)})
    item = AssistanceItem.objects.create(case=case, kind=kind, planned_cost=planned_cost,
                                         description=description, beneficiary=beneficiary,
                                         planned_by=actor)
    event_add(case=case, actor=actor, kind=EventKind.ASSISTANCE_PLANNED,
              detail={"item_id": item.pk, "kind": kind, "planned_cost": str(planned_cost),
                      "currency": project.currency})
    audit_record(actor=actor, action=AuditAction.CREATE, obj=item, office_id=case.office_id,
                 summary=f"{case.reference}: {kind} {planned_cost} {project.currency}")
    return item


def _item_check(actor, item: AssistanceItem) -> Case:
    case = item.case
    check(actor, case)
    if item.status != AssistanceStatus.PLANNED:
        _refuse("status", _("This item is already %(status)s.")
                % {"status": AssistanceStatus(item.status).label.lower()})
    return case


@transaction.atomic
def assistance_deliver(*, actor, item: AssistanceItem, actual_cost, expected_version: int,
                       delivered_on: dt.date | None = None) -> AssistanceItem:
    case = _item_check(actor, item)
    return deliver_item(actor=actor, case=case, item=item, actual_cost=actual_cost,
                        expected_version=expected_version, delivered_on=delivered_on)


def deliver_item(*, actor, case: Case, item: AssistanceItem, actual_cost, expected_version: int,
                 delivered_on: dt.date | None = None) -> AssistanceItem:
    """assistance_deliver once the actor's right is settled (cases.edit, or a hand-over's own)."""
    if item.status != AssistanceStatus.PLANNED:
        _refuse("status", _("This item is already %(status)s.")
                % {"status": AssistanceStatus(item.status).label.lower()})
    if case.state != CaseState.IN_ASSISTANCE:
        _refuse("case", _("Assistance is delivered only while the case is in assistance."))
    actual_cost = _money(actual_cost, "actual_cost")
    delivered_on = delivered_on or timezone.localdate()
    if delivered_on > timezone.localdate():
        _refuse("delivered_on", _("A delivery cannot be recorded before it happens."))
    item = versioned_update(item, expected_version=expected_version, changes={
        "status": AssistanceStatus.DELIVERED, "actual_cost": actual_cost,
        "delivered_on": delivered_on})
    event_add(case=case, actor=actor, kind=EventKind.ASSISTANCE_DELIVERED,
              detail={"item_id": item.pk, "kind": item.kind, "actual_cost": str(actual_cost),
                      "delivered_on": delivered_on.isoformat()})
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=item, office_id=case.office_id,
                 summary=f"{case.reference}: delivered", changes={"status": ["planned",
                                                                              "delivered"]})
    return item


@transaction.atomic
def assistance_cancel(*, actor, item: AssistanceItem, reason: str,
                      expected_version: int) -> AssistanceItem:
    case = _item_check(actor, item)
    if not (reason or "").strip():
        _refuse("reason", _("Say why the assistance is cancelled."))
    item = versioned_update(item, expected_version=expected_version, changes={
        "status": AssistanceStatus.CANCELLED, "cancellation_reason": reason.strip()})
    event_add(case=case, actor=actor, kind=EventKind.ASSISTANCE_CANCELLED, reason=reason.strip(),
              detail={"item_id": item.pk, "kind": item.kind})
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=item, office_id=case.office_id,
                 summary=f"{case.reference}: cancelled", changes={"status": ["planned",
                                                                              "cancelled"]})
    return item
