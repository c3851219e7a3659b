"""Reading assessed contributions from the ledger: what a member owes by year of assessment, its
statement of account, arrears ageing, and the one selector the governance issue's voting
rights read (`voting_rights_suspended`)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import QuerySet, Sum

from corridor.finance import currencies
from corridor.finance.chart import ADMIN_FUND
from corridor.finance.models import (
    Assessment,
    Budget,
    DailyTotal,
    MemberState,
    Payment,
    Posting,
    Scale,
)
from corridor.finance.policies import require_view
from corridor.finance.selectors.ledger import _get, counted

ZERO = Decimal("0.00")  # francs, to the centime


def _receivable(member: MemberState, on: date) -> QuerySet[Posting]:
    return counted().filter(account__member=member, fund__code=ADMIN_FUND, booked_on__lte=on)


def _totals(member: MemberState, on: date) -> QuerySet[DailyTotal]:
    return DailyTotal.objects.filter(account__member=member, fund__code=ADMIN_FUND, day__lte=on)


def year_balances(member: MemberState, *, on: date) -> dict[int | None, Decimal]:
    """The member's receivable at the end of `on` by assessment year, in francs; positive is
    owed, negative paid ahead. The key None is its credit on account (an unapplied surplus)."""
    rows = _totals(member, on).values("year").annotate(base=Sum("base_minor"))
    return {row["year"] or None: currencies.from_minor(row["base"], "CHF")
            for row in rows if row["base"]}


def assessed(member: MemberState, year: int) -> Decimal:
    found = Assessment.objects.filter(member=member, year=year).values_list("amount_minor",
                                                                            flat=True).first()
    return currencies.from_minor(found or 0, "CHF")


def arrears(member: MemberState, *, on: date) -> Decimal:
    """What the member owes on `on` for the years before `on`'s year, less any credit on account."""
    return _arrears_of(year_balances(member, on=on), on)


def _arrears_of(balances: dict[int | None, Decimal], on: date) -> Decimal:
    owed = sum((v for y, v in balances.items() if y is not None and y < on.year and v > 0), ZERO)
    return max(ZERO, owed + min(ZERO, balances.get(None, ZERO)))


def restored_by_council(member: MemberState, on_date: date) -> bool:
    """Whether the Council has restored the member's vote on `on_date` despite its arrears:
    a decision of the Council recorded by governance (imported here, lazily: governance reads
    finance's arrears at module level)."""
    from corridor.governance.selectors import restored

    return restored(member, on_date)


def voting_rights_suspended(member: MemberState, on_date: date) -> bool:
    """The constitution in force in 1996: a member's vote is suspended when its arrears equal or
    exceed the contributions due from it for the two preceding full years (the Council can
    restore it: `restored_by_council`). Arrears are what it owes on `on_date` for years before
    `on_date`'s year; a member assessed nothing in those two years is never suspended."""
    due = assessed(member, on_date.year - 1) + assessed(member, on_date.year - 2)
    return _suspended(member, on_date, arrears(member, on=on_date), due)


def _suspended(member: MemberState, on_date: date, owed: Decimal, due: Decimal) -> bool:
    if due <= 0:
        return False
    return owed >= due and not restored_by_council(member, on_date)


@dataclass(frozen=True)
class StatementLine:
    posting: Posting
    payment: Payment | None
    debit: Decimal
    credit: Decimal
    balance: Decimal


@dataclass(frozen=True)
class Statement:
    member: MemberState
    since: date
    until: date
    opening: Decimal
    lines: list[StatementLine]
    closing: Decimal
    by_year: dict[int | None, Decimal]


def statement(member: MemberState, *, since: date, until: date) -> Statement:
    """The member's account from `since` to `until`, in francs: the balance brought forward,
    every entry (assessments, payments with their original amount and currency, reversals) with
    the running balance, and what remains owed by year of assessment."""
    before = _totals(member, since - timedelta(days=1)).aggregate(total=Sum("base_minor"))
    opening = currencies.from_minor(before["total"] or 0, "CHF")
    postings = (_receivable(member, until).filter(booked_on__gte=since)
                .select_related("transaction").order_by("booked_on", "transaction_id", "id"))
    payments = {p.transaction_id: p for p in Payment.objects.filter(
        member=member, received_on__gte=since, received_on__lte=until)}
    running, lines = opening, []
    for posting in postings:
        value = currencies.from_minor(posting.base_minor, "CHF")
        running += value
        lines.append(StatementLine(posting, payments.get(posting.transaction_id),
                                   value if value > 0 else ZERO, -value if value < 0 else ZERO,
                                   running))
    return Statement(member, since, until, opening, lines, running,
                     dict(sorted(year_balances(member, on=until).items(),
                                 key=lambda item: (item[0] is None, item[0] or 0))))


@dataclass(frozen=True)
class AgeingRow:
    member: MemberState
    by_year: dict[int, Decimal]  # outstanding by assessment year (positive only)
    current: Decimal  # of `on`'s own year
    arrears: Decimal  # of the years before
    suspended: bool


def arrears_ageing(*, on: date) -> tuple[list[int], list[AgeingRow]]:
    """Every member's outstanding contributions on `on`, by year of assessment (the years are
    the columns), with its arrears and whether its vote is suspended."""
    # Three queries whatever the number of members: the receivables' totals by member and
    # year, the assessments of the two years that decide the vote, and the members.
    rows = (DailyTotal.objects.filter(account__member__isnull=False, fund__code=ADMIN_FUND,
                                      day__lte=on)
            .values("account__member", "year").annotate(base=Sum("base_minor")))
    balances: dict[int, dict[int | None, Decimal]] = defaultdict(dict)
    for row in rows:
        if row["base"]:
            balances[row["account__member"]][row["year"] or None] = currencies.from_minor(
                row["base"], "CHF")
    due: dict[int, int] = defaultdict(int)
    for member_id, minor in Assessment.objects.filter(
            year__in=(on.year - 1, on.year - 2)).values_list("member_id", "amount_minor"):
        due[member_id] += minor
    owed = {member_id: {y: v for y, v in by_year.items() if y is not None and v > 0}
            for member_id, by_year in balances.items()}
    years = sorted({year for by_year in owed.values() for year in by_year})
    result = []
    for member in MemberState.objects.order_by("name"):
        by_year = owed.get(member.pk, {})
        member_arrears = _arrears_of(balances.get(member.pk, {}), on)
        result.append(AgeingRow(member, by_year, by_year.get(on.year, ZERO), member_arrears,
                                _suspended(member, on, member_arrears,
                                           currencies.from_minor(due[member.pk], "CHF"))))
    return years, result


def member_list(*, user) -> QuerySet[MemberState]:
    require_view(user)
    return MemberState.objects.select_related("receivable").order_by("name")


def member_get(*, user, member_id: int) -> MemberState:
    require_view(user)
    return _get(MemberState.objects.select_related("receivable"), member_id,
                "No such member State.")


def budget_list(*, user) -> QuerySet[Budget]:
    require_view(user)
    return Budget.objects.order_by("-year")


def year_detail(*, user, year: int) -> dict:
    """A year's budget, scale and assessments, as the year's page shows them."""
    require_view(user)
    scale = Scale.objects.filter(year=year).first()
    return {
        "year": year,
        "budget": Budget.objects.filter(year=year).select_related("fund").first(),
        "scale": scale,
        "rates": list(scale.rates.select_related("member")) if scale else [],
        "assessments": list(Assessment.objects.filter(year=year).select_related("member")
                            .order_by("member__name")),
    }
