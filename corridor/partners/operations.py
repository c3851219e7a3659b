"""Joint operations: reads and writes (who does what where, shared indicators, targets per
partner and period, progress against them). No personal data; writes are audited."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import QuerySet, Sum
from django.utils.translation import gettext as _

from corridor.access.models import Office
from corridor.access.policies import can_in_office, offices_for
from corridor.core.audit import audit_record
from corridor.core.errors import NotFound, PermissionDenied, ValidationFailed, clean_or_refuse
from corridor.core.models import AuditAction
from corridor.partners.models import (
    IndicatorProgress,
    IndicatorTarget,
    JointOperation,
    OperationActivity,
    Partner,
    SharedIndicator,
)


def operations_visible_to(user) -> QuerySet[JointOperation]:
    offices = offices_for(user, "projects.view") | offices_for(user, "partners.manage")
    return (JointOperation.objects.filter(office__in=offices).distinct()
            .select_related("office").prefetch_related("partners"))


def operation_get_for_user(*, user, operation_id: int) -> JointOperation:
    found = operations_visible_to(user).filter(pk=operation_id).first()
    if found is None:
        raise NotFound("No such operation")
    return found


def _check(actor, office_id: int) -> None:
    if actor is None:  # commands and the demo
        return
    if not can_in_office(actor, "partners.manage", office_id):
        raise PermissionDenied(_("You cannot manage joint operations of this office."))


@transaction.atomic
def operation_create(*, actor, code: str, title: str, office: Office, partners: list[Partner],
                     start: dt.date, end: dt.date) -> JointOperation:
    _check(actor, office.pk)
    operation = JointOperation(code=code, title=title, office=office, start=start, end=end)
    clean_or_refuse(operation)
    operation.save()
    operation.partners.set(partners)
    audit_record(actor=actor, action=AuditAction.CREATE, obj=operation, summary=code)
    return operation


def _refuse(field: str, message: str) -> None:
    raise ValidationFailed([{"field": field, "message": message}])


def _partner_of_operation(operation: JointOperation, partner: Partner) -> None:
    if not operation.partners.filter(pk=partner.pk).exists():
        _refuse("partner", _("%(p)s is not a partner of this operation.") % {"p": partner})


@transaction.atomic
def activity_add(*, actor, operation: JointOperation, partner: Partner, activity: str,
                 place: str, pcode: str = "") -> OperationActivity:
    _check(actor, operation.office_id)
    _partner_of_operation(operation, partner)
    if not activity.strip() or not place.strip():
        _refuse("activity", _("Say what is done, and where."))
    row = OperationActivity.objects.create(operation=operation, partner=partner,
                                           activity=activity.strip(), place=place.strip(),
                                           pcode=pcode)
    audit_record(actor=actor, action=AuditAction.CREATE, obj=row, office_id=operation.office_id,
                 summary=operation.code)
    return row


@transaction.atomic
def indicator_add(*, actor, operation: JointOperation, code: str, name: str,
                  unit: str = "") -> SharedIndicator:
    _check(actor, operation.office_id)
    if operation.indicators.filter(code=code).exists():
        _refuse("code", _("This operation has an indicator of that code."))
    row = SharedIndicator.objects.create(operation=operation, code=code, name=name, unit=unit)
    audit_record(actor=actor, action=AuditAction.CREATE, obj=row, office_id=operation.office_id,
                 summary=f"{operation.code}/{code}")
    return row


def _period_ok(period: str) -> bool:
    import re

    return bool(re.fullmatch(r"\d{4}-(0[1-9]|1[0-2]|Q[1-4])", period))


@transaction.atomic
def target_set(*, actor, indicator: SharedIndicator, partner: Partner, period: str,
               target: Decimal) -> IndicatorTarget:
    operation = indicator.operation
    _check(actor, operation.office_id)
    _partner_of_operation(operation, partner)
    if not _period_ok(period):
        _refuse("period", _("A period is a month (2026-12) or a quarter (2026-Q4)."))
    if target < 0:
        _refuse("target", _("A target cannot be negative."))
    row, _created = IndicatorTarget.objects.update_or_create(
        indicator=indicator, partner=partner, period=period, defaults={"target": target})
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=row, office_id=operation.office_id,
                 summary=f"{operation.code}/{indicator.code} {partner} {period}",
                 changes={"target": str(target)})
    return row


@transaction.atomic
def progress_report(*, actor, target: IndicatorTarget, value: Decimal, reported_on: dt.date,
                    note: str = "") -> IndicatorProgress:
    """Staff of the lead office, or a user of the target's partner, reports progress."""
    from corridor.partners.sharing import partner_of

    operation = target.indicator.operation
    if actor is not None and not (can_in_office(actor, "partners.manage", operation.office_id)
            or (partner_of(actor) is not None and partner_of(actor).pk == target.partner_id)):
        raise PermissionDenied(_("You cannot report progress on this target."))
    if value < 0:
        _refuse("value", _("Progress cannot be negative."))
    row = IndicatorProgress.objects.create(target=target, value=value, reported_on=reported_on,
                                           note=note, reported_by=actor)
    audit_record(actor=actor, action=AuditAction.CREATE, obj=row, office_id=operation.office_id,
                 summary=f"{operation.code}/{target.indicator.code} +{value}")
    return row


@dataclass(frozen=True)
class Progress:
    indicator: SharedIndicator
    partner: Partner
    period: str
    target: Decimal
    reached: Decimal

    @property
    def share(self) -> Decimal | None:
        return (self.reached / self.target * 100).quantize(Decimal("1")) if self.target else None


def operation_progress(operation: JointOperation) -> list[Progress]:
    targets = (IndicatorTarget.objects.filter(indicator__operation=operation)
               .select_related("indicator", "partner").annotate(reached=Sum("reports__value"))
               .order_by("indicator__code", "period", "partner__name"))
    return [Progress(t.indicator, t.partner, t.period, t.target,
                     Decimal(t.reached or 0).quantize(Decimal("0.01"))) for t in targets]
