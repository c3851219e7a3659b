"""Assessed contributions: member States, a year's budget and scale, the assessments posted to
the ledger, and payments in any currency at the day's rate, applied to the oldest arrears first.

All in the administrative fund (CHF). A member's receivable is its own account; each of its
lines names the assessment year it concerns, so arrears age by year (ADR 0070)."""

from __future__ import annotations

import tempfile
from datetime import date
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pycountry
from django.db import transaction

from corridor.core.audit import audit_record
from corridor.core.models import AuditAction
from corridor.finance import currencies
from corridor.finance.chart import (
    ADMIN_FUND,
    ASSESSED_INCOME,
    RECEIVABLE,
    REFUNDS_PAYABLE,
)
from corridor.finance.models import (
    Account,
    AccountKind,
    Assessment,
    Budget,
    Fund,
    MemberState,
    Payment,
    Scale,
    ScaleRate,
    SurplusDecision,
    TransactionKind,
)
from corridor.finance.policies import require_edit
from corridor.finance.problems import Problems
from corridor.finance.selectors.contributions import year_balances
from corridor.finance.services.ledger import Line, _user, transaction_post
from corridor.finance.services.money import positive_minor, to_bank, valued
from engines.assessment import ScaleError, assess, read_un_scale


def member_create(*, actor, iso3: str, name: str, admitted: date | None = None) -> MemberState:
    require_edit(actor)
    code = (iso3 or "").strip().upper()
    problems = Problems()
    if pycountry.countries.get(alpha_3=code) is None if len(code) == 3 else True:
        problems.add("iso3", f"{iso3!r} is not an ISO 3166-1 alpha-3 code")
    elif MemberState.objects.filter(iso3=code).exists():
        problems.add("iso3", f"{code} is already a member State")
    if not (name or "").strip():
        problems.add("name", "name the member State")
    problems.raise_if_any()
    with transaction.atomic():
        member = MemberState.objects.create(iso3=code, name=name.strip(), admitted=admitted)
        Account.objects.create(code=f"{RECEIVABLE}-{code}",
                               name=f"Contributions receivable — {member.name}",
                               kind=AccountKind.ASSET, member=member)
        audit_record(actor=actor, action=AuditAction.CREATE, obj=member,
                     summary=f"Member State {code}")
    return member


def budget_adopt(*, actor, year: int, amount: Decimal, adopted: date) -> Budget:
    """The administrative budget of `year` in Swiss francs, to be assessed on the scale."""
    require_edit(actor)
    fund = Fund.objects.get(code=ADMIN_FUND)
    problems = Problems()
    minor = positive_minor(amount, fund.base_currency_id, "amount", problems)
    if Budget.objects.filter(year=year).exists():
        problems.add("year", f"the budget of {year} is already adopted")
    problems.raise_if_any()
    with transaction.atomic():
        budget = Budget.objects.create(year=year, fund=fund, amount_minor=minor, adopted=adopted,
                                       created_by=_user(actor))
        audit_record(actor=actor, action=AuditAction.CREATE, obj=budget,
                     summary=f"Budget {year}", changes={"amount": str(amount)})
    return budget


