"""Reading the ledger: a balance per fund and account at any date, and the entries that make it
up (every total drills down to its postings). Only sealed transactions count."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import QuerySet, Sum

from corridor.core.errors import NotFound
from corridor.finance import currencies
from corridor.finance.models import Account, DailyTotal, Fund, MonthlyTotal, Posting, Transaction
from corridor.finance.policies import require_view


@dataclass(frozen=True)
class Balance:
    """A balance in the fund's base currency, with what it holds in each original currency."""

    base_currency: str
    base: Decimal
    by_currency: dict[str, Decimal] = field(default_factory=dict)
    entries: int = 0


def counted() -> QuerySet[Posting]:
    """Postings that count: those of sealed transactions."""
    return Posting.objects.filter(transaction__seal__isnull=False)


def postings_until(*, fund: Fund, on: date, account: Account | None = None) -> QuerySet[Posting]:
    postings = counted().filter(fund=fund, booked_on__lte=on)
    return postings.filter(account=account) if account is not None else postings


def summed(*, fund: Fund, on: date, account: Account | None = None,
           by: tuple[str, ...] = ("currency_id",)) -> list[dict]:
    """The sealed postings of `fund` (of `account`) up to the end of `on`, summed per `by`: the
    monthly totals of the months before `on`'s month and the daily totals of its days, both kept
    by the database (rows `by` fields, amount, base, n)."""
    month = on.replace(day=1)
    parts = [MonthlyTotal.objects.filter(fund=fund, month__lt=month),
             DailyTotal.objects.filter(fund=fund, day__gte=month, day__lte=on)]
    merged: dict[tuple, dict] = {}
    for part in parts:
        if account is not None:
            part = part.filter(account=account)
        for row in part.values(*by).annotate(amount=Sum("amount_minor"), base=Sum("base_minor"),
                                             n=Sum("entries")):
            key = tuple(row[name] for name in by)
            into = merged.setdefault(key, {**{name: row[name] for name in by},
                                           "amount": 0, "base": 0, "n": 0})
            for name in ("amount", "base", "n"):
                into[name] += row[name]
    return list(merged.values())


def summed_by_fund(*, fund_ids, account_ids, on: date) -> dict[tuple[int, int], int]:
    """(fund id, account id) -> base minor units at the end of `on`, for many funds at once (a
    list page's rows): the same months-then-days totals as `summed`, in two queries."""
    month = on.replace(day=1)
    found: dict[tuple[int, int], int] = {}
    for part in (MonthlyTotal.objects.filter(month__lt=month),
                 DailyTotal.objects.filter(day__gte=month, day__lte=on)):
        rows = (part.filter(fund_id__in=list(fund_ids), account_id__in=list(account_ids))
                .values("fund_id", "account_id").annotate(base=Sum("base_minor")))
        for row in rows:
            key = (row["fund_id"], row["account_id"])
            found[key] = found.get(key, 0) + row["base"]
    return found


def balance(*, fund: Fund, on: date, account: Account | None = None) -> Balance:
    """The balance of `account` in `fund` (every account when None) at the end of `on`: a sum
    of monthly and daily totals, which are the sums of its entries (`entries` lists them)."""
    rows = summed(fund=fund, on=on, account=account)
    base_currency = fund.base_currency_id
    total = sum((row["base"] for row in rows), 0)
    return Balance(
        base_currency=base_currency,
        base=currencies.from_minor(total, base_currency),
        by_currency={row["currency_id"]: currencies.from_minor(row["amount"], row["currency_id"])
                     for row in sorted(rows, key=lambda r: r["currency_id"]) if row["amount"]},
        entries=sum(row["n"] for row in rows))


@dataclass(frozen=True)
class AccountLine:
    account: Account
    balance: Balance


def trial_balance(*, fund: Fund, on: date) -> list[AccountLine]:
    """Every account with entries in `fund` up to `on`, with its balance (they sum to zero)."""
    rows = summed(fund=fund, on=on, by=("account_id", "currency_id"))
    grouped: dict[int, list[dict]] = {}
    for row in rows:
        grouped.setdefault(row["account_id"], []).append(row)
    accounts = Account.objects.select_related("member").in_bulk(list(grouped))
    lines = []
    for account_id, parts in grouped.items():
        base = fund.base_currency_id
        lines.append(AccountLine(accounts[account_id], Balance(
            base_currency=base,
            base=currencies.from_minor(sum(p["base"] for p in parts), base),
            by_currency={p["currency_id"]: currencies.from_minor(p["amount"], p["currency_id"])
                         for p in sorted(parts, key=lambda r: r["currency_id"]) if p["amount"]},
            entries=sum(p["n"] for p in parts))))
    return sorted(lines, key=lambda line: line.account.code)


def total_of(fund: Fund, lines: list[AccountLine]) -> Balance:
    """The fund as a whole from its trial balance's lines (what `balance(fund=fund, on=on)`
    reads again from the totals): the two in one read."""
    by_currency: dict[str, Decimal] = {}
    for line in lines:
        for code, amount in line.balance.by_currency.items():
            by_currency[code] = by_currency.get(code, Decimal(0)) + amount
    return Balance(base_currency=fund.base_currency_id,
                   base=sum((line.balance.base for line in lines),
                            currencies.from_minor(0, fund.base_currency_id)),
                   by_currency={c: v for c, v in sorted(by_currency.items()) if v},
                   entries=sum(line.balance.entries for line in lines))


def entries(*, fund: Fund, account: Account | None, on: date,
            since: date | None = None) -> QuerySet[Posting]:
    """The postings making up `balance(fund, account, on)`, oldest first (from `since` when
    given: the balance before it is then `balance(on=since - 1 day)`)."""
    postings = postings_until(fund=fund, on=on, account=account)
    if since is not None:
        postings = postings.filter(booked_on__gte=since)
    return postings.select_related("transaction", "account", "currency").order_by("booked_on", "id")


def fund_list(*, user) -> QuerySet[Fund]:
    require_view(user)
    return Fund.objects.select_related("base_currency")


def fund_get(*, user, fund_id: int) -> Fund:
    require_view(user)
    return _get(Fund.objects.select_related("base_currency"), fund_id, "No such fund.")


def account_get(*, user, account_id: int) -> Account:
    require_view(user)
    return _get(Account.objects.select_related("member"), account_id, "No such account.")


def transaction_get(*, user, transaction_id: int) -> Transaction:
    require_view(user)
    return _get(Transaction.objects.select_related("reverses", "created_by"), transaction_id,
                "No such transaction.")


def transaction_postings(txn: Transaction) -> QuerySet[Posting]:
    return txn.postings.select_related("fund", "account__member", "currency").order_by("id")


def _get(records: QuerySet, pk: int, message: str):
    """A finance record by id (finance is not scoped by office: every one is in reach)."""
    found = records.filter(pk=pk).first()
    if found is None:
        raise NotFound(message)
    return found
