"""The finance cast: the funds and chart the migrations create, a finance officer, and the
exchange rates of a few days of 1996 (the memorandum's year)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from conftest import make_user
from corridor.access.roles import Role
from corridor.finance.models import Account, Fund
from corridor.finance.services import ledger

DAY = date(1996, 3, 4)
RATES_1996 = {  # one unit in CHF on DAY (close to the day's published rates)
    "DEM": Decimal("0.8123"), "FRF": Decimal("0.2391"), "ITL": Decimal("0.000752"),
    "USD": Decimal("1.1857"), "JPY": Decimal("0.011104"), "KWD": Decimal("3.9612"),
}


@pytest.fixture
def officer(org):
    return make_user("finance_hq", Role.FINANCE_OFFICER, org.hq)


@pytest.fixture
def admin_fund(db) -> Fund:
    return Fund.objects.get(code="ADMIN")


@pytest.fixture
def emergency_fund(db) -> Fund:
    return Fund.objects.get(code="EMERGENCY")


@pytest.fixture
def chart(db) -> dict[str, Account]:
    return {a.code: a for a in Account.objects.all()}


@pytest.fixture
def rates_1996(db, officer):
    for code, rate in RATES_1996.items():
        ledger.rate_record(actor=officer, currency=code, base="CHF", day=DAY, rate=rate,
                           source="Swiss National Bank, daily rates")
    ledger.rate_record(actor=officer, currency="DEM", base="USD", day=DAY,
                       rate=Decimal("0.6851"), source="Federal Reserve H.10")
    return RATES_1996
