"""Demo: eleven member States assessed for 1994–1996 on a scale from a UN scale, with payments
in francs, Deutsche Mark, French francs, lire and dollars (several partial), and two members
(Greece, Portugal) whose arrears suspend their vote in 1996. Figures are close to the period's,
not the organisation's records."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction

from corridor.access.models import User
from corridor.finance.models import MemberState
from corridor.finance.selectors import contributions as finance_reads
from corridor.finance.services import contributions, ledger

MEMBERS = [("AUT", "Austria", "0.865"), ("BEL", "Belgium", "1.006"), ("FRA", "France", "6.432"),
           ("DEU", "Germany", "9.041"), ("GRC", "Greece", "0.374"), ("ITA", "Italy", "5.246"),
           ("NLD", "Netherlands", "1.586"), ("PRT", "Portugal", "0.276"),
           ("ESP", "Spain", "2.239"), ("CHE", "Switzerland", "1.210"),
           ("USA", "United States of America", "25.000")]
OTHERS = [("JPN", "15.435"), ("GBR", "5.274"), ("CAN", "3.107"), ("RUS", "5.681")]
BUDGETS = {1994: Decimal("31200000.00"), 1995: Decimal("32500000.00"),
           1996: Decimal("33960000.00")}
RATES = [  # (currency, day, CHF per unit)
    ("DEM", date(1996, 3, 4), "0.8123"), ("FRF", date(1996, 4, 15), "0.2391"),
    ("ITL", date(1996, 6, 3), "0.000792"), ("USD", date(1996, 2, 1), "1.1857"),
]
PAYMENTS = [  # (member, day, amount, currency): the years are settled oldest first
    ("DEU", date(1995, 2, 1), None, "CHF"), ("DEU", date(1996, 3, 4), "2500000.00", "DEM"),
    ("FRA", date(1995, 3, 1), None, "CHF"), ("FRA", date(1996, 4, 15), "4000000.00", "FRF"),
    ("ITA", date(1996, 6, 3), "2500000000", "ITL"), ("USA", date(1996, 2, 1), "6000000.00", "USD"),
    ("CHE", date(1996, 1, 15), None, "CHF"), ("NLD", date(1996, 1, 31), None, "CHF"),
    ("AUT", date(1996, 2, 28), None, "CHF"), ("BEL", date(1996, 3, 29), None, "CHF"),
    ("ESP", date(1996, 5, 2), None, "CHF"),
]


def _un_scale() -> bytes:
    rows = [f"{code},{rate}" for code, _name, rate in MEMBERS] + [f"{c},{r}" for c, r in OTHERS]
    total = sum(Decimal(rate) for _c, _n, rate in MEMBERS) + sum(Decimal(r) for _c, r in OTHERS)
    rows.append(f"CHN,{Decimal(100) - total}")  # the rest of the UN scale
    return ("iso3,un_rate\n" + "\n".join(rows) + "\n").encode()


@transaction.atomic
def demo_finance_load() -> int:
    """Create the demo's member States and their accounts once; returns how many (0 if there)."""
    if MemberState.objects.exists():
        return 0
    officer = User.objects.filter(username="finance.hq").first()
    members = {code: contributions.member_create(actor=officer, iso3=code, name=name,
                                                 admitted=date(1951, 12, 5))
               for code, name, _rate in MEMBERS}
    for code, day, rate in RATES:
        ledger.rate_record(actor=officer, currency=code, base="CHF", day=day, rate=Decimal(rate),
                           source="Swiss National Bank, daily foreign exchange rates (demo)")
    for year, amount in BUDGETS.items():
        contributions.budget_adopt(actor=officer, year=year, amount=amount,
                                   adopted=date(year - 1, 11, 30))
        contributions.scale_compute(actor=officer, year=year, un_scale=_un_scale(),
                                    filename=f"un-scale-{year}.csv", floor=Decimal("0.010"),
                                    ceiling=Decimal("25.000"))
        contributions.assessments_issue(actor=officer, year=year, booked_on=date(year, 1, 1))
    for code, day, amount, currency in PAYMENTS:
        member = members[code]
        if amount is None:  # all it owes on the day
            owed = finance_reads.year_balances(member, on=day)
            amount = sum((v for y, v in owed.items() if y is not None and v > 0), Decimal(0))
        contributions.payment_record(actor=officer, member=member, received_on=day,
                                     amount=Decimal(amount), currency=currency,
                                     surplus="credit", reference=f"Demo {code} {day.year}")
    return len(members)
