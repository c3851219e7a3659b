"""Properties of the ledger over generated transactions (hypothesis), in the real database:
every posted transaction balances per currency (and in each fund's base); a reversal restores
every balance; every base amount is the day's rate applied, within one minor unit; the daily
totals the database keeps are the sums of the entries."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

import pytest
from django.db import transaction
from django.db.models import Sum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corridor.finance import currencies
from corridor.finance.conversion import exact_base, rate_for
from corridor.finance.models import DailyTotal, MonthlyTotal, Posting
from corridor.finance.selectors import ledger as reads
from corridor.finance.services.ledger import Line, transaction_post, transaction_reverse
from corridor.finance.tests.conftest import DAY, RATES_1996

CODES = ["CHF", *RATES_1996]
ACCOUNTS = ["1000", "1100", "1900", "4000"]

# A transaction: per currency, a few debits of random size balanced by credits split at random.
amounts = st.integers(min_value=1, max_value=10**11)
group = st.tuples(st.sampled_from(CODES), st.lists(amounts, min_size=1, max_size=3),
                  st.integers(min_value=1, max_value=3), st.sampled_from(["ADMIN", "EMERGENCY"]))
transactions = st.lists(group, min_size=1, max_size=3)

PROPERTY = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])


class _Rollback(Exception):
    pass


def _lines(spec, funds, chart, draw_account) -> list[Line]:
    lines = []
    for code, debits, credit_count, fund_code in spec:
        fund = funds[fund_code]
        total = sum(debits)
        parts = [total // credit_count] * credit_count
        parts[0] += total - sum(parts)
        for minor in debits:
            lines.append(Line(fund, chart[draw_account()], code,
                              currencies.from_minor(minor, code)))
        for minor in parts:
            if minor:
                lines.append(Line(fund, chart[draw_account()], code,
                                  -currencies.from_minor(minor, code)))
    return lines


def _balances(funds, chart) -> dict:
    result = {}
    for f in funds:
        for a in ACCOUNTS:
            found = reads.balance(fund=funds[f], account=chart[a], on=DAY)
            result[(f, a)] = (found.base, found.by_currency)
    return result


@pytest.fixture
def funds(admin_fund, emergency_fund):
    return {"ADMIN": admin_fund, "EMERGENCY": emergency_fund}


@pytest.fixture
def usd_rates(officer, rates_1996):
    """The emergency fund is in dollars: each currency's dollar rate on DAY, via the franc."""
    from corridor.finance.services.ledger import rate_record

    usd = RATES_1996["USD"]
    for code, chf in [("CHF", Decimal(1)), *RATES_1996.items()]:
        if code not in ("USD", "DEM"):
            rate_record(actor=officer, currency=code, base="USD", day=DAY,
                        rate=(chf / usd).quantize(Decimal("1e-10")), source="cross rate")


@PROPERTY
@given(spec=transactions, accounts=st.randoms(use_true_random=False))
def test_every_transaction_balances_and_its_reversal_restores_the_balances(
        officer, funds, chart, usd_rates, spec, accounts):
    try:
        with transaction.atomic():
            before = _balances(funds, chart)
            txn = transaction_post(actor=officer, booked_on=DAY, description="generated",
                                   lines=_lines(spec, funds, chart,
                                                lambda: accounts.choice(ACCOUNTS)))
            postings = list(txn.postings.select_related("fund"))
            by_currency: dict = defaultdict(int)
            by_fund: dict = defaultdict(int)
            for posting in postings:
                by_currency[posting.currency_id] += posting.amount_minor
                by_fund[posting.fund_id] += posting.base_minor
                # The base amount is the day's rate applied, cut to within one minor unit.
                exact = exact_base(posting.amount_minor, posting.currency_id,
                                   posting.fund.base_currency_id, posting.rate)
                assert abs(posting.base_minor - exact) < 1
                # ... at the rate recorded for the day.
                if posting.currency_id != posting.fund.base_currency_id:
                    assert posting.rate == rate_for(posting.currency_id,
                                                    posting.fund.base_currency_id, DAY).rate
            assert set(by_currency.values()) == {0}
            assert set(by_fund.values()) == {0}
            transaction_reverse(actor=officer, reversed_txn=txn, reason="property")
            assert _balances(funds, chart) == before
            assert Posting.objects.aggregate(b=Sum("base_minor"))["b"] == 0
            # The daily totals the database keeps are the sums of the entries.
            key = ("fund_id", "account_id", "currency_id")
            from_entries = {tuple(r[k] for k in key): (r["a"], r["b"]) for r in Posting.objects
                            .values(*key).annotate(a=Sum("amount_minor"), b=Sum("base_minor"))}
            kept = {tuple(r[k] for k in key): (r["a"], r["b"]) for r in DailyTotal.objects
                    .values(*key).annotate(a=Sum("amount_minor"), b=Sum("base_minor"))}
            assert kept == from_entries
            # ... and so are the monthly ones.
            monthly = {tuple(r[k] for k in key): (r["a"], r["b"]) for r in MonthlyTotal.objects
                       .values(*key).annotate(a=Sum("amount_minor"), b=Sum("base_minor"))}
            assert monthly == from_entries
            raise _Rollback
    except _Rollback:
        pass
