"""Voluntary contributions: a donor's contribution from pledge to commitment to money received
in two currencies, the pledge never counted; unearmarked money allocated to projects; a
project's funding against its spending (assistance items and fares); refusals that write
nothing; reversals that restore every figure (ADR 0071)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corridor.cases.models import AssistanceItem, Case
from corridor.core.errors import ValidationFailed
from corridor.finance.models import Contribution, Fund, Posting, Receipt, Transaction
from corridor.finance.selectors import voluntary as reads
from corridor.finance.selectors.projects import project_funding
from corridor.finance.services import voluntary
from corridor.finance.services.ledger import transaction_reverse
from corridor.finance.tests.conftest import days_ago, record_rate
from corridor.movements.models import Booking, Leg
from corridor.registry.tests.factories import PersonFactory

PLEDGED, SIGNED, PAID_1, PAID_2 = days_ago(60), days_ago(40), days_ago(20), days_ago(10)


@pytest.fixture
def rates(officer):
    for day in (PLEDGED, SIGNED, PAID_1, PAID_2):
        record_rate(officer, "NOK", "USD", day, "0.0952")
        record_rate(officer, "EUR", "USD", day, "1.0850")
        record_rate(officer, "USD", "EUR", day, "0.9217")


def _fields(exc) -> set[str]:
    return {p["field"] for p in exc.value.problems}


def earmarked(officer, donors, project, **extra) -> Contribution:
    return voluntary.contribution_pledge(
        actor=officer, donor=donors["NOR"], reference="NOR-2026-01", earmarking=3,
        amount=Decimal("1000000.00"), currency="NOK", pledged_on=PLEDGED, project=project,
        **extra)


def test_a_contribution_from_pledge_to_payment_in_two_currencies(officer, donors, usd_project,
                                                                  rates):
    contribution = earmarked(officer, donors, usd_project)
    assert contribution.fund.code == "VC-NOR-2026-01" and contribution.base_currency == "USD"
    assert contribution.pledged_base == Decimal("95200.00")
    # A pledge is shown, never counted: nothing in the ledger, no funding.
    assert not Posting.objects.filter(fund=contribution.fund).exists()
    shown = reads.figures(contribution, PAID_2)
    assert shown.status == "pledged" and shown.funding == 0 and shown.received == 0
    assert project_funding(usd_project, PAID_2).received == 0

    agreement = voluntary.agreement_create(actor=officer, donor=donors["NOR"],
                                           reference="NOR-AGR-17", title="AVRR Jordan",
                                           signed_on=SIGNED)
    voluntary.contribution_commit(actor=officer, contribution=contribution, agreement=agreement,
                                  committed_on=SIGNED)
    assert reads.figures(contribution, PAID_2).funding == Decimal("95200.00")

    first = voluntary.receipt_record(actor=officer, contribution=contribution,
                                     received_on=PAID_1, amount=Decimal("500000.00"),
                                     currency="NOK", reference="BNP 4471")
    second = voluntary.receipt_record(actor=officer, contribution=contribution,
                                      received_on=PAID_2, amount=Decimal("40000.00"),
                                      currency="EUR")
    assert (first.base_minor, second.base_minor) == (4760000, 4340000)
    shown = reads.figures(contribution, PAID_2)
    assert shown.status == "partly_paid" and shown.received == Decimal("91000.00")
    assert shown.funding == Decimal("95200.00")  # committed is still more than received
    assert reads.figures(contribution, PAID_1).received == Decimal("47600.00")
    # The bank holds each currency as received; the fund balances in dollars.
    txn = first.transaction
    assert {(p.account.code, p.currency_id, p.amount_minor) for p in txn.postings.all()} == {
        ("1000", "NOK", 50000000), ("1900", "NOK", -50000000), ("1900", "USD", 4760000),
        ("4100", "USD", -4760000)}
    funding = project_funding(usd_project, PAID_2)
    assert funding.received == Decimal("91000.00") and funding.donors == [donors["NOR"]]
    report = reads.donor_report(donors["NOR"], PAID_2)
    assert report.reconciled and report.lines[0].receipts_total == Decimal("91000.00")

    # A receipt reversed later: the figures of a day before the reversal still count it, and
    # the donor's report of that day still reconciles (the ledger held it then).
    transaction_reverse(actor=officer, reversed_txn=second.transaction, reason="Bounced",
                        booked_on=days_ago(2))
    assert reads.figures(contribution, PAID_2).received == Decimal("91000.00")
    assert reads.donor_report(donors["NOR"], PAID_2).reconciled
    # From the reversal's day on, every figure returns to what it was.
    after = days_ago(1)
    assert reads.figures(contribution, after).received == Decimal("47600.00")
    assert project_funding(usd_project, after).received == Decimal("47600.00")
    assert reads.donor_report(donors["NOR"], after).reconciled


def test_the_earmarking_levels_name_what_they_need(officer, donors, usd_project, rates):
    def pledge(reference, level, **extra):
        return voluntary.contribution_pledge(
            actor=officer, donor=donors["ECHO"], reference=reference, earmarking=level,
            amount=Decimal("1000.00"), currency="EUR", pledged_on=PLEDGED, **extra)

    with pytest.raises(ValidationFailed) as exc:
        pledge("X-1", 1, project=usd_project)
    assert _fields(exc) == {"project"}
    with pytest.raises(ValidationFailed) as exc:
        pledge("X-2", 2)
    assert _fields(exc) == {"earmarked_for"}
    with pytest.raises(ValidationFailed) as exc:
        pledge("X-3", 3)
    assert _fields(exc) == {"project"}
    with pytest.raises(ValidationFailed) as exc:
        pledge("X-4", 4, project=usd_project)
    assert _fields(exc) == {"earmarked_for"}
    with pytest.raises(ValidationFailed) as exc:
        pledge("X-5", 5)
    assert _fields(exc) == {"earmarking"}
    assert not Contribution.objects.exists() and not Fund.objects.filter(code__startswith="VC-")
    assert pledge("X-6", 2, earmarked_for="Sahel region").earmarking == 2
    assert pledge("X-7", 4, project=usd_project, earmarked_for="Reintegration grants").fund


@pytest.mark.parametrize(("amount", "currency", "field"), [
    (Decimal("0"), "NOK", "amount"), (Decimal("-5"), "NOK", "amount"),
    (Decimal("10"), "XYZ", "currency"), (Decimal("10"), "JPY", "currency"),  # no JPY rate
    (Decimal("10.001"), "NOK", "amount"),
    (Decimal("0.01"), "NOK", "amount"),  # worth less than a cent
])
def test_bad_receipts_are_refused_naming_the_field_and_write_nothing(
        officer, donors, usd_project, rates, amount, currency, field):
    contribution = earmarked(officer, donors, usd_project)
    agreement = voluntary.agreement_create(actor=officer, donor=donors["NOR"], reference="A-1",
                                           title="AVRR", signed_on=SIGNED)
    voluntary.contribution_commit(actor=officer, contribution=contribution, agreement=agreement,
                                  committed_on=SIGNED)
    before = Transaction.objects.count()
    with pytest.raises(ValidationFailed) as exc:
        voluntary.receipt_record(actor=officer, contribution=contribution, received_on=PAID_1,
                                 amount=amount, currency=currency)
    assert field in _fields(exc)
    assert Transaction.objects.count() == before and not Receipt.objects.exists()


def test_a_pledge_is_not_paid_before_it_is_signed(officer, donors, usd_project, rates):
    contribution = earmarked(officer, donors, usd_project)
    with pytest.raises(ValidationFailed) as exc:
        voluntary.receipt_record(actor=officer, contribution=contribution, received_on=PAID_1,
                                 amount=Decimal("10.00"), currency="NOK")
    assert _fields(exc) == {"contribution"}
    with pytest.raises(ValidationFailed) as exc:  # no rate that day
        voluntary.contribution_pledge(actor=officer, donor=donors["NOR"], reference="N-2",
                                      earmarking=1, amount=Decimal("5.00"), currency="NOK",
                                      pledged_on=days_ago(3))
    assert _fields(exc) == {"currency"}


def _unearmarked(officer, donors, amount="100000.00"):
    contribution = voluntary.contribution_pledge(
        actor=officer, donor=donors["FDN"], reference="FDN-CORE", earmarking=1,
        amount=Decimal(amount), currency="USD", pledged_on=PLEDGED)
    agreement = voluntary.agreement_create(actor=officer, donor=donors["FDN"], reference="FDN-A",
                                           title="Core support", signed_on=SIGNED)
    voluntary.contribution_commit(actor=officer, contribution=contribution, agreement=agreement,
                                  committed_on=SIGNED)
    voluntary.receipt_record(actor=officer, contribution=contribution, received_on=PAID_1,
                             amount=Decimal(amount), currency="USD")
    return contribution


def test_unearmarked_money_is_allocated_by_a_recorded_decision_never_beyond_it(
        officer, donors, usd_project, eur_project, rates):
    core = _unearmarked(officer, donors)
    first = voluntary.allocation_decide(actor=officer, contribution=core, project=usd_project,
                                        amount=Decimal("60000.00"), decided_on=PAID_2,
                                        reason="Caseload up by a third in Jordan")
    assert first.decided_by == officer and first.reason.startswith("Caseload")
    with pytest.raises(ValidationFailed) as exc:
        voluntary.allocation_decide(actor=officer, contribution=core, project=eur_project,
                                    amount=Decimal("40000.01"), decided_on=PAID_2,
                                    reason="Diaspora programme")
    assert _fields(exc) == {"amount"}
    to_eur = voluntary.allocation_decide(actor=officer, contribution=core, project=eur_project,
                                         amount=Decimal("40000.00"), decided_on=PAID_2,
                                         reason="Diaspora programme")
    assert to_eur.project_amount == Decimal("36868.00")  # at the day's USD→EUR rate
    assert reads.unallocated(core, PAID_2) == 0
    assert project_funding(eur_project, PAID_2).received == Decimal("36868.00")
    assert project_funding(usd_project, PAID_2).sources[0].kind == "allocation"
    # Taken back by a reversal, never edited: the money is free again.
    voluntary.allocation_reverse(actor=officer, allocation=first, reason="Project suspended",
                                 decided_on=PAID_2)
    assert reads.unallocated(core, PAID_2) == 6000000
    assert project_funding(usd_project, PAID_2).received == 0
    with pytest.raises(ValidationFailed) as exc:
        voluntary.allocation_reverse(actor=officer, allocation=first, reason="again",
                                     decided_on=PAID_2)
    assert _fields(exc) == {"allocation"}


def test_earmarked_money_is_not_allocated(officer, donors, usd_project, eur_project, rates):
    contribution = earmarked(officer, donors, usd_project)
    with pytest.raises(ValidationFailed) as exc:
        voluntary.allocation_decide(actor=officer, contribution=contribution,
                                    project=eur_project, amount=Decimal("1.00"),
                                    decided_on=PAID_2, reason="x")
    assert "contribution" in _fields(exc)


def test_a_projects_spending_comes_from_assistance_items_and_fares(officer, org, donors,
                                                                   usd_project,
                                                                   emergency_operation, rates):
    _unearmarked(officer, donors)
    voluntary.allocation_decide(actor=officer, contribution=Contribution.objects.get(),
                                project=usd_project, amount=Decimal("10000.00"),
                                decided_on=PAID_2, reason="Start-up")
    person = PersonFactory(office=org.country_a)
    case = Case.objects.create(reference="C-1", office=org.country_a, project=usd_project,
                               kind="voluntary_return", person=person)
    AssistanceItem.objects.create(case=case, kind="reintegration_grant", planned_cost="1500.00")
    AssistanceItem.objects.create(case=case, kind="medical", planned_cost="400.00",
                                  status="delivered", actual_cost="380.00", delivered_on=PAID_2)
    AssistanceItem.objects.create(case=case, kind="shelter", planned_cost="99.00",
                                  status="cancelled")
    leg = Leg.objects.create(operation=emergency_operation, carrier="RJ", origin="AMM",
                             destination="KBL", departure="2026-01-01T08:00Z",
                             departure_zone="Asia/Amman", arrival="2026-01-01T14:00Z",
                             arrival_zone="Asia/Kabul", seats=9, fare="350.00")
    for state in ("booked", "arrived", "proposed", "cancelled"):
        Booking.objects.create(leg=leg, person=PersonFactory(office=org.country_a),
                               state=state, fare="350.00")
    today = days_ago(0)
    funding = project_funding(usd_project, today)
    assert (funding.committed, funding.spent) == (Decimal("1850.00"), Decimal("730.00"))
    assert funding.received == Decimal("10000.00")
    assert funding.balance == Decimal("7420.00") and funding.budget == Decimal("250000.00")
    # Yesterday nothing of this was recorded yet, and the allocation was not decided.
    before = project_funding(usd_project, days_ago(11))
    assert (before.committed, before.spent, before.received) == (0, 0, 0)


@settings(max_examples=20, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.integers(min_value=100, max_value=10**10),
                          st.sampled_from(["NOK", "EUR", "USD"])), min_size=1, max_size=4))
def test_reversing_receipts_restores_every_figure(officer, donors, usd_project, rates, paid):
    from corridor.finance.models import Agreement

    n = Contribution.objects.count()
    contribution = voluntary.contribution_pledge(
        actor=officer, donor=donors["NOR"], reference=f"R-{n}", earmarking=3,
        amount=Decimal("1.00"), currency="USD", pledged_on=PLEDGED, project=usd_project)
    agreement = Agreement.objects.create(donor=donors["NOR"], reference=f"RA-{n}", title="x",
                                         signed_on=SIGNED)
    voluntary.contribution_commit(actor=officer, contribution=contribution, agreement=agreement,
                                  committed_on=SIGNED)
    before = (project_funding(usd_project, PAID_2).received,
              reads.figures(contribution, PAID_2).received)
    receipts = [voluntary.receipt_record(actor=officer, contribution=contribution,
                                         received_on=PAID_1, amount=Decimal(cents) / 100,
                                         currency=code) for cents, code in paid]
    assert reads.figures(contribution, PAID_2).received == sum(r.base_amount for r in receipts)
    for receipt in receipts:
        transaction_reverse(actor=officer, reversed_txn=receipt.transaction, reason="Recalled",
                            booked_on=PAID_2)
    assert (project_funding(usd_project, PAID_2).received,
            reads.figures(contribution, PAID_2).received) == before
    assert reads.donor_report(donors["NOR"], PAID_2).reconciled


def test_a_projects_receipts_for_the_iati_export(officer, donors, usd_project, rates):
    from corridor.finance.selectors.projects import project_receipts

    contribution = earmarked(officer, donors, usd_project)
    assert project_receipts([usd_project.pk], on=PAID_2) == {}  # a pledge is never one
    agreement = voluntary.agreement_create(actor=officer, donor=donors["NOR"], reference="A-9",
                                           title="AVRR", signed_on=SIGNED)
    voluntary.contribution_commit(actor=officer, contribution=contribution, agreement=agreement,
                                  committed_on=SIGNED)
    kept = voluntary.receipt_record(actor=officer, contribution=contribution, received_on=PAID_1,
                                    amount=Decimal("1000.00"), currency="NOK")
    gone = voluntary.receipt_record(actor=officer, contribution=contribution, received_on=PAID_2,
                                    amount=Decimal("50.00"), currency="EUR")
    transaction_reverse(actor=officer, reversed_txn=gone.transaction, reason="Recalled")
    [found] = project_receipts([usd_project.pk], on=PAID_2)[usd_project.pk]
    assert (found.amount, found.currency, found.donor_ref, found.donor_type, found.earmarking) \
        == (Decimal("1000.00"), "NOK", "XM-DAC-8", "10", "3")
    assert found.reference == f"NOR-2026-01-{kept.pk}"
