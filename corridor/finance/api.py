"""API of the ledger: currencies, exchange rates, funds and their balances at a date, the
entries behind a balance, transactions posted and reversed. Amounts are sent and answered as
decimal strings ("1000.00"): a JSON number is a float on the way."""

from datetime import date
from decimal import Decimal
from typing import Annotated

from django.http import HttpRequest
from ninja import Field, Header, Query, Router, Schema, Status
from ninja.pagination import paginate

from corridor.access.api_permissions import permits
from corridor.core.api_schemas import ErrorOut, InvalidOut
from corridor.core.errors import ValidationFailed
from corridor.core.idempotency import idempotent_create
from corridor.core.ids import DbId
from corridor.core.pagination import BoundedPageNumberPagination
from corridor.finance import currencies
from corridor.finance.models import Account, ExchangeRate, Fund, Transaction
from corridor.finance.selectors import ledger as selectors
from corridor.finance.services import ledger as services

router = Router(tags=["finance"])

# A signed decimal as text: no float ever carries an amount.
Money = Annotated[str, Field(pattern=r"^-?[0-9]{1,15}(\.[0-9]{1,4})?$",
                             examples=["1000.00"])]
RateText = Annotated[str, Field(pattern=r"^[0-9]{1,5}(\.[0-9]{1,10})?$", examples=["0.8123"])]


class CurrencyOut(Schema):
    code: str
    numeric: str
    minor_units: int | None
    name: str
    withdrawn: str = Field(description="Month of withdrawal (YYYY-MM), empty while current")


class RateIn(Schema):
    currency: str
    base: str
    day: date
    rate: RateText = Field(description="One unit of `currency` in `base`")
    source: str


class RateOut(Schema):
    id: int
    currency: str
    base: str
    day: date
    rate: str
    source: str


class FundOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    base_currency: str


class BalanceOut(Schema):
    account_id: int | None
    account_code: str
    account_name: str
    base_currency: str
    base: str
    by_currency: dict[str, str]
    entries: int


class PostingIn(Schema):
    fund_id: DbId
    account_id: DbId
    currency: str
    amount: Money = Field(description="Positive: a debit; negative: a credit")
    year: int | None = Field(None, ge=1900, le=2999)


class TransactionIn(Schema):
    booked_on: date
    description: str
    postings: list[PostingIn]


class PostingOut(Schema):
    id: int
    transaction_id: int
    booked_on: date
    fund: str
    account: str
    currency: str
    amount: str
    rate: str
    base_amount: str
    year: int | None


class TransactionOut(Schema):
    id: int
    booked_on: date
    kind: str
    description: str
    reverses_id: int | None
    reversed_by_id: int | None
    reason: str
    postings: list[PostingOut]


class ReversalIn(Schema):
    reason: str
    booked_on: date | None = None


def _rate(rate: ExchangeRate) -> dict:
    return {"id": rate.pk, "currency": rate.currency_id, "base": rate.base_id, "day": rate.day,
            "rate": f"{rate.rate.normalize():f}", "source": rate.source}


def _posting(p) -> dict:
    return {"id": p.pk, "transaction_id": p.transaction_id, "booked_on": p.booked_on,
            "fund": p.fund.code, "account": p.account.code, "currency": p.currency_id,
            "amount": str(p.amount), "rate": f"{p.rate.normalize():f}",
            "base_amount": str(p.base_amount), "year": p.year}


def _transaction(txn) -> dict:
    reversal = Transaction.objects.filter(reverses=txn).values_list("pk", flat=True).first()
    return {"id": txn.pk, "booked_on": txn.booked_on, "kind": txn.kind,
            "description": txn.description, "reverses_id": txn.reverses_id,
            "reversed_by_id": reversal, "reason": txn.reason,
            "postings": [_posting(p) for p in selectors.transaction_postings(txn)
                         .select_related("fund__base_currency")]}


def _balance(account: Account | None, balance) -> dict:
    return {"account_id": account.pk if account else None,
            "account_code": account.code if account else "",
            "account_name": account.name if account else "", "base_currency": balance.base_currency,
            "base": str(balance.base),
            "by_currency": {k: str(v) for k, v in balance.by_currency.items()},
            "entries": balance.entries}


@router.get("/finance/currencies", response=list[CurrencyOut],
            summary="ISO 4217 currencies, withdrawn ones included", auth=permits("finance.view"))
def currency_list(request: HttpRequest):
    return [c.__dict__ for c in currencies.all_currencies().values()]


@router.get("/finance/rates", response=list[RateOut], summary="Recorded exchange rates",
            auth=permits("finance.view"))
@paginate(BoundedPageNumberPagination, page_size=50, max_page_size=200)
def rate_list(request: HttpRequest, currency: str = "", base: str = "", day: date | None = None):
    selectors.fund_list(user=request.user)  # the policy check
    rates = ExchangeRate.objects.all()
    if currency:
        rates = rates.filter(currency_id=currency.upper())
    if base:
        rates = rates.filter(base_id=base.upper())
    if day:
        rates = rates.filter(day=day)
    return [_rate(r) for r in rates]


