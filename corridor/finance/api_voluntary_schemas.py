"""Answers of the voluntary contributions API (api_voluntary.py): every amount a decimal
string with its currency named beside it."""

from __future__ import annotations

from datetime import date

from ninja import Field, Schema

# An amount above zero, as text (no float ever carries an amount): the one definition.


class DonorOut(Schema):
    id: int
    name: str
    kind: str
    iso3: str
    iati_ref: str


class AgreementOut(Schema):
    id: int
    donor_id: int
    reference: str
    title: str
    signed_on: date


class ContributionOut(Schema):
    id: int
    reference: str
    donor_id: int
    fund_id: int
    earmarking: int = Field(description="IATI EarmarkingCategory code")
    project_id: int | None
    operation_id: int | None
    requirement_id: int | None
    earmarked_for: str
    currency: str
    base_currency: str
    pledged_on: date
    pledged: str
    pledged_base: str
    agreement_id: int | None
    committed_on: date | None
    committed: str | None
    committed_base: str | None
    status: str = Field(description="pledged, committed, partly_paid or paid on the day")
    received: str = Field(description="In the base currency, from the ledger")
    reimbursed: str = Field(description="Repaid to the emergency fund, first charge")
    allocated: str
    funding: str = Field(description="Committed or received, the more; a pledge counts nothing")


class ReimbursementOut(Schema):
    advance_id: int
    amount: str


class ReceiptOut(Schema):
    id: int
    contribution_id: int
    received_on: date
    amount: str
    currency: str
    rate: str
    base_amount: str
    base_currency: str
    transaction_id: int
    repaid_to_emergency_fund: list[ReimbursementOut]


class AllocationOut(Schema):
    id: int
    contribution_id: int
    project_id: int
    decided_on: date
    reason: str
    amount: str
    currency: str
    project_amount: str
    project_currency: str
    reverses_id: int | None
    decided_by: str


class ReportLineOut(Schema):
    contribution: ContributionOut
    receipts: list[ReceiptOut]
    receipts_total: str
    difference: str = Field(description="The ledger's received less the receipts: 0 when "
                                        "reconciled")


class DonorReportOut(Schema):
    donor_id: int
    on: date
    reconciled: bool
    lines: list[ReportLineOut]


class SourceOut(Schema):
    donor_id: int | None = Field(description="None: the emergency revolving fund")
    donor: str
    kind: str
    reference: str
    earmarking: int | None
    amount: str


class ProjectFundingOut(Schema):
    project_id: int
    on: date
    currency: str
    budget: str
    received: str
    committed: str
    spent: str
    balance: str
    sources: list[SourceOut]


class AdvanceOut(Schema):
    id: int
    operation_id: int
    advanced_on: date
    amount: str
    repaid: str
    outstanding: str
    days: int
    overdue: bool
    transaction_id: int
    pledge_ids: list[int]


class PositionOut(Schema):
    on: date
    currency: str
    capital: str
    cash: str
    advanced: str
    cap_per_advance: str
    cap_total: str
    headroom: str
    advances: list[AdvanceOut]


class CapitalOut(Schema):
    transaction_id: int
    amount: str


class RowOut(Schema):
    label: str
    required: str
    funding: str
    received: str
    pledged: str = Field(description="Pledges not yet committed or paid: not counted")
    coverage: str | None = Field(description="Funding as a percentage of requirements")


class RequirementOut(Schema):
    id: int
    agency_id: int | None
    sector: str
    figures: RowOut


class AppealOut(Schema):
    id: int
    code: str
    title: str
    year: int
    on: date
    total: RowOut
    requirements: list[RequirementOut]
    by_agency: list[RowOut]
    by_sector: list[RowOut]
    by_donor: list[RowOut]


def donor(d) -> dict:
    return {"id": d.pk, "name": d.name, "kind": d.kind, "iso3": d.iso3, "iati_ref": d.iati_ref}


def agreement(a) -> dict:
    return {"id": a.pk, "donor_id": a.donor_id, "reference": a.reference, "title": a.title,
            "signed_on": a.signed_on}


def _text(value) -> str | None:
    return None if value is None else str(value)


