"""The emergency revolving fund: capital, caps, pledge evidence, the first charge taken in the
receipt's own transaction, overdue advances, the position at any date; and consolidated
appeals with their coverage and exports (ADR 0071)."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from corridor.core.errors import ValidationFailed
from corridor.finance.exports_appeals import appeal_csv, appeal_xlsx
from corridor.finance.models import Appeal, EmergencyAdvance, Reimbursement, Transaction
from corridor.finance.selectors import appeals as appeal_reads
from corridor.finance.selectors import emergency as reads
from corridor.finance.selectors import voluntary as vreads
from corridor.finance.selectors.projects import project_funding
from corridor.finance.services import appeals, emergency, voluntary
from corridor.finance.services.ledger import transaction_reverse
from corridor.finance.tests.conftest import days_ago

START, PLEDGED, ADVANCED, PAID = days_ago(500), days_ago(450), days_ago(420), days_ago(5)


@pytest.fixture
def capital(officer):
    return emergency.capital_record(actor=officer, amount=Decimal("3000000.00"),
                                    booked_on=START, description="Reserve transfer, Council")


def _pledge(officer, donors, operation, reference="ECHO-EVAC", amount="400000.00", **extra):
    return voluntary.contribution_pledge(
        actor=officer, donor=donors["ECHO"], reference=reference, earmarking=3,
        amount=Decimal(amount), currency="USD", pledged_on=PLEDGED, operation=operation, **extra)


def _fields(exc) -> set[str]:
    return {p["field"] for p in exc.value.problems}


def test_an_advance_is_repaid_as_a_first_charge_in_the_receipts_transaction(
        officer, donors, emergency_operation, capital):
    pledge = _pledge(officer, donors, emergency_operation)
    advance = emergency.advance_make(actor=officer, operation=emergency_operation,
                                     amount=Decimal("250000.00"), advanced_on=ADVANCED,
                                     reason="Airlift before ECHO's money arrives",
                                     pledges=[pledge])
    position = reads.position_at(ADVANCED)
    assert position.cash == Decimal("2750000.00") and position.advanced == Decimal("250000.00")
    assert position.capital == Decimal("3000000.00")
    # After 365 days unpaid, flagged.
    assert reads.position_at(ADVANCED + timedelta(days=365)).overdue == []
    assert [line.advance for line in reads.position_at(ADVANCED + timedelta(days=366)).overdue] == [advance]
    agreement = voluntary.agreement_create(actor=officer, donor=donors["ECHO"], reference="E-1",
                                           title="Evacuation", signed_on=PAID)
    voluntary.contribution_commit(actor=officer, contribution=pledge, agreement=agreement,
                                  committed_on=PAID)
    receipt = voluntary.receipt_record(actor=officer, contribution=pledge, received_on=PAID,
                                       amount=Decimal("300000.00"), currency="USD")
    repaid = Reimbursement.objects.get()
    assert repaid.receipt == receipt and repaid.amount == Decimal("250000.00")
    # One transaction: the money in, the first charge out of the contribution's fund, into the
    # emergency fund, its advance settled.
    codes = {(p.fund.code, p.account.code, p.base_minor) for p in receipt.transaction.postings.all()}
    assert ("EMERGENCY", "1300", -25000000) in codes
    assert ("VC-ECHO-EVAC", "5100", 25000000) in codes
    after = reads.position_at(PAID)
    assert after.advanced == 0 and after.cash == Decimal("3000000.00") and after.overdue == []
    funding = project_funding(emergency_operation.project, PAID)
    # The advance, then the contribution less what it repaid: what the operation had to spend.
    assert funding.received == Decimal("300000.00")
    assert vreads.figures(pledge, PAID).reimbursed == Decimal("250000.00")
    # The receipt reversed: the advance is owed again, and the fund as it was.
    transaction_reverse(actor=officer, reversed_txn=receipt.transaction, reason="Recalled")
    assert reads.position_at(PAID).advanced == Decimal("250000.00")
    assert reads.outstanding_minor(advance, PAID) == 25000000


def test_a_second_receipt_repays_what_the_first_did_not(officer, donors, emergency_operation,
                                                         capital):
    pledge = _pledge(officer, donors, emergency_operation)
    emergency.advance_make(actor=officer, operation=emergency_operation,
                           amount=Decimal("250000.00"), advanced_on=ADVANCED, reason="Airlift",
                           pledges=[pledge])
    agreement = voluntary.agreement_create(actor=officer, donor=donors["ECHO"], reference="E-1",
                                           title="Evacuation", signed_on=PAID)
    voluntary.contribution_commit(actor=officer, contribution=pledge, agreement=agreement,
                                  committed_on=PAID)
    for amount in ("100000.00", "200000.00"):
        voluntary.receipt_record(actor=officer, contribution=pledge, received_on=PAID,
                                 amount=Decimal(amount), currency="USD")
    assert [r.amount for r in Reimbursement.objects.order_by("id")] == [Decimal("100000.00"),
                                                                       Decimal("150000.00")]
    assert reads.position_at(PAID).advanced == 0


@override_settings(FINANCE_EMERGENCY_ADVANCE_CAP=300_000, FINANCE_EMERGENCY_TOTAL_CAP=400_000)
def test_advances_over_a_cap_or_without_pledge_evidence_are_refused(officer, donors,
                                                                    emergency_operation,
                                                                    capital):
    pledge = _pledge(officer, donors, emergency_operation, amount="600000.00")

    def advance(amount, pledges=(pledge,)):
        return emergency.advance_make(actor=officer, operation=emergency_operation,
                                      amount=Decimal(amount), advanced_on=ADVANCED,
                                      reason="Airlift", pledges=list(pledges))

    for amount, field in (("300000.01", "amount"), ("0", "amount"), ("-1", "amount")):
        with pytest.raises(ValidationFailed) as exc:
            advance(amount)
        assert field in _fields(exc)
    with pytest.raises(ValidationFailed) as exc:
        advance("100.00", pledges=())
    assert _fields(exc) == {"pledges"}
    advance("300000.00")
    with pytest.raises(ValidationFailed) as exc:  # 300,000 + 100,000.01 > the total cap
        advance("100000.01")
    assert _fields(exc) == {"amount"}
    small = _pledge(officer, donors, emergency_operation, reference="FDN-EVAC",
                    amount="50000.00")
    with pytest.raises(ValidationFailed) as exc:  # evidence: 50,000, owed 300,000 + 100
        advance("100.00", pledges=[small])
    assert _fields(exc) == {"pledges"}
    assert EmergencyAdvance.objects.count() == 1
    assert Transaction.objects.filter(kind="advance").count() == 1


def test_an_advance_beyond_the_funds_cash_is_refused(officer, donors, emergency_operation):
    pledge = _pledge(officer, donors, emergency_operation)
    with pytest.raises(ValidationFailed) as exc:
        emergency.advance_make(actor=officer, operation=emergency_operation,
                               amount=Decimal("100.00"), advanced_on=ADVANCED, reason="x",
                               pledges=[pledge])
    assert _fields(exc) == {"amount"}


def test_an_appeals_coverage_counts_funding_never_pledges(officer, donors,
                                                           partner_agency):
    appeal = appeals.appeal_create(actor=officer, code="HRP-LBY", title="Libya Humanitarian "
                                   "Response Plan", year=PAID.year, launched_on=PLEDGED)
    ours = appeals.requirement_add(actor=officer, appeal=appeal, sector="transport",
                                   amount=Decimal("2000000.00"))
    theirs = appeals.requirement_add(actor=officer, appeal=appeal, sector="protection",
                                     amount=Decimal("1000000.00"), agency=partner_agency)
    with pytest.raises(ValidationFailed) as exc:
        appeals.requirement_add(actor=officer, appeal=appeal, sector="transport",
                                amount=Decimal("1.00"))
    assert _fields(exc) == {"sector"}
    paid = voluntary.contribution_pledge(actor=officer, donor=donors["NOR"], reference="N-HRP",
                                         earmarking=2, amount=Decimal("500000.00"),
                                         currency="USD", pledged_on=PLEDGED, requirement=ours)
    agreement = voluntary.agreement_create(actor=officer, donor=donors["NOR"], reference="N-A",
                                           title="HRP", signed_on=PAID)
    voluntary.contribution_commit(actor=officer, contribution=paid, agreement=agreement,
                                  committed_on=PAID)
    voluntary.receipt_record(actor=officer, contribution=paid, received_on=PAID,
                             amount=Decimal("200000.00"), currency="USD")
    voluntary.contribution_pledge(actor=officer, donor=donors["ECHO"], reference="E-HRP",
                                  earmarking=2, amount=Decimal("250000.00"), currency="USD",
                                  pledged_on=PLEDGED, requirement=theirs)
    found = appeal_reads.summary(appeal, PAID)
    assert (found.total.required, found.total.funding, found.total.received) == (
        Decimal("3000000.00"), Decimal("500000.00"), Decimal("200000.00"))
    assert found.total.pledged == Decimal("250000.00") and found.total.coverage == Decimal("16.7")
    by_agency = {row.label: row.coverage for row in found.by_agency}
    assert by_agency == {"This organisation": Decimal("25.0"), "ICRC": Decimal("0.0")}
    assert [(row.label, row.funding) for row in found.by_donor] == [
        ("European Commission (ECHO)", 0), ("Norway", Decimal("500000.00"))]
    rows = list(csv.reader(io.StringIO(appeal_csv(found).decode("utf-8-sig"))))
    assert rows[0][0] == "Breakdown" and rows[-1][:4] == ["Total", "Total", "3000000.00",
                                                          "500000.00"]
    sheet = load_workbook(io.BytesIO(appeal_xlsx(found))).active
    assert sheet.cell(row=sheet.max_row, column=4).value == 500000


@pytest.fixture
def partner_agency(db):
    from corridor.partners.models import Partner, PartnerKind

    return Partner.objects.create(name="International Committee of the Red Cross",
                                  acronym="ICRC", kind=PartnerKind.RED_CROSS)


PROPERTY = settings(max_examples=25, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])


@PROPERTY
@given(st.lists(st.tuples(st.integers(min_value=1, max_value=10**9),
                          st.sampled_from(["pledge", "pledge_to_appeal"])), max_size=4))
def test_a_pledge_never_changes_a_funding_total(officer, donors, emergency_operation, capital,
                                                partner_agency, pledges):
    appeal = appeals.appeal_create(actor=officer, code=f"A-{Appeal.objects.count()}",
                                   title="Appeal", year=PAID.year, launched_on=PLEDGED)
    requirement = appeals.requirement_add(actor=officer, appeal=appeal, sector="shelter",
                                          amount=Decimal("1000000.00"))
    project = emergency_operation.project

    def totals():
        return (project_funding(project, PAID).received,
                appeal_reads.summary(appeal, PAID).total.funding,
                sum((vreads.funding_minor(c, PAID) for c in donors["NOR"].contributions.all()),
                    0), reads.position_at(PAID).advanced)

    before = totals()
    for i, (cents, where) in enumerate(pledges):
        voluntary.contribution_pledge(
            actor=officer, donor=donors["NOR"], reference=f"P-{appeal.pk}-{i}",
            earmarking=3 if where == "pledge" else 2, amount=Decimal(cents) / 100,
            currency="USD", pledged_on=PLEDGED,
            operation=emergency_operation if where == "pledge" else None,
            requirement=requirement if where != "pledge" else None,
            earmarked_for="" if where == "pledge" else "Shelter")
    assert totals() == before
