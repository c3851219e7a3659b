"""API of voluntary contributions, the emergency revolving fund and consolidated appeals
(ADR 0071). Amounts are sent and answered as decimal strings; money-moving writes take an
Idempotency-Key; scopes finance:read and finance:write."""

from datetime import date

from django.http import HttpRequest
from ninja import Field, Header, Router, Schema, Status

from corridor.access.api_permissions import permits
from corridor.core.api_schemas import ErrorOut, InvalidOut
from corridor.core.errors import ValidationFailed
from corridor.core.idempotency import idempotent_create
from corridor.core.ids import DbId
from corridor.finance import api_voluntary_schemas as s
from corridor.finance.api_contributions import Positive
from corridor.finance.models import (
    Allocation,
    AppealRequirement,
    Contribution,
    Donor,
    DonorKind,
    EmergencyAdvance,
    Receipt,
)
from corridor.finance.selectors import appeals as appeal_reads
from corridor.finance.selectors import emergency as emergency_reads
from corridor.finance.selectors import projects as project_reads
from corridor.finance.selectors import voluntary as reads
from corridor.finance.selectors.projects import project_funding
from corridor.finance.services import appeals as appeal_services
from corridor.finance.services import emergency as emergency_services
from corridor.finance.services import voluntary as services
from corridor.movements.models import Operation
from corridor.partners.models import Partner, Project

router = Router(tags=["finance"])
READ, WRITE = permits("finance.view"), permits("finance.edit")


def _record(model, pk: int | None, field: str):
    """A referenced record, or a refusal naming the field."""
    if pk is None:
        return None
    found = model.objects.filter(pk=pk).first()
    if found is None:
        raise ValidationFailed([{"field": field, "message": "no such record"}])
    return found


class DonorIn(Schema):
    name: str
    kind: DonorKind
    iso3: str = Field("", description="ISO 3166-1 alpha-3, for a government only")
    iati_ref: str = ""


class AgreementIn(Schema):
    reference: str
    title: str
    signed_on: date


@router.get("/finance/donors", response=list[s.DonorOut], summary="Donors", auth=READ)
def donor_list(request: HttpRequest):
    return [s.donor(d) for d in reads.donor_list(user=request.user)]


@router.post("/finance/donors", response={201: s.DonorOut, 403: ErrorOut, 422: InvalidOut},
             summary="Add a donor", auth=WRITE)
def donor_create(request: HttpRequest, payload: DonorIn):
    return Status(201, s.donor(services.donor_create(actor=request.user, **payload.dict())))


@router.post("/finance/donors/{donor_id}/agreements",
             response={201: s.AgreementOut, 403: ErrorOut, 404: ErrorOut, 422: InvalidOut},
             summary="Record a signed contribution agreement", auth=WRITE)
def agreement_create(request: HttpRequest, donor_id: DbId, payload: AgreementIn):
    donor = reads.donor_get(user=request.user, donor_id=donor_id)
    return Status(201, s.agreement(services.agreement_create(actor=request.user, donor=donor,
                                                             **payload.dict())))


@router.get("/finance/donors/{donor_id}/report", response={200: s.DonorReportOut, 404: ErrorOut},
            summary="A donor's contributions and receipts, reconciled against the ledger",
            auth=READ)
def donor_report(request: HttpRequest, donor_id: DbId, on: date):
    donor = reads.donor_get(user=request.user, donor_id=donor_id)
    return s.report(reads.donor_report(donor, on))


class PledgeIn(Schema):
    donor_id: DbId
    reference: str
    earmarking: int = Field(description="IATI EarmarkingCategory: 1 unearmarked, 2 softly "
                                        "earmarked, 3 earmarked, 4 tightly earmarked")
    amount: Positive
    currency: str
    pledged_on: date
    project_id: DbId | None = None
    operation_id: DbId | None = None
    requirement_id: DbId | None = None
    earmarked_for: str = ""


class CommitIn(Schema):
    agreement_id: DbId
    committed_on: date
    amount: Positive | None = Field(None, description="Default: the amount pledged")


class ReceiptIn(Schema):
    received_on: date
    amount: Positive
    currency: str
    reference: str = ""


class AllocationIn(Schema):
    project_id: DbId
    amount: Positive = Field(description="In the contribution fund's currency")
    decided_on: date
    reason: str


class AllocationReverseIn(Schema):
    reason: str
    decided_on: date


@router.get("/finance/contributions", response=list[s.ContributionOut],
            summary="Voluntary contributions and their states on a day", auth=READ)
def contribution_list(request: HttpRequest, on: date, donor_id: DbId | None = None):
    found = reads.contribution_list(user=request.user)
    if donor_id:
        found = found.filter(donor_id=donor_id)
    return [s.contribution(f) for f in reads.figures_many(found, on)]


