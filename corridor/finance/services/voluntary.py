"""Voluntary contributions: donors, agreements, a contribution from pledge to commitment to the
money received, and allocations of unearmarked money to projects (ADR 0071).

A contribution is a fund of its own (`VC-<reference>`), in the currency of the project it is
earmarked to, else in US dollars. Only a receipt is posted to the ledger: bank debited in the
currency received, voluntary income credited in the fund's base at the day's rate (through the
exchange clearing account when they differ), and, in the same transaction, the first charge of
any emergency advance the contribution's operation still owes (services.emergency)."""

from __future__ import annotations

from datetime import date

import pycountry
from django.db import transaction

from corridor.core.audit import audit_record
from corridor.core.models import AuditAction
from corridor.finance import currencies
from corridor.finance.chart import VOLUNTARY_INCOME
from corridor.finance.conversion import balanced_base, missing_rate_message, rate_for
from corridor.finance.models import (
    ALLOCATABLE,
    Account,
    Agreement,
    Allocation,
    AppealRequirement,
    Contribution,
    Donor,
    DonorKind,
    Earmarking,
    Fund,
    FundKind,
    Receipt,
    TransactionKind,
)
from corridor.finance.policies import require_edit
from corridor.finance.problems import Problems
from corridor.finance.selectors.voluntary import unallocated
from corridor.finance.services.emergency import first_charge
from corridor.finance.services.ledger import Line, _user, transaction_post
from corridor.finance.services.money import positive_minor, to_bank, valued

OPERATIONS_BASE = "USD"
MAX_REFERENCE = 26  # the fund's code is "VC-" and the reference, in 30 characters


def donor_create(*, actor, name: str, kind: str, iso3: str = "", iati_ref: str = "") -> Donor:
    require_edit(actor)
    problems = Problems()
    code = (iso3 or "").strip().upper()
    if not (name or "").strip():
        problems.add("name", "name the donor")
    elif Donor.objects.filter(name__iexact=name.strip()).exists():
        problems.add("name", f"{name.strip()!r} is already a donor")
    if kind not in DonorKind.values:
        problems.add("kind", f"is one of {', '.join(DonorKind.values)}")
    if kind == DonorKind.GOVERNMENT and (len(code) != 3
                                        or pycountry.countries.get(alpha_3=code) is None):
        problems.add("iso3", f"a government donor needs its country's ISO 3166-1 alpha-3 code; "
                             f"{iso3!r} is not one")
    elif kind != DonorKind.GOVERNMENT and code:
        problems.add("iso3", "only a government donor has a country code")
    problems.raise_if_any()
    with transaction.atomic():
        donor = Donor.objects.create(name=name.strip(), kind=kind, iso3=code,
                                     iati_ref=(iati_ref or "").strip()[:100])
        audit_record(actor=actor, action=AuditAction.CREATE, obj=donor,
                     summary=f"Donor {donor.name}")
    return donor


def agreement_create(*, actor, donor: Donor, reference: str, title: str,
                     signed_on: date) -> Agreement:
    require_edit(actor)
    problems = Problems()
    reference = (reference or "").strip()
    if not reference:
        problems.add("reference", "give the agreement's reference")
    elif Agreement.objects.filter(reference=reference).exists():
        problems.add("reference", f"agreement {reference} is already recorded")
    if not (title or "").strip():
        problems.add("title", "give the agreement's title")
    problems.raise_if_any()
    with transaction.atomic():
        agreement = Agreement.objects.create(donor=donor, reference=reference[:60],
                                             title=title.strip()[:200], signed_on=signed_on,
                                             created_by=_user(actor))
        audit_record(actor=actor, action=AuditAction.CREATE, obj=agreement,
                     summary=f"Agreement {reference} with {donor.name}")
    return agreement