def contribution(f) -> dict:
    c = f.contribution
    return {"id": c.pk, "reference": c.reference, "donor_id": c.donor_id, "fund_id": c.fund_id,
            "earmarking": c.earmarking, "project_id": c.project_id,
            "operation_id": c.operation_id, "requirement_id": c.requirement_id,
            "earmarked_for": c.earmarked_for, "currency": c.currency_id,
            "base_currency": c.base_currency, "pledged_on": c.pledged_on,
            "pledged": str(c.pledged), "pledged_base": str(c.pledged_base),
            "agreement_id": c.agreement_id, "committed_on": c.committed_on,
            "committed": _text(c.committed), "committed_base": _text(c.committed_base),
            "status": f.status, "received": str(f.received), "reimbursed": str(f.reimbursed),
            "allocated": str(f.allocated), "funding": str(f.funding)}


def receipt(r) -> dict:
    return {"id": r.pk, "contribution_id": r.contribution_id, "received_on": r.received_on,
            "amount": str(r.amount), "currency": r.currency_id, "rate": f"{r.rate.normalize():f}",
            "base_amount": str(r.base_amount), "base_currency": r.contribution.base_currency,
            "transaction_id": r.transaction_id,
            "repaid_to_emergency_fund": [{"advance_id": x.advance_id, "amount": str(x.amount)}
                                         for x in r.reimbursements.all()]}


def allocation(a) -> dict:
    return {"id": a.pk, "contribution_id": a.contribution_id, "project_id": a.project_id,
            "decided_on": a.decided_on, "reason": a.reason, "amount": str(a.amount),
            "currency": a.contribution.base_currency, "project_amount": str(a.project_amount),
            "project_currency": a.project.currency, "reverses_id": a.reverses_id,
            "decided_by": a.decided_by.username if a.decided_by_id else ""}


def report(found) -> dict:
    return {"donor_id": found.donor.pk, "on": found.on, "reconciled": found.reconciled,
            "lines": [{"contribution": contribution(line.figures),
                       "receipts": [receipt(r) for r in line.receipts],
                       "receipts_total": str(line.receipts_total),
                       "difference": str(line.difference)} for line in found.lines]}


def funding(f) -> dict:
    return {"project_id": f.project.pk, "on": f.on, "currency": f.currency,
            "budget": str(f.budget), "received": str(f.received), "committed": str(f.committed),
            "spent": str(f.spent), "balance": str(f.balance),
            "sources": [{"donor_id": x.donor.pk if x.donor else None,
                         "donor": x.donor.name if x.donor else "Emergency revolving fund",
                         "kind": x.kind, "reference": x.reference, "earmarking": x.earmarking,
                         "amount": str(x.amount)} for x in f.sources]}


def advance(line) -> dict:
    a = line.advance
    return {"id": a.pk, "operation_id": a.operation_id, "advanced_on": a.advanced_on,
            "amount": str(a.amount), "repaid": str(line.repaid),
            "outstanding": str(line.outstanding), "days": line.days, "overdue": line.overdue,
            "transaction_id": a.transaction_id,
            "pledge_ids": sorted(a.pledges.values_list("pk", flat=True))}


def position(p) -> dict:
    return {"on": p.on, "currency": "USD", "capital": str(p.capital), "cash": str(p.cash),
            "advanced": str(p.advanced), "cap_per_advance": str(p.cap_per_advance),
            "cap_total": str(p.cap_total), "headroom": str(p.headroom),
            "advances": [advance(line) for line in p.lines]}


def row(r) -> dict:
    return {"label": r.label, "required": str(r.required), "funding": str(r.funding),
            "received": str(r.received), "pledged": str(r.pledged),
            "coverage": _text(r.coverage)}


def appeal(found) -> dict:
    a = found.appeal
    return {"id": a.pk, "code": a.code, "title": a.title, "year": a.year, "on": found.on,
            "total": row(found.total),
            "requirements": [{"id": r.pk, "agency_id": r.agency_id, "sector": r.sector,
                              "figures": row(x)} for r, x in found.by_requirement],
            "by_agency": [row(x) for x in found.by_agency],
            "by_sector": [row(x) for x in found.by_sector],
            "by_donor": [row(x) for x in found.by_donor]}
