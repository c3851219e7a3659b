"""Assessed contributions: the scale from a UN scale, assessments posted to the ledger, payments
in any currency (partial, over), statements, arrears ageing and voting rights."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from corridor.core.errors import ValidationFailed
from corridor.finance.models import Account, Assessment, Payment, Scale, Transaction
from corridor.finance.selectors import contributions as reads
from corridor.finance.selectors import ledger as ledger_reads
from corridor.finance.services import contributions as services
from corridor.finance.services.ledger import transaction_reverse
from corridor.finance.tests.conftest import DAY

# The UN scale of 1995-1997 for a few States; the rest of the world as China, so that it sums
# to 100 as a whole UN scale does.
UN_SCALE = (b"iso3,un_rate\nUSA,25.000\nJPN,15.435\nDEU,9.041\nFRA,6.402\nITA,5.247\n"
            b"CHE,1.210\nCHN,37.665\n")
MEMBERS = [("DEU", "Germany"), ("FRA", "France"), ("ITA", "Italy"), ("CHE", "Switzerland"),
           ("USA", "United States of America")]
BUDGET = Decimal("33960000.00")


@pytest.fixture
def members(officer):
    return {code: services.member_create(actor=officer, iso3=code, name=name,
                                         admitted=date(1951, 12, 5)) for code, name in MEMBERS}


def _assess(officer, year):
    services.budget_adopt(actor=officer, year=year, amount=BUDGET, adopted=date(year - 1, 11, 30))
    services.scale_compute(actor=officer, year=year, un_scale=UN_SCALE, filename="un.csv",
                           floor=Decimal("0.010"), ceiling=Decimal("40.000"))
    return services.assessments_issue(actor=officer, year=year, booked_on=date(year, 1, 1))


def _owed(member, on=DAY):
    return reads.year_balances(member, on=on)


def test_a_year_is_assessed_on_the_scale_to_the_centime(officer, members, admin_fund, chart):
    assessments = _assess(officer, 1996)
    scale = Scale.objects.get(year=1996)
    assert sum(Decimal(r.rate) for r in scale.rates.all()) == 100
    assert sum(a.amount_minor for a in assessments) == 3396000000
    assert {a.member.iso3: a.rate for a in assessments}["USA"] == "40.000"  # the ceiling
    germany = members["DEU"]
    assert _owed(germany) == {1996: reads.assessed(germany, 1996)}
    income = ledger_reads.balance(fund=admin_fund, account=chart["4000"], on=DAY)
    assert income.base == -BUDGET
    with pytest.raises(ValidationFailed, match="already assessed"):
        services.assessments_issue(actor=officer, year=1996, booked_on=DAY)
    with pytest.raises(ValidationFailed, match="scale is fixed"):
        services.scale_compute(actor=officer, year=1996, un_scale=UN_SCALE, filename="un.csv")


def test_a_scale_file_with_unknown_codes_is_refused_naming_the_row(officer, members):
    bad = UN_SCALE.replace(b"CHN,", b"XYZ,")
    with pytest.raises(ValidationFailed) as exc:
        services.scale_compute(actor=officer, year=1996, un_scale=bad, filename="un.csv")
    problem = exc.value.problems[0]
    assert (problem["file"], problem["row"], problem["field"]) == ("un.csv", 8, "iso3")
    assert not Scale.objects.exists()


def test_payments_in_another_currency_and_partial_payments(officer, members, rates_1996):
    _assess(officer, 1996)
    germany = members["DEU"]
    due = reads.assessed(germany, 1996)
    payment = services.payment_record(actor=officer, member=germany, received_on=DAY,
                                      amount=Decimal("1000000.00"), currency="DEM",
                                      reference="Bundeskasse 1996/17")
    assert (payment.base_minor, payment.rate) == (81230000, Decimal("0.8123"))
    assert _owed(germany) == {1996: due - Decimal("812300.00")}
    bank = ledger_reads.balance(fund=payment.transaction.postings.first().fund,
                                account=Account.objects.get(code="1000"), on=DAY)
    assert bank.by_currency == {"DEM": Decimal("1000000.00")}
    clearing = ledger_reads.balance(fund=payment.transaction.postings.first().fund,
                                    account=Account.objects.get(code="1900"), on=DAY)
    assert clearing.base == 0
    lines = reads.statement(germany, since=date(1996, 1, 1), until=DAY).lines
    assert [line.debit for line in lines] == [due, 0]
    assert lines[1].credit == Decimal("812300.00") and lines[1].payment == payment
    assert lines[1].balance == due - Decimal("812300.00")


def test_a_payment_above_what_is_owed_needs_a_decision_on_the_surplus(officer, members):
    _assess(officer, 1996)
    swiss = members["CHE"]
    due = reads.assessed(swiss, 1996)
    with pytest.raises(ValidationFailed) as exc:
        services.payment_record(actor=officer, member=swiss, received_on=DAY,
                                amount=due + 100, currency="CHF")
    assert [p["field"] for p in exc.value.problems] == ["amount"]
    assert "say what becomes of the surplus" in str(exc.value)
    assert not Payment.objects.exists() and Transaction.objects.count() == 1
    services.payment_record(actor=officer, member=swiss, received_on=DAY, amount=due + 100,
                            currency="CHF", surplus="credit")
    assert _owed(swiss) == {None: Decimal("-100.00")}
    # The next year's assessment takes the credit first.
    _assess(officer, 1997)
    assert _owed(swiss, date(1997, 1, 1)) == {1997: reads.assessed(swiss, 1997) - 100}


def test_a_refunded_surplus_is_owed_to_the_member(officer, members, admin_fund, chart):
    _assess(officer, 1996)
    italy = members["ITA"]
    services.payment_record(actor=officer, member=italy, received_on=DAY,
                            amount=reads.assessed(italy, 1996) + 5, currency="CHF",
                            surplus="refund")
    assert _owed(italy) == {}
    assert ledger_reads.balance(fund=admin_fund, account=chart["2200"], on=DAY).base == -5


@pytest.mark.parametrize(("amount", "currency", "field", "message"), [
    (Decimal("100"), "XYZ", "currency", "not an ISO 4217 currency code"),
    (Decimal("0"), "CHF", "amount", "more than zero"),
    (Decimal("-5"), "CHF", "amount", "more than zero"),
    (Decimal("1.005"), "CHF", "amount", "CHF has 2 decimals"),
    (Decimal("100"), "FRF", "currency", "no FRF→CHF exchange rate is recorded for 1996-03-04"),
    # Beyond what the ledger's 64-bit amount columns hold (9,223,372,036,854,775,807 centimes).
    (Decimal("92233720368547758.08"), "CHF", "amount", "is too large"),
])
def test_bad_payments_are_refused_naming_the_field(officer, members, amount, currency, field,
                                                   message):
    _assess(officer, 1996)
    with pytest.raises(ValidationFailed) as exc:
        services.payment_record(actor=officer, member=members["FRA"], received_on=DAY,
                                amount=amount, currency=currency)
    assert [p["field"] for p in exc.value.problems] == [field]
    assert message in exc.value.problems[0]["message"]
    assert not Payment.objects.exists()


def test_the_largest_amount_is_derived_from_the_amount_column(officer, members):
    from corridor.finance.services.ledger import TOTAL_HEADROOM, largest_minor

    assert largest_minor() == (2**63 - 1) // TOTAL_HEADROOM
    _assess(officer, 1996)
    largest = Decimal(largest_minor()).scaleb(-2)
    with pytest.raises(ValidationFailed) as exc:
        services.payment_record(actor=officer, member=members["FRA"], received_on=DAY,
                                amount=largest + Decimal("0.01"), currency="CHF",
                                surplus="credit")
    assert exc.value.problems == [{"field": "amount", "message": "is too large"}]
    paid = services.payment_record(actor=officer, member=members["FRA"], received_on=DAY,
                                   amount=largest, currency="CHF", surplus="credit")
    assert paid.amount_minor == largest_minor()


def test_payments_go_to_the_oldest_year_first_and_ageing_shows_each_year(officer, members):
    for year in (1994, 1995, 1996):
        _assess(officer, year)
    france = members["FRA"]
    due_1994 = reads.assessed(france, 1994)
    services.payment_record(actor=officer, member=france, received_on=DAY,
                            amount=due_1994 + 1000, currency="CHF")
    owed = _owed(france)
    assert 1994 not in owed and owed[1995] == reads.assessed(france, 1995) - 1000
    years, rows = reads.arrears_ageing(on=DAY)
    assert years == [1994, 1995, 1996]
    row = next(r for r in rows if r.member == france)
    assert row.arrears == owed[1995] and row.current == owed[1996]


def test_voting_rights_follow_the_arrears_of_the_two_preceding_years(officer, members):
    for year in (1994, 1995, 1996):
        _assess(officer, year)
    usa, germany = members["USA"], members["DEU"]
    two_years = reads.assessed(usa, 1994) + reads.assessed(usa, 1995)
    assert reads.voting_rights_suspended(usa, DAY)  # nothing paid: arrears equal two years
    # Nothing was assessed for 1993: on the last day of 1995 the two preceding years owe 1994's.
    assert reads.voting_rights_suspended(usa, date(1995, 12, 31))
    payment = services.payment_record(actor=officer, member=usa, received_on=DAY,
                                      amount=Decimal("0.01"), currency="CHF")
    assert reads.arrears(usa, on=DAY) == two_years - Decimal("0.01")
    assert not reads.voting_rights_suspended(usa, DAY)
    transaction_reverse(actor=officer, reversed_txn=payment.transaction, reason="Cheque bounced")
    assert reads.voting_rights_suspended(usa, DAY)
    assert not reads.voting_rights_suspended(germany, date(1994, 6, 1))  # nothing due before


def test_a_member_is_an_iso_country_once(officer, members):
    with pytest.raises(ValidationFailed) as exc:
        services.member_create(actor=officer, iso3="DEU", name="Germany")
    assert [p["field"] for p in exc.value.problems] == ["iso3"]
    with pytest.raises(ValidationFailed) as exc:
        services.member_create(actor=officer, iso3="XKX", name="")
    assert [p["field"] for p in exc.value.problems] == ["iso3", "name"]
    assert Assessment.objects.count() == 0


def test_payments_are_recorded_in_the_order_they_were_received(officer, members):
    _assess(officer, 1996)
    italy = members["ITA"]
    services.payment_record(actor=officer, member=italy, received_on=DAY, amount=Decimal(100),
                            currency="CHF")
    with pytest.raises(ValidationFailed) as exc:
        services.payment_record(actor=officer, member=italy, received_on=date(1996, 2, 1),
                                amount=Decimal(100), currency="CHF")
    assert [p["field"] for p in exc.value.problems] == ["received_on"]
    assert Payment.objects.count() == 1


def test_the_demo_assesses_three_years_and_two_members_lose_their_vote(db):
    from corridor.access.demo import demo_organisation_load
    from corridor.finance.demo import demo_finance_load
    from corridor.finance.models import MemberState

    demo_organisation_load()
    assert demo_finance_load() == 11
    assert demo_finance_load() == 0
    on = date(1996, 12, 31)
    suspended = {m.iso3 for m in MemberState.objects.all()
                 if reads.voting_rights_suspended(m, on)}
    assert suspended == {"GRC", "PRT"}
    germany = MemberState.objects.get(iso3="DEU")
    owed = reads.year_balances(germany, on=on)
    assert list(owed) == [1996] and owed[1996] > 0  # the Deutsche Mark paid part of 1996


def test_an_observer_is_not_assessed(officer, members, cast):
    """A State recorded as an observer by governance (the Holy See in the demo) is no member:
    the scale leaves it out, as it leaves out a State withdrawn by the year's end."""
    import datetime as dt

    from corridor.finance.models import MemberState
    from corridor.governance import members as governance_members

    observer = MemberState.objects.create(iso3="VAT", name="Holy See")
    governance_members.status_record(actor=cast["governance_secretariat"], member=observer,
                                     status="observer", since=dt.date(1952, 10, 1),
                                     reference="Council, 1st session")
    scale = services.scale_compute(actor=officer, year=1996, un_scale=UN_SCALE, filename="un.csv")
    codes = {r.member.iso3 for r in scale.rates.all()}
    assert "VAT" not in codes and codes == set(members)