def contribution_pledge(*, actor, donor: Donor, reference: str, earmarking: int, amount,
                        currency: str, pledged_on: date, project=None, operation=None,
                        requirement: AppealRequirement | None = None,
                        earmarked_for: str = "") -> Contribution:
    """Record a pledge: shown from now on, counted as funding only once committed or received.
    Its fund is created with it (no entry until money arrives)."""
    require_edit(actor)
    problems = Problems()
    reference = (reference or "").strip()
    code = (currency or "").strip().upper()
    earmarked_for = (earmarked_for or "").strip()
    if not reference or len(reference) > MAX_REFERENCE:
        problems.add("reference", f"give a reference of 1 to {MAX_REFERENCE} characters")
    elif Contribution.objects.filter(reference=reference).exists():
        problems.add("reference", f"contribution {reference} is already recorded")
    if operation is not None:
        if project is not None and project.pk != operation.project_id:
            problems.add("project", f"operation {operation.reference} belongs to project "
                                    f"{operation.project.code}")
        project = operation.project
    if earmarking not in Earmarking.values:
        problems.add("earmarking", "is 1 (unearmarked), 2 (softly earmarked), 3 (earmarked) "
                                   "or 4 (tightly earmarked)")
    elif earmarking in ALLOCATABLE and project is not None:
        problems.add("project", "money given for a project or an operation is earmarked "
                                "(level 3 or 4)")
    elif earmarking == Earmarking.SOFTLY_EARMARKED and not (earmarked_for or requirement):
        problems.add("earmarked_for", "say what it is softly earmarked for (a region, a theme, "
                                      "an appeal)")
    elif earmarking >= Earmarking.EARMARKED and project is None:
        problems.add("project", "an earmarked contribution names its project or operation")
    elif earmarking == Earmarking.TIGHTLY_EARMARKED and not earmarked_for:
        problems.add("earmarked_for", "name the activities or budget lines it is tied to")
    base = project.currency.upper() if project is not None else OPERATIONS_BASE
    if requirement is not None and base != OPERATIONS_BASE:
        problems.add("requirement", f"appeals are in {OPERATIONS_BASE}; this contribution's "
                                    f"project is in {base}")
    found = valued(amount, code, base, pledged_on, "amount", problems)
    problems.raise_if_any()
    minor, _rate, base_minor = found
    with transaction.atomic():
        fund = Fund.objects.create(code=f"VC-{reference}", kind=FundKind.VOLUNTARY,
                                   name=f"{donor.name} — {reference}"[:200], base_currency_id=base)
        contribution = Contribution.objects.create(
            donor=donor, reference=reference, fund=fund, earmarking=earmarking, project=project,
            operation=operation, requirement=requirement, earmarked_for=earmarked_for[:200],
            currency_id=code, pledged_on=pledged_on, pledged_minor=minor,
            pledged_base_minor=base_minor, created_by=_user(actor))
        audit_record(actor=actor, action=AuditAction.CREATE, obj=contribution,
                     summary=f"Pledge {reference} by {donor.name}",
                     changes={"amount": str(currencies.from_minor(minor, code)), "currency": code,
                              "earmarking": earmarking})
    return contribution


def contribution_commit(*, actor, contribution: Contribution, agreement: Agreement,
                        committed_on: date, amount=None) -> Contribution:
    """The signed agreement makes the pledge a commitment, for the pledged amount unless the
    agreement says another (in the pledge's currency, valued at the day's rate)."""
    require_edit(actor)
    problems = Problems()
    if contribution.agreement_id is not None:
        problems.add("agreement", f"{contribution.reference} is already committed under "
                                  f"{contribution.agreement.reference}")
    if agreement.donor_id != contribution.donor_id:
        problems.add("agreement", f"agreement {agreement.reference} is with "
                                  f"{agreement.donor.name}, not {contribution.donor.name}")
    if committed_on < contribution.pledged_on:
        problems.add("committed_on", "a commitment is not dated before its pledge")
    amount = contribution.pledged if amount in (None, "") else amount
    found = valued(amount, contribution.currency_id, contribution.base_currency, committed_on,
                     "amount", problems)
    problems.raise_if_any()
    minor, _rate, base_minor = found
    with transaction.atomic():
        Contribution.objects.filter(pk=contribution.pk).update(
            agreement=agreement, committed_on=committed_on, committed_minor=minor,
            committed_base_minor=base_minor)
        contribution.refresh_from_db()
        audit_record(actor=actor, action=AuditAction.UPDATE, obj=contribution,
                     summary=f"Commitment of {contribution.reference} ({agreement.reference})",
                     changes={"amount": str(contribution.committed),
                              "committed_on": committed_on.isoformat()})
    return contribution