def scale_compute(*, actor, year: int, un_scale: bytes, filename: str,
                  floor: Decimal = Decimal(0), ceiling: Decimal = Decimal(100),
                  decimals: int = 3) -> Scale:
    """The members' scale of `year` from an uploaded UN scale (`iso3,un_rate`), by
    engines/assessment. Replaces an earlier scale of the year until assessments are issued."""
    require_edit(actor)
    problems = Problems()
    if Assessment.objects.filter(year=year).exists():
        problems.add("year", f"the contributions of {year} are assessed: its scale is fixed")
    # The member States at the year's end as governance records them (observers and withdrawn
    # States are not assessed); imported here, lazily: governance reads finance at module level.
    from corridor.governance.selectors import members_on

    members = sorted(members_on(date(year, 12, 31)), key=lambda m: m.iso3)
    if not members:
        problems.add("year", f"no member State is admitted by {year}")
    problems.raise_if_any()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "un_scale.csv"
        path.write_bytes(un_scale)
        read, found = read_un_scale(path, source=filename or "UN scale")
    if found:
        _refuse_scale(found)
    try:
        scale = assess({code: r.rate for code, r in read.rates.items()},
                       [m.iso3 for m in members], floor=floor, ceiling=ceiling,
                       decimals=decimals)
    except ScaleError as exc:
        _refuse_scale(exc.problems)
    with transaction.atomic():
        Scale.objects.filter(year=year).delete()
        record = Scale.objects.create(year=year, floor=f"{floor}", ceiling=f"{ceiling}",
                                      decimals=decimals, source=filename[:255],
                                      created_by=_user(actor))
        ScaleRate.objects.bulk_create([
            ScaleRate(scale=record, member=m, un_rate=f"{read.rates[m.iso3].rate}",
                      rate=f"{scale.rates[m.iso3]:f}") for m in members])
        audit_record(actor=actor, action=AuditAction.CREATE, obj=record,
                     summary=f"Scale of assessment {year}",
                     changes={"members": len(members), "file": filename[:100]})
    return record


def _refuse_scale(found) -> None:
    from corridor.core.errors import ValidationFailed

    raise ValidationFailed([{"field": p.field or (p.source[2:] if p.source.startswith("--")
                                                  else "un_scale"), "message": p.message,
                             "where": "file" if p.row is not None else "", "file": p.source,
                             "row": p.row} for p in found])


def assessments_issue(*, actor, year: int, booked_on: date) -> list[Assessment]:
    """Assess the year's budget on its scale: each member's share, rounded to centimes by
    largest remainder so that the shares sum to the budget, posted in one transaction. A
    member's credit on account (an earlier surplus it left with us) is applied to it at once."""
    require_edit(actor)
    with transaction.atomic():
        # The year's budget row locked: a second issue waits, then finds the year assessed.
        budget = Budget.objects.select_for_update().filter(year=year).first()
        return _assess(actor=actor, year=year, booked_on=booked_on, budget=budget)


def _assess(*, actor, year: int, booked_on: date, budget: Budget | None) -> list[Assessment]:
    problems = Problems()
    scale = Scale.objects.filter(year=year).first()
    if budget is None:
        problems.add("year", f"no budget is adopted for {year}")
    if scale is None:
        problems.add("year", f"no scale of assessment is computed for {year}")
    if Assessment.objects.filter(year=year).exists():
        problems.add("year", f"the contributions of {year} are already assessed")
    problems.raise_if_any()
    rates = list(scale.rates.select_related("member__receivable").order_by("member__iso3"))
    shares = _shares(budget.amount_minor, [Decimal(r.rate) for r in rates],
                     [r.member.iso3 for r in rates])
    fund, code = budget.fund, budget.fund.base_currency_id
    income = Account.objects.get(code=ASSESSED_INCOME)
    lines = []
    for rate, share in zip(rates, shares, strict=True):
        if share:
            receivable = rate.member.receivable
            lines.append(Line(fund, receivable, code, currencies.from_minor(share, code), year))
            credit = -year_balances(rate.member, on=booked_on).get(None, Decimal(0))
            used = min(credit, currencies.from_minor(share, code))
            if used > 0:
                lines += [Line(fund, receivable, code, used, None),
                          Line(fund, receivable, code, -used, year)]
    lines.append(Line(fund, income, code, -budget.amount))
    txn = transaction_post(actor=actor, booked_on=booked_on, kind=TransactionKind.ASSESSMENT,
                           description=f"Assessed contributions {year}", lines=lines)
    return Assessment.objects.bulk_create([
        Assessment(year=year, member=r.member, rate=r.rate, amount_minor=share,
                   transaction=txn) for r, share in zip(rates, shares, strict=True)])


