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


# Voluntary contributions, the emergency revolving fund and an appeal (ADR 0071) --------------
# Relative to today, on the demo's projects and a demo evacuation: Norway's earmarked
# contribution from pledge to payment in two currencies; Germany's unearmarked money allocated
# to two projects; an emergency advance repaid as the first charge on ECHO's contribution; a
# foundation's pledge, shown and never counted; and a consolidated appeal.

DEMO_RATES = {"NOK": "0.0941", "EUR": "1.0850", "CHF": "1.1290"}  # one unit in USD


def _vday(n: int) -> date:
    from datetime import timedelta

    from django.utils import timezone

    return timezone.localdate() - timedelta(days=n)


@transaction.atomic
def demo_voluntary_load() -> int:
    """Create the demo's donors and contributions once; returns how many contributions."""
    from corridor.finance.models import Contribution, Fund
    from corridor.finance.services import appeals, emergency, voluntary
    from corridor.movements.models import Operation
    from corridor.partners.models import Partner, Project

    projects = {p.code: p for p in Project.objects.filter(code__startswith="CO-JOR-")}
    avrr, midev = projects.get("CO-JOR-AVRR"), projects.get("CO-JOR-MIDEV")
    if Contribution.objects.exists() or avrr is None or midev is None:
        return 0
    officer = User.objects.filter(username="finance.hq").first()
    for n in (120, 90, 75, 60, 55, 40, 30, 20, 10, 7):
        for code, rate in DEMO_RATES.items():
            ledger.rate_record(actor=officer, currency=code, base="USD", day=_vday(n),
                               rate=Decimal(rate), source="ECB reference rates (demo)")
        ledger.rate_record(actor=officer, currency="USD", base="EUR", day=_vday(n),
                           rate=Decimal("0.9217"), source="ECB reference rates (demo)")
    operation = Operation.objects.create(
        reference="EVAC-LBY-01", office=avrr.office, project=avrr, kind="evacuation",
        title="Evacuation of stranded migrants from Libya")
    give = lambda name, kind, iso3="", ref="": voluntary.donor_create(  # noqa: E731
        actor=officer, name=name, kind=kind, iso3=iso3, iati_ref=ref)
    norway, germany = give("Norway", "government", "NOR", "XM-DAC-8"), give(
        "Germany", "government", "DEU", "XM-DAC-5")
    echo = give("European Commission — Humanitarian Aid (ECHO)", "multilateral", "",
                "XI-IATI-EC_ECHO")
    foundation = give("Conrad N. Hilton Foundation", "private")

    def commit(c, reference, n, title):
        agreement = voluntary.agreement_create(actor=officer, donor=c.donor, reference=reference,
                                               title=title, signed_on=_vday(n))
        return voluntary.contribution_commit(actor=officer, contribution=c, agreement=agreement,
                                             committed_on=_vday(n))

    def pay(c, n, amount, currency, reference=""):
        return voluntary.receipt_record(actor=officer, contribution=c, received_on=_vday(n),
                                        amount=Decimal(amount), currency=currency,
                                        reference=reference)

    # Norway, earmarked to the return programme: pledge, agreement, money in NOK and EUR.
    nor = voluntary.contribution_pledge(
        actor=officer, donor=norway, reference="NOR-AVRR-2026", earmarking=3,
        amount=Decimal("2000000.00"), currency="NOK", pledged_on=_vday(90), project=avrr)
    commit(nor, "NOR-QZA-26/0117", 75, "Assisted voluntary return and reintegration, Jordan")
    pay(nor, 40, "1200000.00", "NOK", "Norges Bank 40-117")
    pay(nor, 20, "50000.00", "EUR", "Norges Bank 40-118")
    # Germany, unearmarked, allocated to two projects by recorded decisions.
    deu = voluntary.contribution_pledge(
        actor=officer, donor=germany, reference="DEU-CORE-2026", earmarking=1,
        amount=Decimal("300000.00"), currency="EUR", pledged_on=_vday(60))
    commit(deu, "AA-S09-2026", 55, "Core contribution 2026")
    pay(deu, 30, "300000.00", "EUR", "Bundeskasse 7731")
    for project, amount, why in ((midev, "120000.00", "Diaspora programme unfunded since "
                                  "January"), (avrr, "90000.00", "Returns from Libya up by a "
                                  "third")):
        voluntary.allocation_decide(actor=officer, contribution=deu, project=project,
                                    amount=Decimal(amount), decided_on=_vday(20), reason=why)
    # The emergency fund advances to the evacuation on ECHO's pledge, repaid as a first charge.
    emergency.capital_record(actor=officer, amount=Decimal("5000000.00"), booked_on=_vday(120),
                             description="Emergency revolving fund: Council resolution (demo)")
    ech = voluntary.contribution_pledge(
        actor=officer, donor=echo, reference="ECHO-LBY-EVAC", earmarking=3,
        amount=Decimal("600000.00"), currency="EUR", pledged_on=_vday(60), operation=operation)
    emergency.advance_make(actor=officer, operation=operation, amount=Decimal("400000.00"),
                           advanced_on=_vday(55), reason="Charter flights before ECHO's money "
                           "arrives", pledges=[ech])
    commit(ech, "ECHO/-AF/BUD/2026/91011", 30, "Evacuation from Libya")
    pay(ech, 7, "600000.00", "EUR", "ECHO payment 91011-1")
    # A consolidated appeal: this organisation's and a partner's requirements.
    appeal = appeals.appeal_create(actor=officer, code=f"3RP-{_vday(0).year}",
                                   title="Regional Refugee and Resilience Plan",
                                   year=_vday(0).year, launched_on=_vday(90))
    transport = appeals.requirement_add(actor=officer, appeal=appeal, sector="transport",
                                        amount=Decimal("4500000.00"))
    protection = appeals.requirement_add(actor=officer, appeal=appeal, sector="protection",
                                         amount=Decimal("1200000.00"))
    # A pledge only: shown on the appeal, never counted in its coverage.
    voluntary.contribution_pledge(
        actor=officer, donor=foundation, reference="HILTON-2026", earmarking=2,
        amount=Decimal("150000.00"), currency="USD", pledged_on=_vday(10),
        earmarked_for="Unaccompanied children", requirement=protection)
    partner = Partner.objects.order_by("name").first()
    if partner is not None:
        appeals.requirement_add(actor=officer, appeal=appeal, sector="health", agency=partner,
                                amount=Decimal("2000000.00"))
    soft = voluntary.contribution_pledge(
        actor=officer, donor=norway, reference="NOR-3RP-2026", earmarking=2,
        amount=Decimal("1000000.00"), currency="USD", pledged_on=_vday(60),
        requirement=transport)
    commit(soft, "NOR-QZA-26/0140", 40, "3RP transport")
    pay(soft, 10, "500000.00", "USD", "Norges Bank 40-140")
    return Fund.objects.filter(kind="voluntary").count()
