"""Reads of the emergency revolving fund (USD): what each advance still owes at a date, the
advances unpaid after FINANCE_EMERGENCY_OVERDUE_DAYS, the pledges that back an operation, and
the fund's position at any date (ADR 0071)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.db.models import QuerySet, Sum

from corridor.finance import currencies
from corridor.finance.chart import ADVANCES, BANK, EMERGENCY_FUND, NET_ASSETS
from corridor.finance.models import Account, Contribution, EmergencyAdvance, Fund, Reimbursement
from corridor.finance.policies import require_view
from corridor.finance.selectors.ledger import balance
from corridor.finance.selectors.voluntary import committed_minor, received_minor, standing_on

USD = "USD"


def emergency_fund() -> Fund:
    return Fund.objects.get(code=EMERGENCY_FUND)


def counted_advances(on: date) -> QuerySet[EmergencyAdvance]:
    """Advances standing at the end of `on` (not reversed by then)."""
    return EmergencyAdvance.objects.filter(standing_on(on))


def repaid_minor(advance: EmergencyAdvance, on: date) -> int:
    """Repaid by first charges on receipts standing at the end of `on`."""
    return advance.reimbursements.filter(
        standing_on(on, "receipt__transaction"),
        receipt__received_on__lte=on).aggregate(total=Sum("amount_minor"))["total"] or 0


def outstanding_minor(advance: EmergencyAdvance, on: date) -> int:
    if advance.advanced_on > on:
        return 0
    return advance.amount_minor - repaid_minor(advance, on)


def operation_outstanding(operation_id: int, on: date) -> list[tuple[EmergencyAdvance, int]]:
    """The operation's advances still owing on `on`, oldest first: the order they are repaid."""
    found = counted_advances(on).filter(operation_id=operation_id, advanced_on__lte=on)
    pairs = [(a, outstanding_minor(a, on)) for a in found.order_by("advanced_on", "id")]
    return [(a, owed) for a, owed in pairs if owed > 0]


def pledge_evidence_minor(contribution: Contribution, on: date) -> int:
    """What a pledge to the operation still promises on `on`, in USD: its commitment (or, not
    yet signed, its pledge) less what it has already paid."""
    committed = committed_minor(contribution, on)
    promised = contribution.pledged_base_minor if committed is None else committed
    return max(0, promised - received_minor(contribution, on))


@dataclass(frozen=True)
class AdvanceLine:
    advance: EmergencyAdvance
    repaid: Decimal
    outstanding: Decimal
    days: int  # since it was advanced
    overdue: bool


@dataclass(frozen=True)
class Position:
    on: date
    capital: Decimal
    cash: Decimal
    advanced: Decimal  # outstanding advances, from the ledger (account 1300)
    cap_per_advance: Decimal
    cap_total: Decimal
    lines: list[AdvanceLine]

    @property
    def overdue_days(self) -> int:
        return settings.FINANCE_EMERGENCY_OVERDUE_DAYS

    @property
    def headroom(self) -> Decimal:
        """What may still be advanced: within the total cap and the cash the fund holds."""
        return max(Decimal(0), min(self.cap_total - self.advanced, self.cash))

    @property
    def overdue(self) -> list[AdvanceLine]:
        return [line for line in self.lines if line.overdue]


def cap_per_advance() -> Decimal:
    return Decimal(settings.FINANCE_EMERGENCY_ADVANCE_CAP).quantize(Decimal("0.01"))


def cap_total() -> Decimal:
    return Decimal(settings.FINANCE_EMERGENCY_TOTAL_CAP).quantize(Decimal("0.01"))


def advance_line(advance: EmergencyAdvance, on: date, repaid: int | None = None) -> AdvanceLine:
    repaid = repaid_minor(advance, on) if repaid is None else repaid
    owed = advance.amount_minor - repaid if advance.advanced_on <= on else 0
    days = (on - advance.advanced_on).days
    return AdvanceLine(advance=advance, repaid=currencies.from_minor(repaid, USD),
                       outstanding=currencies.from_minor(owed, USD), days=days,
                       overdue=owed > 0 and days > settings.FINANCE_EMERGENCY_OVERDUE_DAYS)


def repaid_by_advance(advances, on: date) -> dict[int, int]:
    """advance id -> repaid by the end of `on`, for many advances in one query."""
    return dict(Reimbursement.objects.filter(
        standing_on(on, "receipt__transaction"), advance__in=list(advances),
        receipt__received_on__lte=on).values("advance_id").annotate(
        total=Sum("amount_minor")).values_list("advance_id", "total"))


def position(*, user, on: date) -> Position:
    """The fund at the end of `on`: capital, cash, advances outstanding (each with its days and
    whether it is overdue), the caps and what may still be advanced."""
    require_view(user)
    return position_at(on)


def position_at(on: date) -> Position:
    fund = emergency_fund()
    accounts = {a.code: a for a in Account.objects.filter(code__in=[BANK, ADVANCES, NET_ASSETS])}
    advances = list(counted_advances(on).filter(advanced_on__lte=on)
                    .select_related("operation__project").prefetch_related("pledges")
                    .order_by("advanced_on", "id"))
    repaid = repaid_by_advance(advances, on)
    lines = [advance_line(a, on, repaid.get(a.pk, 0)) for a in advances]
    return Position(
        on=on, capital=-balance(fund=fund, account=accounts[NET_ASSETS], on=on).base,
        cash=balance(fund=fund, account=accounts[BANK], on=on).base,
        advanced=balance(fund=fund, account=accounts[ADVANCES], on=on).base,
        cap_per_advance=cap_per_advance(), cap_total=cap_total(),
        lines=[line for line in lines if line.outstanding > 0 or line.advance.advanced_on
               > on - timedelta(days=settings.FINANCE_EMERGENCY_OVERDUE_DAYS)])


def advance_get(*, user, advance_id: int) -> EmergencyAdvance:
    from corridor.finance.selectors.ledger import _get

    require_view(user)
    return _get(EmergencyAdvance.objects.select_related("operation", "transaction"), advance_id,
                "No such advance.")