def _shares(total: int, rates: list[Decimal], codes: list[str]) -> list[int]:
    exact = [Fraction(total) * Fraction(rate) / 100 for rate in rates]
    floors = [value.numerator // value.denominator for value in exact]
    order = sorted(range(len(exact)), key=lambda i: (-(exact[i] - floors[i]), -rates[i], codes[i]))
    for i in order[:total - sum(floors)]:
        floors[i] += 1
    return floors


def payment_record(*, actor, member: MemberState, received_on: date, amount: Decimal,
                   currency: str, surplus: str = "", reference: str = "") -> Payment:
    """A member's payment, in any currency, valued in francs at the day's rate and applied to
    its oldest outstanding year first. More than it owes is refused unless `surplus` says what
    becomes of the rest: kept as a credit on its account, or refunded."""
    require_edit(actor)
    fund = Fund.objects.get(code=ADMIN_FUND)
    base = fund.base_currency_id
    code = (currency or "").strip().upper()
    problems = Problems()
    found = valued(amount, code, base, received_on, "amount", problems)
    if surplus and surplus not in SurplusDecision.values:
        problems.add("surplus", f"is one of {', '.join(SurplusDecision.values)}")
    problems.raise_if_any()
    minor, rate, value = found
    with transaction.atomic():
        # One payment of a member at a time: the second waits, then sees what the first paid.
        MemberState.objects.select_for_update().filter(pk=member.pk).first()
        return _payment_write(actor=actor, member=member, fund=fund, received_on=received_on,
                              code=code, minor=minor, rate=rate, value=value, surplus=surplus,
                              reference=reference)


def _payment_write(*, actor, member, fund, received_on, code, minor, rate, value, surplus,
                   reference) -> Payment:
    base = fund.base_currency_id
    latest = (Payment.objects.filter(member=member).order_by("-received_on")
              .values_list("received_on", flat=True).first())
    if latest is not None and received_on < latest:
        Problems().add("received_on", (
            f"{member.name}'s payment of {latest.isoformat()} is already recorded: payments are "
            "recorded in the order they were received, so that each goes to what was owed "
            "on its day")).raise_if_any()
    owed = _owed_by_year(member, received_on, base)
    due = sum(owed.values())
    if value > due and not surplus:
        Problems().add("amount", (
            f"{currencies.from_minor(value, base)} {base} is more than the "
            f"{currencies.from_minor(due, base)} {base} {member.name} owes on "
            f"{received_on.isoformat()}: say what becomes of the surplus "
            "(keep it as a credit, or refund it)")).raise_if_any()
    receivable = member.receivable
    lines = to_bank(fund, code, minor, value)
    left = value
    for year in sorted(owed):
        applied = min(left, owed[year])
        if applied > 0:
            lines.append(Line(fund, receivable, base, -currencies.from_minor(applied, base), year))
            left -= applied
    if left > 0:
        target = receivable if surplus == SurplusDecision.CREDIT else Account.objects.get(
            code=REFUNDS_PAYABLE)
        lines.append(Line(fund, target, base, -currencies.from_minor(left, base), None))
    txn = transaction_post(actor=actor, booked_on=received_on, kind=TransactionKind.PAYMENT,
                           description=f"Payment by {member.name}"
                                       + (f" ({reference})" if reference else ""),
                           lines=lines)
    payment = Payment.objects.create(
        member=member, received_on=received_on, currency_id=code, amount_minor=minor,
        rate=rate, base_minor=value, surplus=surplus if left > 0 else "",
        reference=reference[:100], transaction=txn)
    audit_record(actor=actor, action=AuditAction.CREATE, obj=payment,
                 summary=f"Payment by {member.iso3}",
                 changes={"amount": str(currencies.from_minor(minor, code)), "currency": code,
                          "transaction": txn.pk})
    return payment


def _owed_by_year(member: MemberState, on: date, base: str) -> dict[int, int]:
    """What the member owes for each assessment year, in minor units (positive only)."""
    balances = year_balances(member, on=on)
    return {year: currencies.to_minor(value, base) for year, value in balances.items()
            if year is not None and value > 0}
