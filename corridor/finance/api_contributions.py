"""API of assessed contributions: member States, a year's budget, scale and assessments,
payments, statements of account, arrears ageing and voting rights."""

from datetime import date
from decimal import Decimal
from typing import Annotated

from django.http import HttpRequest
from ninja import Field, File, Form, Header, Router, Schema, Status
from ninja.files import UploadedFile

from corridor.access.api_permissions import permits
from corridor.core import uploads
from corridor.core.api_schemas import ErrorOut, InvalidOut
from corridor.core.idempotency import idempotent_create
from corridor.core.ids import DbId
from corridor.finance import currencies
from corridor.finance.models import Payment, SurplusDecision
from corridor.finance.selectors import contributions as selectors
from corridor.finance.services import contributions as services

router = Router(tags=["finance"])

# An amount above zero, as text (no float ever carries an amount); a year the columns hold.
Positive = Annotated[str, Field(pattern=r"^[0-9]{1,15}(\.[0-9]{1,4})?$", examples=["1000.00"])]
PERCENT = r"^[0-9]{1,3}(\.[0-9]{1,30})?$"
Year = Annotated[int, Field(ge=1900, le=2999)]


class MemberStateIn(Schema):
    iso3: str
    name: str
    admitted: date | None = None


class MemberStateOut(Schema):
    id: int
    iso3: str
    name: str
    admitted: date | None
    account_id: int


class BudgetIn(Schema):
    year: Year
    amount: Positive
    adopted: date


class BudgetOut(Schema):
    year: int
    amount: str
    currency: str
    adopted: date


class AssessIn(Schema):
    booked_on: date


class AssessmentOut(Schema):
    member_id: int
    iso3: str
    year: int
    rate: str
    amount: str
    transaction_id: int


class YearOut(Schema):
    year: int
    budget: BudgetOut | None
    scale: dict[str, str] = Field(description="Each member's rate in percent, by ISO3")
    assessments: list[AssessmentOut]


class PaymentIn(Schema):
    received_on: date
    amount: Positive
    currency: str
    surplus: SurplusDecision | None = Field(
        None, description="Required when the payment exceeds what is owed: credit or refund")
    reference: str = ""


class PaymentOut(Schema):
    id: int
    member_id: int
    received_on: date
    amount: str
    currency: str
    rate: str
    base_amount: str
    surplus: str
    transaction_id: int


class StatementLineOut(Schema):
    booked_on: date
    transaction_id: int
    description: str
    year: int | None
    debit: str
    credit: str
    balance: str
    paid: str = Field(description="A payment's amount and currency as received")


class StatementOut(Schema):
    member_id: int
    since: date
    until: date
    currency: str
    opening: str
    closing: str
    lines: list[StatementLineOut]
    owed_by_year: dict[str, str] = Field(description="By assessment year; 'credit' for a "
                                                     "credit on account")


class AgeingOut(Schema):
    member_id: int
    iso3: str
    by_year: dict[str, str]
    current: str
    arrears: str
    voting_rights_suspended: bool


class VotingOut(Schema):
    member_id: int
    on: date
    arrears: str
    due_two_preceding_years: str
    suspended: bool


def _member(m) -> dict:
    return {"id": m.pk, "iso3": m.iso3, "name": m.name, "admitted": m.admitted,
            "account_id": m.receivable.pk}


def _budget(b) -> dict | None:
    return b and {"year": b.year, "amount": str(b.amount), "currency": b.fund.base_currency_id,
                  "adopted": b.adopted}


def _payment(p: Payment) -> dict:
    return {"id": p.pk, "member_id": p.member_id, "received_on": p.received_on,
            "amount": str(p.amount), "currency": p.currency_id, "rate": f"{p.rate.normalize():f}",
            "base_amount": str(currencies.from_minor(p.base_minor, "CHF")), "surplus": p.surplus,
            "transaction_id": p.transaction_id}


def _assessment(a) -> dict:
    return {"member_id": a.member_id, "iso3": a.member.iso3, "year": a.year, "rate": a.rate,
            "amount": str(currencies.from_minor(a.amount_minor, "CHF")),
            "transaction_id": a.transaction_id}


@router.get("/finance/members", response=list[MemberStateOut], summary="Member States",
            auth=permits("finance.view"))
def member_list(request: HttpRequest):
    return [_member(m) for m in selectors.member_list(user=request.user)]


@router.post("/finance/members", response={201: MemberStateOut, 403: ErrorOut, 422: InvalidOut},
             summary="Add a member State (and its receivable account)",
             auth=permits("finance.edit"))
def member_create(request: HttpRequest, payload: MemberStateIn):
    member = services.member_create(actor=request.user, iso3=payload.iso3, name=payload.name,
                                    admitted=payload.admitted)
    return Status(201, _member(member))


@router.post("/finance/budgets", response={201: BudgetOut, 403: ErrorOut, 422: InvalidOut},
             summary="Adopt a year's administrative budget (CHF)", auth=permits("finance.edit"))
def budget_create(request: HttpRequest, payload: BudgetIn):
    budget = services.budget_adopt(actor=request.user, year=payload.year,
                                   amount=Decimal(payload.amount), adopted=payload.adopted)
    return Status(201, _budget(budget))


