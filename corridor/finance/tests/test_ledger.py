"""The ledger's services and the database's own guard of it, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import DatabaseError, connection, transaction

from conftest import make_user
from corridor.access.roles import Role
from corridor.core.errors import PermissionDenied, ValidationFailed
from corridor.core.models import AuditEvent
from corridor.finance.models import ExchangeRate, Posting, Transaction, TransactionSeal
from corridor.finance.selectors import ledger as reads
from corridor.finance.services.ledger import Line, rate_record, transaction_post, transaction_reverse
from corridor.finance.tests.conftest import DAY


def _payment(fund, chart, currency="DEM", amount="1000.00"):
    return [Line(fund, chart["1000"], currency, Decimal(amount)),
            Line(fund, chart["1100"], currency, -Decimal(amount))]


def _fields(exc) -> set[str]:
    return {p["field"] for p in exc.value.problems}


def test_a_payment_in_deutsche_mark_keeps_its_amount_and_its_value_in_francs(
        officer, admin_fund, chart, rates_1996):
    txn = transaction_post(actor=officer, booked_on=DAY, description="Germany, 1996",
                           lines=_payment(admin_fund, chart))
    bank, receivable = txn.postings.order_by("id")
    assert (bank.amount, bank.currency_id, bank.base_amount) == (
        Decimal("1000.00"), "DEM", Decimal("812.30"))
    assert receivable.base_amount == Decimal("-812.30")
    assert bank.rate == Decimal("0.8123")
    assert TransactionSeal.objects.filter(transaction=txn).exists()
    cash = reads.balance(fund=admin_fund, account=chart["1000"], on=DAY)
    assert (cash.base, cash.by_currency, cash.entries) == (Decimal("812.30"),
                                                         {"DEM": Decimal("1000.00")}, 1)
    assert reads.balance(fund=admin_fund, account=chart["1000"], on=DAY - timedelta(1)).entries == 0
    assert reads.balance(fund=admin_fund, on=DAY).base == 0
    assert list(reads.entries(fund=admin_fund, account=chart["1000"], on=DAY)) == [bank]
    assert AuditEvent.objects.filter(object_type="finance.transaction",
                                     object_id=str(txn.pk)).exists()


def test_an_unbalanced_transaction_is_refused_and_nothing_is_written(officer, admin_fund, chart):
    lines = [Line(admin_fund, chart["1000"], "CHF", Decimal("100.00")),
             Line(admin_fund, chart["4000"], "CHF", Decimal("-99.99"))]
    with pytest.raises(ValidationFailed) as exc:
        transaction_post(actor=officer, booked_on=DAY, description="x", lines=lines)
    assert "does not balance in CHF" in str(exc.value)
    assert not Transaction.objects.exists() and not Posting.objects.exists()


def test_bad_input_is_refused_naming_each_field(officer, admin_fund, chart):
    lines = [Line(admin_fund, chart["1000"], "XYZ", Decimal("10")),
             Line(admin_fund, chart["1000"], "CHF", Decimal("0")),
             Line(admin_fund, chart["1000"], "JPY", Decimal("10.5")),
             Line(admin_fund, chart["1000"], "XAU", Decimal("1")),
             Line(admin_fund, chart["1000"], "DEM", Decimal("1"))]
    with pytest.raises(ValidationFailed) as exc:
        transaction_post(actor=officer, booked_on=date(2003, 1, 2), description="",
                         lines=lines)
    messages = {p["field"]: p["message"] for p in exc.value.problems}
    assert "not an ISO 4217" in messages["postings.0.currency"]
    assert messages["postings.1.amount"] == "must not be zero"
    assert "JPY has 0 decimals" in messages["postings.2.amount"]
    assert "no minor unit" in messages["postings.3.currency"]
    assert "withdrawn in 2002-03" in messages["postings.4.currency"]
    assert "description" in messages
    assert not Transaction.objects.exists()


def test_a_missing_rate_is_refused_naming_the_currency_and_day(officer, admin_fund, chart,
                                                              rates_1996):
    with pytest.raises(ValidationFailed) as exc:
        transaction_post(actor=officer, booked_on=DAY + timedelta(1), description="x",
                         lines=_payment(admin_fund, chart))
    assert _fields(exc) == {"postings.0.currency", "postings.1.currency"}
    assert "no DEM→CHF exchange rate is recorded for 1996-03-05" in str(exc.value)
    assert not Transaction.objects.exists()


def test_an_earlier_rate_is_used_only_when_a_fallback_is_configured(
        officer, admin_fund, chart, rates_1996, settings):
    settings.FINANCE_RATE_FALLBACK_DAYS = 3
    txn = transaction_post(actor=officer, booked_on=DAY + timedelta(3), description="x",
                           lines=_payment(admin_fund, chart))
    assert txn.postings.first().rate == Decimal("0.8123")
    with pytest.raises(ValidationFailed, match="nor for the 3 days before"):
        transaction_post(actor=officer, booked_on=DAY + timedelta(4), description="x",
                         lines=_payment(admin_fund, chart))


def test_a_rate_is_recorded_once_and_never_changed(officer, rates_1996):
    with pytest.raises(ValidationFailed) as exc:
        rate_record(actor=officer, currency="DEM", base="CHF", day=DAY, rate=Decimal("0.81"),
                    source="SNB")
    assert _fields(exc) == {"day"}
    with pytest.raises(ValidationFailed) as exc:
        rate_record(actor=officer, currency="DEM", base="DEM", day=DAY, rate=Decimal("-1"),
                    source="")
    assert _fields(exc) == {"base", "rate", "source"}
    rate = ExchangeRate.objects.get(currency="DEM", base="CHF", day=DAY)
    with pytest.raises(PermissionError):
        rate.save()


def test_a_reversal_restores_every_balance_and_is_made_once(officer, admin_fund, chart, rates_1996):
    txn = transaction_post(actor=officer, booked_on=DAY, description="wrong member",
                           lines=_payment(admin_fund, chart, "FRF", "333.33"))
    reversal = transaction_reverse(actor=officer, reversed_txn=txn, reason="Booked to France")
    assert reversal.reverses == txn and reversal.reason == "Booked to France"
    for account in (chart["1000"], chart["1100"]):
        assert reads.balance(fund=admin_fund, account=account, on=DAY).base == 0
        assert reads.balance(fund=admin_fund, account=account, on=DAY).by_currency == {}
    with pytest.raises(ValidationFailed, match="already reversed"):
        transaction_reverse(actor=officer, reversed_txn=txn, reason="again")
    with pytest.raises(ValidationFailed, match="not reversed again"):
        transaction_reverse(actor=officer, reversed_txn=reversal, reason="undo")
    with pytest.raises(ValidationFailed) as exc:
        transaction_reverse(actor=officer, reversed_txn=txn, reason=" ",
                            booked_on=DAY - timedelta(1))
    assert {"reason", "booked_on", "transaction"} <= _fields(exc)


def test_who_may_post(org, admin_fund, chart):
    analyst = make_user("analyst", Role.DATA_ANALYST, org.hq)
    lines = [Line(admin_fund, chart["1000"], "CHF", Decimal(1)),
             Line(admin_fund, chart["4000"], "CHF", Decimal(-1))]
    with pytest.raises(PermissionDenied):
        transaction_post(actor=analyst, booked_on=DAY, description="x", lines=lines)
    with pytest.raises(PermissionDenied):
        reads.fund_list(user=analyst)


# The database's own guard -----------------------------------------------------------------------

def _raw(sql: str, params=()) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def _posted(officer, admin_fund, chart) -> Transaction:
    return transaction_post(actor=officer, booked_on=DAY, description="fees", lines=[
        Line(admin_fund, chart["1000"], "CHF", Decimal("50.00")),
        Line(admin_fund, chart["4000"], "CHF", Decimal("-50.00"))])


@pytest.mark.parametrize("sql", [
    "UPDATE finance_posting SET amount_minor = amount_minor * 2",
    "DELETE FROM finance_posting",
    "UPDATE finance_transaction SET description = 'changed'",
    "DELETE FROM finance_transactionseal",
    "DELETE FROM finance_transaction",
])
def test_the_database_refuses_to_change_or_remove_an_entry(officer, admin_fund, chart, sql):
    _posted(officer, admin_fund, chart)
    with pytest.raises(DatabaseError, match="append-only"):
        _raw(sql)


def test_the_database_refuses_a_posting_to_a_sealed_transaction(officer, admin_fund, chart):
    txn = _posted(officer, admin_fund, chart)
    with pytest.raises(DatabaseError, match="takes no more postings"):
        _raw("INSERT INTO finance_posting (transaction_id, fund_id, account_id, currency_id, "
             "amount_minor, rate, base_minor, booked_on) VALUES (%s, %s, %s, 'CHF', 1, 1, 1, %s)",
             [txn.pk, admin_fund.pk, chart["1000"].pk, DAY])


@pytest.mark.parametrize(("amounts", "message"), [
    ((5000, -4999), "balance in each fund and currency"),
    ((5000,), "two postings or more"),
])
def test_the_database_refuses_to_seal_an_unbalanced_transaction(admin_fund, chart, amounts,
                                                                message):
    with pytest.raises(DatabaseError, match=message), transaction.atomic():
        txn = Transaction.objects.create(booked_on=DAY, kind="journal", description="raw")
        Posting.objects.bulk_create([
            Posting(transaction=txn, fund=admin_fund, account=chart["1000"], currency_id="CHF",
                    amount_minor=a, rate=1, base_minor=a, booked_on=DAY) for a in amounts])
        TransactionSeal.objects.create(transaction=txn)
    assert not Transaction.objects.exists()


def test_the_database_refuses_a_base_amount_in_the_base_currency_unlike_the_amount(
        admin_fund, chart):
    with pytest.raises(DatabaseError, match="base amount is its amount"), transaction.atomic():
        txn = Transaction.objects.create(booked_on=DAY, kind="journal", description="raw")
        Posting.objects.create(transaction=txn, fund=admin_fund, account=chart["1000"],
                               currency_id="CHF", amount_minor=100, rate=1, base_minor=99,
                               booked_on=DAY)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="deferred triggers: PostgreSQL")
def test_postgresql_refuses_at_commit_a_transaction_left_unsealed(admin_fund, chart):
    with pytest.raises(DatabaseError, match="must be sealed"), transaction.atomic():
        txn = Transaction.objects.create(booked_on=DAY, kind="journal", description="raw")
        Posting.objects.bulk_create([
            Posting(transaction=txn, fund=admin_fund, account=chart["1000"], currency_id="CHF",
                    amount_minor=a, rate=1, base_minor=a, booked_on=DAY) for a in (100, -100)])
        with connection.cursor() as cursor:  # what COMMIT does: run the deferred checks
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def test_an_unsealed_transaction_counts_in_no_balance(admin_fund, chart):
    if connection.vendor == "postgresql":
        pytest.skip("PostgreSQL cannot commit one (test above)")
    txn = Transaction.objects.create(booked_on=DAY, kind="journal", description="raw")
    Posting.objects.bulk_create([
        Posting(transaction=txn, fund=admin_fund, account=chart["1000"], currency_id="CHF",
                amount_minor=a, rate=1, base_minor=a, booked_on=DAY) for a in (100, 50)])
    assert reads.balance(fund=admin_fund, account=chart["1000"], on=DAY).entries == 0


def test_a_balance_sums_the_months_before_and_the_days_of_its_month(officer, admin_fund, chart):
    """Entries on the 31st of one month and the 1st and 15th of the next: the balance at each
    day counts exactly the entries up to it (monthly totals before the day's month, daily totals
    in it)."""
    from datetime import date
    from decimal import Decimal

    from corridor.finance.selectors import ledger as reads
    from corridor.finance.services.ledger import Line, transaction_post

    for day, amount in ((date(1996, 1, 31), "10.00"), (date(1996, 2, 1), "20.00"),
                        (date(1996, 2, 15), "40.00")):
        transaction_post(actor=officer, booked_on=day, description="month edges", lines=[
            Line(fund=admin_fund, account=chart["1000"], currency="CHF", amount=Decimal(amount)),
            Line(fund=admin_fund, account=chart["4000"], currency="CHF",
                 amount=-Decimal(amount))])
    bank = chart["1000"]
    for day, expected in ((date(1996, 1, 30), "0"), (date(1996, 1, 31), "10.00"),
                          (date(1996, 2, 1), "30.00"), (date(1996, 2, 14), "30.00"),
                          (date(1996, 2, 15), "70.00"), (date(1996, 3, 1), "70.00")):
        assert reads.balance(fund=admin_fund, on=day, account=bank).base == Decimal(expected)