@router.get("/finance/contributions/{contribution_id}",
            response={200: s.ContributionOut, 404: ErrorOut}, auth=READ)
def contribution_detail(request: HttpRequest, contribution_id: DbId, on: date):
    found = reads.contribution_get(user=request.user, contribution_id=contribution_id)
    return s.contribution(reads.figures(found, on))


@router.post("/finance/contributions",
             response={201: s.ContributionOut, 403: ErrorOut, 422: InvalidOut},
             summary="Record a pledge (shown, never counted as funding; send Idempotency-Key)",
             auth=WRITE)
def contribution_pledge(request: HttpRequest, payload: PledgeIn,
                        idempotency_key: str | None = Header(None, alias="Idempotency-Key")):
    def create():
        c = services.contribution_pledge(
            actor=request.user, donor=_record(Donor, payload.donor_id, "donor_id"),
            reference=payload.reference, earmarking=payload.earmarking, amount=payload.amount,
            currency=payload.currency, pledged_on=payload.pledged_on,
            project=_record(Project, payload.project_id, "project_id"),
            operation=_record(Operation, payload.operation_id, "operation_id"),
            requirement=_record(AppealRequirement, payload.requirement_id, "requirement_id"),
            earmarked_for=payload.earmarked_for)
        return 201, c, s.contribution(reads.figures(c, payload.pledged_on))

    def replay(pk: int) -> dict:
        c = reads.contribution_get(user=request.user, contribution_id=pk)
        return s.contribution(reads.figures(c, c.pledged_on))

    return idempotent_create(request, key=idempotency_key, endpoint="finance.pledge",
                             create=create, replay=replay)


@router.post("/finance/contributions/{contribution_id}/commitment",
             response={201: s.ContributionOut, 403: ErrorOut, 404: ErrorOut, 422: InvalidOut},
             summary="Record the signed agreement that commits a pledge", auth=WRITE)
def contribution_commit(request: HttpRequest, contribution_id: DbId, payload: CommitIn):
    c = reads.contribution_get(user=request.user, contribution_id=contribution_id)
    agreement = reads.agreement_get(user=request.user, agreement_id=payload.agreement_id)
    c = services.contribution_commit(actor=request.user, contribution=c, agreement=agreement,
                                     committed_on=payload.committed_on, amount=payload.amount)
    return Status(201, s.contribution(reads.figures(c, payload.committed_on)))


@router.post("/finance/contributions/{contribution_id}/receipts",
             response={201: s.ReceiptOut, 403: ErrorOut, 404: ErrorOut, 422: InvalidOut},
             summary="Record money received, in any currency at the day's rate; repays the "
                     "operation's emergency advances first (send Idempotency-Key)", auth=WRITE)
def receipt_create(request: HttpRequest, contribution_id: DbId, payload: ReceiptIn,
                   idempotency_key: str | None = Header(None, alias="Idempotency-Key")):
    c = reads.contribution_get(user=request.user, contribution_id=contribution_id)

    def create():
        receipt = services.receipt_record(actor=request.user, contribution=c, **payload.dict())
        return 201, receipt, s.receipt(receipt)

    return idempotent_create(request, key=idempotency_key, endpoint="finance.receipt",
                             create=create,
                             replay=lambda pk: s.receipt(Receipt.objects.get(pk=pk,
                                                                             contribution=c)))


@router.post("/finance/contributions/{contribution_id}/allocations",
             response={201: s.AllocationOut, 403: ErrorOut, 404: ErrorOut, 422: InvalidOut},
             summary="Allocate unearmarked money to a project, a recorded decision (send "
                     "Idempotency-Key)", auth=WRITE)
def allocation_create(request: HttpRequest, contribution_id: DbId, payload: AllocationIn,
                      idempotency_key: str | None = Header(None, alias="Idempotency-Key")):
    c = reads.contribution_get(user=request.user, contribution_id=contribution_id)

    def create():
        allocation = services.allocation_decide(
            actor=request.user, contribution=c,
            project=_record(Project, payload.project_id, "project_id"), amount=payload.amount,
            decided_on=payload.decided_on, reason=payload.reason)
        return 201, allocation, s.allocation(allocation)

    return idempotent_create(request, key=idempotency_key, endpoint="finance.allocation",
                             create=create, replay=lambda pk: s.allocation(
                                 Allocation.objects.get(pk=pk, contribution=c)))


@router.post("/finance/allocations/{allocation_id}/reversal",
             response={201: s.AllocationOut, 403: ErrorOut, 404: ErrorOut, 422: InvalidOut},
             summary="Take an allocation back (a negative allocation; never an edit)", auth=WRITE)
def allocation_reversal(request: HttpRequest, allocation_id: DbId, payload: AllocationReverseIn):
    allocation = reads.allocation_get(user=request.user, allocation_id=allocation_id)
    return Status(201, s.allocation(services.allocation_reverse(
        actor=request.user, allocation=allocation, **payload.dict())))


