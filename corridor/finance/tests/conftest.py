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


# Voluntary contributions, the emergency fund, appeals (ADR 0071) ------------------------------

def days_ago(n: int):
    """A day relative to today: the voluntary tests never depend on the date they run."""
    from datetime import timedelta

    from django.utils import timezone

    return timezone.localdate() - timedelta(days=n)


def record_rate(officer, code: str, base: str, day, rate: str) -> None:
    ledger.rate_record(actor=officer, currency=code, base=base, day=day, rate=Decimal(rate),
                       source="European Central Bank reference rates")


@pytest.fixture
def usd_project(org):
    from corridor.cases.tests.conftest import make_project

    return make_project(org.country_a, code="AVRR-JOR", budget="250000.00")


@pytest.fixture
def eur_project(org):
    from corridor.cases.tests.conftest import make_project

    return make_project(org.country_a, code="MIDEV-JOR", budget="80000.00", currency="EUR")


@pytest.fixture
def emergency_operation(org, usd_project):
    from corridor.movements.models import Operation

    return Operation.objects.create(reference="OP-EVAC-1", office=org.country_a,
                                    project=usd_project, kind="evacuation",
                                    title="Evacuation of stranded migrants")


@pytest.fixture
def donors(officer):
    from corridor.finance.services import voluntary

    return {
        "NOR": voluntary.donor_create(actor=officer, name="Norway", kind="government",
                                      iso3="NOR", iati_ref="XM-DAC-8"),
        "ECHO": voluntary.donor_create(actor=officer, name="European Commission (ECHO)",
                                       kind="multilateral", iati_ref="XI-IATI-EC_ECHO"),
        "FDN": voluntary.donor_create(actor=officer, name="Hilton Foundation", kind="private"),
    }