@router.post("/finance/rates", response={201: RateOut, 403: ErrorOut, 422: InvalidOut},
             summary="Record a day's exchange rate (never changed afterwards)",
             auth=permits("finance.edit"))
def rate_create(request: HttpRequest, payload: RateIn):
    rate = services.rate_record(actor=request.user, currency=payload.currency, base=payload.base,
                                day=payload.day, rate=Decimal(payload.rate),
                                source=payload.source)
    return Status(201, _rate(rate))


@router.get("/finance/funds", response=list[FundOut], summary="Funds",
            auth=permits("finance.view"))
def fund_list(request: HttpRequest):
    return [{"id": f.pk, "code": f.code, "name": f.name, "kind": f.kind,
             "base_currency": f.base_currency_id} for f in selectors.fund_list(user=request.user)]


@router.get("/finance/funds/{fund_id}/balances", response={200: list[BalanceOut], 404: ErrorOut},
            summary="The fund's balance per account at the end of a day (the first row: the "
                    "fund as a whole)", auth=permits("finance.view"))
def fund_balances(request: HttpRequest, fund_id: DbId, on: date):
    fund = selectors.fund_get(user=request.user, fund_id=fund_id)
    lines = selectors.trial_balance(fund=fund, on=on)
    return [_balance(None, selectors.total_of(fund, lines)),
            *(_balance(line.account, line.balance) for line in lines)]


class EntriesQuery(Schema):
    on: date
    account_id: DbId | None = None
    since: date | None = None


@router.get("/finance/funds/{fund_id}/entries", response={200: list[PostingOut], 404: ErrorOut},
            summary="The entries that make up a balance (drill-down), oldest first",
            auth=permits("finance.view"))
@paginate(BoundedPageNumberPagination, page_size=100, max_page_size=200)
def fund_entries(request: HttpRequest, fund_id: DbId, query: Query[EntriesQuery]):
    fund = selectors.fund_get(user=request.user, fund_id=fund_id)
    account = (selectors.account_get(user=request.user, account_id=query.account_id)
               if query.account_id else None)
    postings = selectors.entries(fund=fund, account=account, on=query.on, since=query.since)
    return [_posting(p) for p in postings.select_related("fund__base_currency")]


@router.get("/finance/transactions/{transaction_id}",
            response={200: TransactionOut, 404: ErrorOut}, auth=permits("finance.view"))
def transaction_detail(request: HttpRequest, transaction_id: DbId):
    return _transaction(selectors.transaction_get(user=request.user,
                                                  transaction_id=transaction_id))


@router.post("/finance/transactions",
             response={201: TransactionOut, 403: ErrorOut, 404: ErrorOut, 422: InvalidOut},
             summary="Post a journal transaction; it must balance in each fund and currency "
                     "(send Idempotency-Key to make retries safe)", auth=permits("finance.edit"))
def transaction_create(request: HttpRequest, payload: TransactionIn,
                       idempotency_key: str | None = Header(None, alias="Idempotency-Key")):
    funds = Fund.objects.in_bulk({p.fund_id for p in payload.postings})
    accounts = Account.objects.in_bulk({p.account_id for p in payload.postings})
    problems = [{"field": f"postings.{i}.{field}", "message": "no such record"}
                for i, p in enumerate(payload.postings)
                for field, found in (("fund_id", p.fund_id in funds),
                                     ("account_id", p.account_id in accounts)) if not found]
    if problems:
        raise ValidationFailed(problems)
    lines = [services.Line(funds[p.fund_id], accounts[p.account_id], p.currency,
                           Decimal(p.amount), p.year) for p in payload.postings]

    def create():
        txn = services.transaction_post(actor=request.user, booked_on=payload.booked_on,
                                        description=payload.description, lines=lines)
        return 201, txn, _transaction(txn)

    def replay(pk: int) -> dict:
        return _transaction(selectors.transaction_get(user=request.user, transaction_id=pk))

    return idempotent_create(request, key=idempotency_key, endpoint="finance.transaction",
                             create=create, replay=replay)


@router.post("/finance/transactions/{transaction_id}/reversal",
             response={201: TransactionOut, 403: ErrorOut, 404: ErrorOut, 422: InvalidOut},
             summary="Reverse a transaction (entries are never changed or removed)",
             auth=permits("finance.edit"))
def transaction_reversal(request: HttpRequest, transaction_id: DbId, payload: ReversalIn):
    original = selectors.transaction_get(user=request.user, transaction_id=transaction_id)
    reversal = services.transaction_reverse(actor=request.user, reversed_txn=original,
                                            reason=payload.reason, booked_on=payload.booked_on)
    return Status(201, _transaction(reversal))
