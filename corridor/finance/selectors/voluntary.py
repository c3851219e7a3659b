"""Reads of voluntary contributions: what each has pledged, committed and received (from the
ledger: its fund's voluntary income), what it repaid to the emergency fund and allocated, and a
donor's report reconciled against the receipts (ADR 0071).

Funding, everywhere, is what is committed (a signed agreement) or received, whichever is more:
a pledge is shown, never counted."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Q, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from corridor.finance import currencies
from corridor.finance.chart import REIMBURSEMENTS, VOLUNTARY_INCOME
from corridor.finance.models import (
    Account,
    Agreement,
    Allocation,
    Contribution,
    Donor,
    Receipt,
)
from corridor.finance.policies import require_view
from corridor.finance.selectors.ledger import _get, summed, summed_by_fund


def standing_on(on: date, path: str = "transaction") -> Q:
    """Records whose transaction (reached by `path`) stands at the end of `on`: not reversed, or
    reversed only later — a figure at a past day counts what the ledger held that day, as the
    ledger's own totals do."""
    return (Q(**{f"{path}__reversed_by__isnull": True})
            | Q(**{f"{path}__reversed_by__booked_on__gt": on}))


def counted_receipts(on: date) -> QuerySet[Receipt]:
    """Receipts standing at the end of `on` (see standing_on)."""
    return Receipt.objects.filter(standing_on(on))


def _account_minor(contribution: Contribution, code: str, on: date) -> int:
    """The account's balance in the contribution's fund at the end of `on`, in minor units of
    the fund's base, from the ledger's totals (ledger.summed)."""
    rows = summed(fund=contribution.fund, on=on, account=Account.objects.get(code=code))
    return sum(row["base"] for row in rows)


def committed_minor(contribution: Contribution, on: date) -> int | None:
    """The commitment's value if it was signed by `on`, else None (a pledge only)."""
    if contribution.committed_on is not None and contribution.committed_on <= on:
        return contribution.committed_base_minor
    return None


def received_minor(contribution: Contribution, on: date) -> int:
    """Received by the end of `on`, in the fund's base: the credit of its voluntary income."""
    return -_account_minor(contribution, VOLUNTARY_INCOME, on)


def reimbursed_minor(contribution: Contribution, on: date) -> int:
    """Paid from it to the emergency fund, first charge on its receipts."""
    return _account_minor(contribution, REIMBURSEMENTS, on)


def allocated_minor(contribution: Contribution, on: date | None = None) -> int:
    allocations = contribution.allocations.all()
    if on is not None:
        allocations = allocations.filter(decided_on__lte=on)
    return allocations.aggregate(total=Sum("amount_minor"))["total"] or 0


def unallocated(contribution: Contribution, on: date) -> int:
    """Received by `on` (less any first charge) and not allocated by any decision, whatever
    its date: what may still be allocated on `on`."""
    return (received_minor(contribution, on) - reimbursed_minor(contribution, on)
            - allocated_minor(contribution))


def funding_minor(contribution: Contribution, on: date) -> int:
    """What counts as funding on `on`: committed (if signed by then) or received, the more."""
    return max(committed_minor(contribution, on) or 0, received_minor(contribution, on))


STATUS_LABELS = {"pledged": _("Pledged"), "committed": _("Committed"),
                 "partly_paid": _("Partly paid"), "paid": _("Paid")}


@dataclass(frozen=True)
class Figures:
    contribution: Contribution
    on: date
    base_currency: str
    pledged: Decimal
    committed: Decimal | None
    received: Decimal
    reimbursed: Decimal
    allocated: Decimal
    funding: Decimal
    status: str

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])

    @property
    def outstanding(self) -> Decimal:
        """Committed and not yet received."""
        return max(Decimal(0), (self.committed or Decimal(0)) - self.received)


def figures(contribution: Contribution, on: date) -> Figures:
    return figures_many([contribution], on)[0]