@router.get("/finance/projects/{project_id}/funding",
            response={200: s.ProjectFundingOut, 404: ErrorOut},
            summary="A project's budget, funds received, committed, spent and balance on a day",
            auth=READ)
def project_funding_detail(request: HttpRequest, project_id: DbId, on: date):
    project = project_reads.project_get(user=request.user, project_id=project_id)
    return s.funding(project_funding(project, on))


class CapitalIn(Schema):
    amount: Positive
    booked_on: date
    description: str


class AdvanceIn(Schema):
    operation_id: DbId
    amount: Positive
    advanced_on: date
    reason: str
    pledge_ids: list[DbId] = Field(description="The pledges to the operation that back it")


@router.get("/finance/emergency/position", response=s.PositionOut,
            summary="The emergency revolving fund at the end of a day", auth=READ)
def emergency_position(request: HttpRequest, on: date):
    return s.position(emergency_reads.position(user=request.user, on=on))


@router.post("/finance/emergency/capital", response={201: s.CapitalOut, 403: ErrorOut,
                                                      422: InvalidOut},
             summary="Add to the emergency fund's capital", auth=WRITE)
def emergency_capital(request: HttpRequest, payload: CapitalIn):
    txn = emergency_services.capital_record(actor=request.user, **payload.dict())
    return Status(201, {"transaction_id": txn.pk, "amount": payload.amount})


@router.post("/finance/emergency/advances",
             response={201: s.AdvanceOut, 403: ErrorOut, 422: InvalidOut},
             summary="Advance money to an emergency operation on the evidence of pledges, "
                     "within the caps (send Idempotency-Key)", auth=WRITE)
def emergency_advance(request: HttpRequest, payload: AdvanceIn,
                      idempotency_key: str | None = Header(None, alias="Idempotency-Key")):
    def create():
        pledges = [_record(Contribution, pk, f"pledge_ids.{i}")
                   for i, pk in enumerate(payload.pledge_ids)]
        advance = emergency_services.advance_make(
            actor=request.user, operation=_record(Operation, payload.operation_id,
                                                  "operation_id"),
            amount=payload.amount, advanced_on=payload.advanced_on, reason=payload.reason,
            pledges=pledges)
        return 201, advance, s.advance(emergency_reads.advance_line(advance, payload.advanced_on))

    def replay(pk: int) -> dict:
        advance = EmergencyAdvance.objects.get(pk=pk)
        return s.advance(emergency_reads.advance_line(advance, advance.advanced_on))

    return idempotent_create(request, key=idempotency_key, endpoint="finance.advance",
                             create=create, replay=replay)


class AppealIn(Schema):
    code: str
    title: str
    year: int = Field(ge=1900, le=2999)
    launched_on: date


class RequirementIn(Schema):
    agency_id: DbId | None = Field(None, description="A partner agency; none: this organisation")
    sector: str
    amount: Positive


@router.get("/finance/appeals", response=list[s.AppealOut], summary="Consolidated appeals",
            auth=READ)
def appeal_list(request: HttpRequest, on: date):
    return [s.appeal(found) for found in
            appeal_reads.summaries(appeal_reads.appeal_list(user=request.user), on)]


@router.post("/finance/appeals", response={201: s.AppealOut, 403: ErrorOut, 422: InvalidOut},
             summary="Add a consolidated appeal", auth=WRITE)
def appeal_create(request: HttpRequest, payload: AppealIn):
    appeal = appeal_services.appeal_create(actor=request.user, **payload.dict())
    return Status(201, s.appeal(appeal_reads.summary(appeal, payload.launched_on)))


@router.get("/finance/appeals/{appeal_id}", response={200: s.AppealOut, 404: ErrorOut},
            summary="An appeal's requirements and funding by agency, sector and donor, and its "
                    "coverage (pledges excluded)", auth=READ)
def appeal_detail(request: HttpRequest, appeal_id: DbId, on: date):
    appeal = appeal_reads.appeal_get(user=request.user, appeal_id=appeal_id)
    return s.appeal(appeal_reads.summary(appeal, on))


@router.post("/finance/appeals/{appeal_id}/requirements",
             response={201: s.AppealOut, 403: ErrorOut, 404: ErrorOut, 422: InvalidOut},
             summary="Add what one agency asks for one sector (USD)", auth=WRITE)
def requirement_create(request: HttpRequest, appeal_id: DbId, payload: RequirementIn):
    appeal = appeal_reads.appeal_get(user=request.user, appeal_id=appeal_id)
    appeal_services.requirement_add(actor=request.user, appeal=appeal, sector=payload.sector,
                                    amount=payload.amount,
                                    agency=_record(Partner, payload.agency_id, "agency_id"))
    return Status(201, s.appeal(appeal_reads.summary(appeal, appeal.launched_on)))
