"""Writing the ledger: exchange rates, transactions (posted and sealed at once), reversals.

Each write checks every line first and refuses with every problem, naming the field
(`postings.2.currency`), before anything is written; then it writes the header, the postings,
the seal and its audit event in one database transaction. The database checks the balance again
when the seal is written (ADR 0070)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction

from corridor.core.audit import audit_record
from corridor.core.models import AuditAction
from corridor.finance import currencies
from corridor.finance.conversion import balanced_base, missing_rate_message, rate_for
from corridor.finance.models import (
    Account,
    ExchangeRate,
    Fund,
    Posting,
    Transaction,
    TransactionKind,
    TransactionSeal,
)
from corridor.finance.policies import require_edit
from corridor.finance.problems import Problems

# A daily or monthly total adds up to this many entries of the largest amount without
# overflowing its column (the entries' own column type).
TOTAL_HEADROOM = 2**13


def largest_minor() -> int:
    """The largest amount of one entry, in minor units: what the ledger's amount column holds
    on this database (a 64-bit integer on both), less the headroom its totals need (about
    1.1e15: 11 trillion francs or dollars). Derived from the column, written down once."""
    from django.db import connection

    from corridor.finance.models import Posting

    field = Posting._meta.get_field("amount_minor")
    return connection.ops.integer_field_range(field.get_internal_type())[1] // TOTAL_HEADROOM

MAX_RATE_DIGITS = 15


@dataclass(frozen=True)
class Line:
    """One posting to make: a positive amount is a debit, a negative one a credit."""

    fund: Fund
    account: Account
    currency: str
    amount: Decimal
    year: int | None = None


def rate_record(*, actor, currency: str, base: str, day: date, rate: Decimal,
                source: str) -> ExchangeRate:
    """Record that one unit of `currency` was worth `rate` of `base` on `day`, from `source`."""
    require_edit(actor)
    problems = Problems()
    code, base = (currency or "").strip().upper(), (base or "").strip().upper()
    for field, value in (("currency", code), ("base", base)):
        if currencies.get(value) is None:
            problems.add(field, f"{value!r} is not an ISO 4217 currency code")
    if code and code == base:
        problems.add("base", "a rate is between two different currencies")
    rate = _decimal(rate)
    if rate is None or rate <= 0:
        problems.add("rate", "must be a number above zero")
    elif rate.as_tuple().exponent < -10 or len(rate.normalize().as_tuple().digits) > MAX_RATE_DIGITS:
        problems.add("rate", "at most 10 decimals and 15 significant digits")
    if not (source or "").strip():
        problems.add("source", "name who published the rate (a central bank, the UN)")
    if not problems and ExchangeRate.objects.filter(currency_id=code, base_id=base,
                                                    day=day).exists():
        problems.add("day", f"a {code}→{base} rate for {day.isoformat()} is already recorded; "
                            "rates are never changed")
    problems.raise_if_any()
    with transaction.atomic():
        recorded = ExchangeRate.objects.create(currency_id=code, base_id=base, day=day, rate=rate,
                                               source=source.strip(), recorded_by=_user(actor))
        audit_record(actor=actor, action=AuditAction.CREATE, obj=recorded,
                     summary=f"Exchange rate {code}→{base} {day.isoformat()}",
                     changes={"rate": str(rate), "source": source.strip()})
    return recorded


def transaction_post(*, actor, booked_on: date, description: str, lines: list[Line],
                     kind: str = TransactionKind.JOURNAL) -> Transaction:
    """Post a transaction: every line converted into its fund's base currency at the day's
    rate; refused unless it balances in each fund and currency."""
    require_edit(actor)
    problems = Problems()
    if not (description or "").strip():
        problems.add("description", "describe the transaction")
    if len(lines) < 2:
        problems.add("postings", "a transaction has two postings or more")
    minors: list[int | None] = []
    for i, line in enumerate(lines):
        minors.append(_line_minor(line, booked_on, problems, f"postings.{i}"))
    rates = {}
    if not problems:
        _check_balance(lines, minors, problems)
        for i, line in enumerate(lines):
            base = line.fund.base_currency_id
            key = (line.currency.upper(), base)
            if key not in rates:
                rates[key] = rate_for(key[0], base, booked_on)
            if rates[key] is None:
                problems.add(f"postings.{i}.currency", missing_rate_message(*key, booked_on))
                rates[key] = None
    problems.raise_if_any()
    rows = _converted(lines, [m for m in minors if m is not None],
                      {k: v.rate for k, v in rates.items()})
    return _write(actor=actor, booked_on=booked_on, kind=kind, description=description.strip(),
                  rows=rows)


def transaction_reverse(*, actor, reversed_txn: Transaction, reason: str,
                        booked_on: date | None = None) -> Transaction:
    """The mirror of a sealed transaction: every posting negated, at the same base amounts (so
    balances return exactly to what they were), dated `booked_on` (default: the original's)."""
    require_edit(actor)
    problems = Problems()
    booked_on = booked_on or reversed_txn.booked_on
    if not (reason or "").strip():
        problems.add("reason", "say why the transaction is reversed")
    if not TransactionSeal.objects.filter(transaction=reversed_txn).exists():
        problems.add("transaction", "only a posted transaction is reversed")
    if reversed_txn.reverses_id is not None:
        problems.add("transaction", "a reversal is not reversed again: post the entry anew")
    if Transaction.objects.filter(reverses=reversed_txn).exists():
        problems.add("transaction", f"T{reversed_txn.pk} is already reversed")
    if booked_on < reversed_txn.booked_on:
        problems.add("booked_on", "a reversal is not dated before the transaction it reverses")
    problems.raise_if_any()
    rows = [dict(fund_id=p.fund_id, account_id=p.account_id, currency_id=p.currency_id,
                 amount_minor=-p.amount_minor, rate=p.rate, base_minor=-p.base_minor, year=p.year)
            for p in reversed_txn.postings.order_by("id")]
    return _write(actor=actor, booked_on=booked_on, kind=TransactionKind.REVERSAL,
                  description=f"Reversal of T{reversed_txn.pk}: {reversed_txn.description}"[:300],
                  rows=rows, reverses=reversed_txn, reason=reason.strip())


def _write(*, actor, booked_on, kind, description, rows, reverses=None, reason="") -> Transaction:
    try:
        with transaction.atomic():
            txn = Transaction.objects.create(booked_on=booked_on, kind=kind,
                                             description=description[:300], reverses=reverses,
                                             reason=reason[:300], created_by=_user(actor))
            Posting.objects.bulk_create([Posting(transaction=txn, booked_on=booked_on, **row)
                                         for row in rows])
            TransactionSeal.objects.create(transaction=txn)
            audit_record(actor=actor, action=AuditAction.CREATE, obj=txn,
                         summary=f"Ledger T{txn.pk}: {description}",
                         changes={"kind": str(kind), "booked_on": booked_on.isoformat(),
                                  "postings": len(rows),
                                  **({"reverses": reverses.pk, "reason": reason}
                                     if reverses else {})})
    except IntegrityError as exc:  # the database's own check; the service checked first
        if reverses is not None and "reverses" in str(exc).lower():
            Problems().add("transaction", f"T{reverses.pk} is already reversed").raise_if_any()
        raise
    return txn


def _line_minor(line: Line, booked_on: date, problems: Problems, where: str) -> int | None:
    problem = currencies.currency_problem(line.currency, booked_on)
    if problem:
        problems.add(f"{where}.currency", problem)
    amount = _decimal(line.amount)
    if amount is None:
        problems.add(f"{where}.amount", "must be a number")
        return None
    if amount == 0:
        problems.add(f"{where}.amount", "must not be zero")
        return None
    if problem:
        return None
    try:
        minor = currencies.to_minor(amount, line.currency.upper())
    except ValueError as exc:
        problems.add(f"{where}.amount", f"too many decimals: {exc}")
        return None
    if abs(minor) > largest_minor():
        problems.add(f"{where}.amount", "is too large")
        return None
    return minor


def _check_balance(lines: list[Line], minors: list[int | None], problems: Problems) -> None:
    totals: dict[tuple[str, str], int] = defaultdict(int)
    for line, minor in zip(lines, minors, strict=True):
        totals[(line.fund.code, line.currency.upper())] += minor or 0
    for (fund, code), total in totals.items():
        if total:
            problems.add("postings", f"fund {fund} does not balance in {code}: debits exceed "
                         f"credits by {currencies.from_minor(total, code)}")


def _converted(lines: list[Line], minors: list[int], rates: dict) -> list[dict]:
    groups: dict[tuple[int, str], list[int]] = defaultdict(list)
    for i, line in enumerate(lines):
        groups[(line.fund.pk, line.currency.upper())].append(i)
    base_minor = [0] * len(lines)
    for indexes in groups.values():
        first = lines[indexes[0]]
        code, base = first.currency.upper(), first.fund.base_currency_id
        amounts = [minors[i] for i in indexes]
        for i, value in zip(indexes, balanced_base(amounts, code, base, rates[(code, base)]),
                            strict=True):
            base_minor[i] = value
    return [dict(fund_id=line.fund.pk, account_id=line.account.pk,
                 currency_id=line.currency.upper(), amount_minor=minors[i],
                 rate=rates[(line.currency.upper(), line.fund.base_currency_id)],
                 base_minor=base_minor[i], year=line.year)
            for i, line in enumerate(lines)]


def _decimal(value) -> Decimal | None:
    if isinstance(value, float):  # no float ever reaches an amount
        return None
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        return None
    return number if number.is_finite() else None


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None
