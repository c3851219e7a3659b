"""API of joint operations: who does what where, shared indicators, targets and progress."""


from django.http import HttpRequest
from ninja import Status

from corridor.access import selectors as access_selectors
from corridor.access.api_permissions import permits
from corridor.core.errors import NotFound
from corridor.core.ids import DbId
from corridor.partners import operations
from corridor.partners.api import ERRORS, PartnerCreated, router
from corridor.partners.api_schemas import (
    ActivityIn,
    IndicatorIn,
    PartnersOperationIn,
    PartnersOperationOut,
    ProgressIn,
    TargetIn,
)
from corridor.partners.models import IndicatorTarget, JointOperation, Partner


def _out(operation: JointOperation) -> dict:
    return {"id": operation.pk, "code": operation.code, "title": operation.title,
            "office_id": operation.office_id, "start": operation.start, "end": operation.end,
            "partner_ids": sorted(p.pk for p in operation.partners.all()),
            "activities": list(operation.activities.all().values(
                "partner_id", "activity", "place", "pcode")),
            "targets": [{"id": t.pk, "indicator_code": t.indicator.code,
                         "partner_id": t.partner.pk, "period": t.period, "target": t.target,
                         "reached": t.reached} for t in _with_reached(operation)]}


def _with_reached(operation):
    rows = operations.operation_progress(operation)
    ids = {(t.indicator_id, t.partner_id, t.period): t.pk for t in
           IndicatorTarget.objects.filter(indicator__operation=operation)}

    class Row:
        def __init__(self, p):
            self.pk = ids[(p.indicator.pk, p.partner.pk, p.period)]
            self.indicator, self.partner, self.period = p.indicator, p.partner, p.period
            self.target, self.reached = p.target, p.reached

    return [Row(p) for p in rows]


@router.get("/partners/operations", response=list[PartnersOperationOut], summary="Joint operations",
            auth=permits("projects.view"))
def operation_list(request: HttpRequest):
    return [_out(o) for o in operations.operations_visible_to(request.user)]


@router.get("/partners/operations/{operation_id}", response={200: PartnersOperationOut, **ERRORS},
            auth=permits("projects.view"))
def operation_detail(request: HttpRequest, operation_id: DbId):
    return _out(operations.operation_get_for_user(user=request.user, operation_id=operation_id))


@router.post("/partners/operations", response={201: PartnersOperationOut, **ERRORS},
             summary="Start a joint operation", auth=permits("partners.manage"))
def operation_create(request: HttpRequest, payload: PartnersOperationIn):
    office = access_selectors.office_for_action(user=request.user, office_id=payload.office_id,
                                                permission="partners.manage")
    operation = operations.operation_create(
        actor=request.user, code=payload.code, title=payload.title, office=office,
        partners=list(Partner.objects.filter(pk__in=payload.partner_ids)),
        start=payload.start, end=payload.end)
    return Status(201, _out(operation))


def _mine(request, operation_id: int) -> JointOperation:
    return operations.operation_get_for_user(user=request.user, operation_id=operation_id)


def _partner(partner_id: int) -> Partner:
    found = Partner.objects.filter(pk=partner_id).first()
    if found is None:
        raise NotFound("No such partner")
    return found


@router.post("/partners/operations/{operation_id}/activities", response={201: PartnerCreated, **ERRORS},
             summary="Who does what where", auth=permits("partners.manage"))
def activity_add(request: HttpRequest, operation_id: DbId, payload: ActivityIn):
    row = operations.activity_add(actor=request.user, operation=_mine(request, operation_id),
                                  partner=_partner(payload.partner_id), activity=payload.activity,
                                  place=payload.place, pcode=payload.pcode)
    return Status(201, {"id": row.pk})


@router.post("/partners/operations/{operation_id}/indicators", response={201: PartnerCreated, **ERRORS},
             summary="A shared indicator", auth=permits("partners.manage"))
def indicator_add(request: HttpRequest, operation_id: DbId, payload: IndicatorIn):
    row = operations.indicator_add(actor=request.user, operation=_mine(request, operation_id),
                                   **payload.dict())
    return Status(201, {"id": row.pk})


@router.post("/partners/operations/{operation_id}/targets", response={201: PartnerCreated, **ERRORS},
             summary="A partner's target on an indicator for a period",
             auth=permits("partners.manage"))
def target_set(request: HttpRequest, operation_id: DbId, payload: TargetIn):
    operation = _mine(request, operation_id)
    indicator = operation.indicators.filter(code=payload.indicator_code).first()
    if indicator is None:
        raise NotFound("No such indicator")
    row = operations.target_set(actor=request.user, indicator=indicator,
                                partner=_partner(payload.partner_id), period=payload.period,
                                target=payload.target)
    return Status(201, {"id": row.pk})


@router.post("/partners/operations/{operation_id}/progress", response={201: PartnerCreated, **ERRORS},
             summary="Report progress against a target (lead office or the partner's users)",
             auth=permits("offices.view"))
def progress_report(request: HttpRequest, operation_id: DbId, payload: ProgressIn):
    target = IndicatorTarget.objects.filter(pk=payload.target_id,
                                            indicator__operation_id=operation_id).first()
    if target is None:
        raise NotFound("No such target")
    row = operations.progress_report(actor=request.user, target=target, value=payload.value,
                                     reported_on=payload.reported_on, note=payload.note)
    return Status(201, {"id": row.pk})