def receipt_record(*, actor, contribution: Contribution, received_on: date, amount,
                   currency: str, reference: str = "") -> Receipt:
    """Money received on a committed contribution, in any currency, at the day's rate. A
    contribution to an operation that owes the emergency fund repays it first, in the same
    transaction."""
    require_edit(actor)
    problems = Problems()
    code = (currency or "").strip().upper()
    base = contribution.base_currency
    if contribution.agreement_id is None:
        problems.add("contribution", f"{contribution.reference} is a pledge: record the signed "
                                     "agreement (the commitment) before the money received")
    elif received_on < contribution.committed_on:
        problems.add("received_on", "money is not received before the commitment's date")
    found = valued(amount, code, base, received_on, "amount", problems)
    problems.raise_if_any()
    minor, rate, value = found
    with transaction.atomic():
        # One receipt of a contribution at a time: the second sees what the first repaid.
        Contribution.objects.select_for_update().filter(pk=contribution.pk).first()
        fund = contribution.fund
        income = Account.objects.get(code=VOLUNTARY_INCOME)
        lines = [*to_bank(fund, code, minor, value),
                 Line(fund, income, base, -currencies.from_minor(value, base))]
        charge_lines, charges = first_charge(contribution, value, received_on)
        txn = transaction_post(actor=actor, booked_on=received_on, kind=TransactionKind.RECEIPT,
                               description=f"{contribution.donor.name}: {contribution.reference}"
                                           + (f" ({reference})" if reference else ""),
                               lines=lines + charge_lines)
        receipt = Receipt.objects.create(
            contribution=contribution, received_on=received_on, currency_id=code,
            amount_minor=minor, rate=rate, base_minor=value, reference=(reference or "")[:100],
            transaction=txn)
        for advance, repaid in charges:
            receipt.reimbursements.create(advance=advance, amount_minor=repaid)
        audit_record(actor=actor, action=AuditAction.CREATE, obj=receipt,
                     summary=f"Receipt on {contribution.reference}",
                     changes={"amount": str(currencies.from_minor(minor, code)), "currency": code,
                              "transaction": txn.pk,
                              "repaid_to_emergency_fund": str(currencies.from_minor(
                                  sum(r for _a, r in charges), base))})
    return receipt


def allocation_decide(*, actor, contribution: Contribution, project, amount, decided_on: date,
                      reason: str) -> Allocation:
    """Give a project money from an unearmarked or softly earmarked contribution, never more
    than it has received and not yet allocated, valued in the project's currency that day."""
    require_edit(actor)
    problems = Problems()
    base = contribution.base_currency
    if contribution.earmarking not in ALLOCATABLE:
        problems.add("contribution", f"{contribution.reference} is earmarked by its donor: the "
                                     "organisation does not allocate it")
    if not (reason or "").strip():
        problems.add("reason", "say why the project gets the money")
    minor = positive_minor(amount, base, "amount", problems)
    target = project.currency.upper()
    found = rate_for(base, target, decided_on)
    if found is None:
        problems.add("decided_on", missing_rate_message(base, target, decided_on))
    problems.raise_if_any()
    with transaction.atomic():
        Contribution.objects.select_for_update().filter(pk=contribution.pk).first()
        free = unallocated(contribution, on=decided_on)
        if minor > free:
            Problems().add("amount", (
                f"{currencies.from_minor(minor, base)} {base} is more than the "
                f"{currencies.from_minor(free, base)} {base} of {contribution.reference} "
                f"received and not allocated on {decided_on.isoformat()}")).raise_if_any()
        value = balanced_base([minor, -minor], base, target, found.rate)[0]
        if value == 0:
            Problems().add("amount", f"is worth less than one minor unit of {target} at the "
                                     "day's rate").raise_if_any()
        allocation = Allocation.objects.create(
            contribution=contribution, project=project, decided_on=decided_on,
            reason=reason.strip()[:300], amount_minor=minor, rate=found.rate,
            project_minor=value, decided_by=_user(actor))
        audit_record(actor=actor, action=AuditAction.CREATE, obj=allocation,
                     summary=f"Allocation of {contribution.reference} to {project.code}",
                     changes={"amount": str(allocation.amount), "reason": allocation.reason})
    return allocation


def allocation_reverse(*, actor, allocation: Allocation, reason: str,
                       decided_on: date) -> Allocation:
    """Take an allocation back: a negative allocation that names it (never an edit)."""
    require_edit(actor)
    problems = Problems()
    if not (reason or "").strip():
        problems.add("reason", "say why the allocation is taken back")
    if allocation.reverses_id is not None:
        problems.add("allocation", "a reversal is not reversed again: allocate anew")
    if Allocation.objects.filter(reverses=allocation).exists():
        problems.add("allocation", f"allocation {allocation.pk} is already taken back")
    if decided_on < allocation.decided_on:
        problems.add("decided_on", "a reversal is not dated before the allocation")
    problems.raise_if_any()
    with transaction.atomic():
        reversal = Allocation.objects.create(
            contribution=allocation.contribution, project=allocation.project,
            decided_on=decided_on, reason=reason.strip()[:300],
            amount_minor=-allocation.amount_minor, rate=allocation.rate,
            project_minor=-allocation.project_minor, reverses=allocation,
            decided_by=_user(actor))
        audit_record(actor=actor, action=AuditAction.CREATE, obj=reversal,
                     summary=f"Allocation {allocation.pk} taken back",
                     changes={"reason": reversal.reason})
    return reversal
