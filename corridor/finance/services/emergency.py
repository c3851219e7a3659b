"""The emergency revolving fund (USD): its capital, advances to emergency operations on the
evidence of pledges, and their reimbursement as a first charge on the operation's next
contributions, in the receipt's own transaction (ADR 0071).

Caps: one advance at most FINANCE_EMERGENCY_ADVANCE_CAP, all advances outstanding at most
FINANCE_EMERGENCY_TOTAL_CAP, and never more than the cash the fund holds that day."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from corridor.core.audit import audit_record
from corridor.core.models import AuditAction
from corridor.finance import currencies
from corridor.finance.chart import ADVANCES, BANK, NET_ASSETS, REIMBURSEMENTS
from corridor.finance.models import Account, Contribution, EmergencyAdvance, TransactionKind
from corridor.finance.policies import require_edit
from corridor.finance.problems import Problems
from corridor.finance.selectors import emergency as reads
from corridor.finance.services.ledger import Line, _user, transaction_post
from corridor.finance.services.money import positive_minor

USD = reads.USD


def _usd(minor: int) -> str:
    return f"{currencies.from_minor(minor, USD)} {USD}"


def capital_record(*, actor, amount, booked_on: date, description: str):
    """Money put into the fund's capital (from the organisation's reserves, a donor's grant to
    the fund itself): its bank debited, its net assets credited."""
    require_edit(actor)
    problems = Problems()
    minor = positive_minor(amount, USD, "amount", problems)
    if not (description or "").strip():
        problems.add("description", "say where the capital comes from")
    problems.raise_if_any()
    fund = reads.emergency_fund()
    value = currencies.from_minor(minor, USD)
    return transaction_post(actor=actor, booked_on=booked_on, kind=TransactionKind.CAPITAL,
                            description=description.strip(), lines=[
                                Line(fund, Account.objects.get(code=BANK), USD, value),
                                Line(fund, Account.objects.get(code=NET_ASSETS), USD, -value)])


def advance_make(*, actor, operation, amount, advanced_on: date, reason: str,
                 pledges: list[Contribution]) -> EmergencyAdvance:
    """Advance money to an emergency operation. Refused, naming the field, above the cap of one
    advance, beyond the total cap or the fund's cash, or when the cited pledges to the operation
    do not still promise at least this advance and those the operation already owes."""
    require_edit(actor)
    problems = Problems()
    minor = positive_minor(amount, USD, "amount", problems)
    if not (reason or "").strip():
        problems.add("reason", "say what the advance is for")
    if operation.project.currency.upper() != USD:
        problems.add("operation", f"the emergency fund advances {USD}; the project of "
                                  f"{operation.reference} is in {operation.project.currency}")
    for i, pledge in enumerate(pledges):
        if pledge.operation_id != operation.pk:
            problems.add(f"pledges.{i}", f"{pledge.reference} is not a pledge to "
                                         f"{operation.reference}")
    if not pledges:
        problems.add("pledges", "cite the pledges to the operation that back the advance")
    with transaction.atomic():
        # One advance at a time: the caps and the evidence are read with nothing moving.
        fund = reads.emergency_fund()
        type(fund).objects.select_for_update().filter(pk=fund.pk).first()
        if minor is not None:
            _check_limits(minor, operation, advanced_on, pledges, problems)
        problems.raise_if_any()
        txn = transaction_post(
            actor=actor, booked_on=advanced_on, kind=TransactionKind.ADVANCE,
            description=f"Emergency advance to {operation.reference}", lines=[
                Line(fund, Account.objects.get(code=ADVANCES), USD,
                     currencies.from_minor(minor, USD)),
                Line(fund, Account.objects.get(code=BANK), USD,
                     -currencies.from_minor(minor, USD))])
        advance = EmergencyAdvance.objects.create(
            operation=operation, advanced_on=advanced_on, amount_minor=minor,
            reason=reason.strip()[:300], transaction=txn, created_by=_user(actor))
        advance.pledges.set(pledges)
        audit_record(actor=actor, action=AuditAction.CREATE, obj=advance,
                     summary=f"Emergency advance to {operation.reference}",
                     changes={"amount": str(advance.amount), "transaction": txn.pk,
                              "pledges": [p.reference for p in pledges]})
    return advance


def _check_limits(minor: int, operation, on: date, pledges: list[Contribution],
                  problems: Problems) -> None:
    position = reads.position_at(on)
    per, total = reads.cap_per_advance(), reads.cap_total()
    value = currencies.from_minor(minor, USD)
    if value > per:
        problems.add("amount", f"{_usd(minor)} is above the cap of one advance "
                               f"({per} {USD}, FINANCE_EMERGENCY_ADVANCE_CAP)")
    elif position.advanced + value > total:
        problems.add("amount", f"with the {position.advanced} {USD} already advanced and not "
                               f"repaid, {_usd(minor)} goes beyond the fund's total cap "
                               f"({total} {USD}, FINANCE_EMERGENCY_TOTAL_CAP)")
    elif value > position.cash:
        problems.add("amount", f"the fund holds {position.cash} {USD} on {on.isoformat()}")
    owed = sum(o for _a, o in reads.operation_outstanding(operation.pk, on))
    evidence = sum(reads.pledge_evidence_minor(p, on) for p in pledges)
    if pledges and evidence < owed + minor:
        problems.add("pledges", (
            f"the cited pledges still promise {_usd(evidence)}, less than "
            + (f"the {_usd(owed)} already advanced to {operation.reference} and " if owed else "")
            + f"this advance of {_usd(minor)}"))


def first_charge(contribution: Contribution, value_minor: int,
                 received_on: date) -> tuple[list[Line], list[tuple[EmergencyAdvance, int]]]:
    """The lines that repay, from a receipt worth `value_minor` in the contribution's fund, what
    its operation owes the emergency fund on the day (oldest advance first), and how much each
    advance gets. The advances are locked: two receipts never repay the same debt twice."""
    if contribution.operation_id is None:
        return [], []
    owing = reads.operation_outstanding(contribution.operation_id, received_on)
    if not owing:
        return [], []
    if contribution.base_currency != USD:
        Problems().add("contribution", (
            f"{contribution.operation.reference} owes the emergency fund {USD}, and this "
            f"contribution's fund is in {contribution.base_currency}")).raise_if_any()
    list(EmergencyAdvance.objects.select_for_update().filter(pk__in=[a.pk for a, _o in owing]))
    owing = reads.operation_outstanding(contribution.operation_id, received_on)
    charges, left = [], value_minor
    for advance, owed in owing:
        repaid = min(owed, left)
        if repaid > 0:
            charges.append((advance, repaid))
            left -= repaid
    total = currencies.from_minor(sum(r for _a, r in charges), USD)
    if not total:
        return [], []
    fund, emergency = contribution.fund, reads.emergency_fund()
    bank = Account.objects.get(code=BANK)
    return [Line(fund, Account.objects.get(code=REIMBURSEMENTS), USD, total),
            Line(fund, bank, USD, -total),
            Line(emergency, bank, USD, total),
            Line(emergency, Account.objects.get(code=ADVANCES), USD, -total)], charges