def figures_many(contributions, on: date) -> list[Figures]:
    """Each contribution's figures at the end of `on`, in three queries however many there
    are (the accounts, the ledger's totals of their funds, the allocations)."""
    contributions = list(contributions)
    accounts = dict(Account.objects.filter(code__in=(VOLUNTARY_INCOME, REIMBURSEMENTS))
                    .values_list("code", "pk"))
    totals = summed_by_fund(fund_ids={c.fund_id for c in contributions},
                            account_ids=accounts.values(), on=on) if contributions else {}
    allocated = dict(Allocation.objects.filter(
        contribution__in=[c.pk for c in contributions], decided_on__lte=on)
        .values("contribution_id").annotate(total=Sum("amount_minor"))
        .values_list("contribution_id", "total")) if contributions else {}
    found = []
    for contribution in contributions:
        base = contribution.base_currency
        received = -totals.get((contribution.fund_id, accounts[VOLUNTARY_INCOME]), 0)
        reimbursed = totals.get((contribution.fund_id, accounts[REIMBURSEMENTS]), 0)
        committed = committed_minor(contribution, on)
        if committed is None:
            status = "pledged"
        elif received <= 0:
            status = "committed"
        else:
            status = "paid" if received >= committed else "partly_paid"
        money = lambda minor, base=base: currencies.from_minor(minor, base)  # noqa: E731
        found.append(Figures(
            contribution=contribution, on=on, base_currency=base,
            pledged=money(contribution.pledged_base_minor),
            committed=None if committed is None else money(committed),
            received=money(received), reimbursed=money(reimbursed),
            allocated=money(allocated.get(contribution.pk, 0)),
            funding=money(max(committed or 0, received)), status=status))
    return found


def donor_list(*, user) -> QuerySet[Donor]:
    require_view(user)
    return Donor.objects.all()


def donor_get(*, user, donor_id: int) -> Donor:
    require_view(user)
    return _get(Donor.objects.all(), donor_id, "No such donor.")


def agreement_get(*, user, agreement_id: int) -> Agreement:
    require_view(user)
    return _get(Agreement.objects.select_related("donor"), agreement_id, "No such agreement.")


def contribution_list(*, user, donor: Donor | None = None) -> QuerySet[Contribution]:
    require_view(user)
    found = Contribution.objects.select_related("donor", "fund", "project", "agreement",
                                                "operation", "requirement__appeal")
    return found.filter(donor=donor) if donor is not None else found


def contribution_get(*, user, contribution_id: int) -> Contribution:
    return _get(contribution_list(user=user), contribution_id, "No such contribution.")


def allocation_get(*, user, allocation_id: int) -> Allocation:
    require_view(user)
    return _get(Allocation.objects.select_related("contribution__fund", "project"),
                allocation_id, "No such allocation.")


@dataclass(frozen=True)
class ReportLine:
    figures: Figures
    receipts: list[Receipt]
    receipts_total: Decimal  # the receipts' own values, summed
    difference: Decimal  # the ledger's received less the receipts: zero when reconciled


@dataclass(frozen=True)
class DonorReport:
    donor: Donor
    on: date
    lines: list[ReportLine] = field(default_factory=list)

    @property
    def reconciled(self) -> bool:
        return all(line.difference == 0 for line in self.lines)

    def totals(self) -> dict[str, dict[str, Decimal]]:
        """Per base currency: pledged, committed, received, funding."""
        out: dict[str, dict[str, Decimal]] = {}
        for line in self.lines:
            f = line.figures
            row = out.setdefault(f.base_currency, {k: Decimal(0) for k in
                                                   ("pledged", "committed", "received",
                                                    "funding")})
            row["pledged"] += f.pledged
            row["committed"] += f.committed or 0
            row["received"] += f.received
            row["funding"] += f.funding
        return out


def donor_report(donor: Donor, on: date) -> DonorReport:
    """Each contribution's states, and its receipts (as received: amount, currency, rate)
    reconciled against the ledger: the receipts not reversed must sum to the voluntary income
    its fund holds."""
    contributions = list(Contribution.objects.filter(donor=donor).select_related(
        "fund", "project", "agreement", "donor").order_by("pledged_on", "id"))
    receipts: dict[int, list[Receipt]] = {}
    for receipt in (counted_receipts(on).filter(contribution__donor=donor, received_on__lte=on)
                    .select_related("transaction").order_by("received_on", "id")):
        receipts.setdefault(receipt.contribution_id, []).append(receipt)
    lines = []
    for contribution, fig in zip(contributions, figures_many(contributions, on), strict=True):
        mine = receipts.get(contribution.pk, [])
        total = currencies.from_minor(sum(r.base_minor for r in mine), contribution.base_currency)
        lines.append(ReportLine(figures=fig, receipts=mine, receipts_total=total,
                                difference=fig.received - total))
    return DonorReport(donor=donor, on=on, lines=lines)