@router.get("/finance/years/{year}", response={200: YearOut, 404: ErrorOut},
            summary="A year's budget, scale and assessments", auth=permits("finance.view"))
def year_detail(request: HttpRequest, year: Year):
    found = selectors.year_detail(user=request.user, year=year)
    return {"year": year, "budget": _budget(found["budget"]),
            "scale": {r.member.iso3: r.rate for r in found["rates"]},
            "assessments": [_assessment(a) for a in found["assessments"]]}


@router.post("/finance/years/{year}/scale", response={201: YearOut, 403: ErrorOut, 422: InvalidOut},
             summary="Compute the year's scale of assessment from a UN scale (CSV iso3,un_rate)",
             auth=permits("finance.edit"))
def scale_create(request: HttpRequest, year: Year, file: File[UploadedFile],
                 floor: str = Form("0", pattern=PERCENT), ceiling: str = Form("100", pattern=PERCENT),
                 decimals: int = Form(3, ge=0, le=30)):
    name = file.name or "un_scale.csv"
    data = uploads.read(file, name)
    services.scale_compute(actor=request.user, year=year, un_scale=data, filename=name,
                           floor=Decimal(floor), ceiling=Decimal(ceiling), decimals=decimals)
    return Status(201, year_detail(request, year))


@router.post("/finance/years/{year}/assessments",
             response={201: YearOut, 403: ErrorOut, 422: InvalidOut},
             summary="Assess the year's budget on its scale and post it to the ledger",
             auth=permits("finance.edit"))
def assessments_create(request: HttpRequest, year: Year, payload: AssessIn):
    services.assessments_issue(actor=request.user, year=year, booked_on=payload.booked_on)
    return Status(201, year_detail(request, year))


@router.post("/finance/members/{member_id}/payments",
             response={201: PaymentOut, 403: ErrorOut, 404: ErrorOut, 422: InvalidOut},
             summary="Record a member's payment in any currency, at the day's rate (send "
                     "Idempotency-Key to make retries safe)", auth=permits("finance.edit"))
def payment_create(request: HttpRequest, member_id: DbId, payload: PaymentIn,
                   idempotency_key: str | None = Header(None, alias="Idempotency-Key")):
    member = selectors.member_get(user=request.user, member_id=member_id)

    def create():
        payment = services.payment_record(
            actor=request.user, member=member, received_on=payload.received_on,
            amount=Decimal(payload.amount), currency=payload.currency,
            surplus=payload.surplus or "", reference=payload.reference)
        return 201, payment, _payment(payment)

    def replay(pk: int) -> dict:
        return _payment(Payment.objects.get(pk=pk, member=member))

    return idempotent_create(request, key=idempotency_key, endpoint="finance.payment",
                             create=create, replay=replay)


@router.get("/finance/members/{member_id}/statement", response={200: StatementOut, 404: ErrorOut},
            summary="A member's statement of account", auth=permits("finance.view"))
def statement(request: HttpRequest, member_id: DbId, since: date, until: date):
    member = selectors.member_get(user=request.user, member_id=member_id)
    found = selectors.statement(member, since=since, until=until)
    return {"member_id": member.pk, "since": since, "until": until, "currency": "CHF",
            "opening": str(found.opening), "closing": str(found.closing),
            "lines": [{"booked_on": line.posting.booked_on,
                       "transaction_id": line.posting.transaction_id,
                       "description": line.posting.transaction.description,
                       "year": line.posting.year, "debit": str(line.debit),
                       "credit": str(line.credit), "balance": str(line.balance),
                       "paid": (f"{line.payment.amount} {line.payment.currency_id}"
                                if line.payment else "")} for line in found.lines],
            "owed_by_year": {str(y) if y is not None else "credit": str(v)
                             for y, v in found.by_year.items()}}


@router.get("/finance/arrears", response=list[AgeingOut],
            summary="Every member's outstanding contributions by year of assessment",
            auth=permits("finance.view"))
def arrears(request: HttpRequest, on: date):
    selectors.member_list(user=request.user)  # the policy check
    _years, rows = selectors.arrears_ageing(on=on)
    return [{"member_id": r.member.pk, "iso3": r.member.iso3,
             "by_year": {str(y): str(v) for y, v in r.by_year.items()},
             "current": str(r.current), "arrears": str(r.arrears),
             "voting_rights_suspended": r.suspended} for r in rows]


@router.get("/finance/members/{member_id}/voting-rights",
            response={200: VotingOut, 404: ErrorOut},
            summary="Whether the member's vote is suspended for arrears on a day",
            auth=permits("finance.view"))
def voting_rights(request: HttpRequest, member_id: DbId, on: date):
    member = selectors.member_get(user=request.user, member_id=member_id)
    due = selectors.assessed(member, on.year - 1) + selectors.assessed(member, on.year - 2)
    return {"member_id": member.pk, "on": on, "arrears": str(selectors.arrears(member, on=on)),
            "due_two_preceding_years": str(due),
            "suspended": selectors.voting_rights_suspended(member, on)}
