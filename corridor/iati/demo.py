"""Demo: five finished programmes of the organisation's past, imported as an IATI file.

The demo's live projects (corridor.cases.demo) publish themselves with their cases' assistance;
these add the history a publisher brings from its previous IATI tool — several countries and
regions with percentages, budgets over several years, donors' incoming funds with their
earmarking, commitments and quarterly spending — through the same import a deployment uses
(corridor_iati_import). Dates are counted back from today, so that no transaction is ever in
the future.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from decimal import Decimal as D
from pathlib import Path

from django.utils import timezone

from corridor.iati import selectors
from corridor.iati.models import ImportedActivity
from corridor.iati.sectors import sectors_for
from corridor.iati.services import import_activity_file
from engines.iati import (
    Activity,
    ActivityDate,
    AidType,
    Budget,
    Narrative,
    Org,
    RecipientCountry,
    RecipientRegion,
    Transaction,
    TransactionOrg,
    iter_activities_xml,
)
from engines.iati.budgets import split_by_days, yearly_periods

# (code, title, category, currency, budget, years ago it ended, years it ran,
#  countries and regions with percentages, donor (name, ref, type), earmarking)
HISTORY = [
    ("HIST-RQAN3", "Return of Qualified African Nationals, phase III", "development", "USD",
     "4800000.00", 1, 3, [("ET", "40"), ("GH", "35"), ("KE", "25")],
     ("European Commission", "XI-IATI-EC_DEVCO", "15"), "3"),
    ("HIST-EVAC", "Humanitarian evacuation and return, former Yugoslavia", "humanitarian",
     "USD", "12500000.00", 2, 4, [("BA", "70"), ("R89", "30")],
     ("Government donor A", "XM-DAC-7", "10"), "2"),
    ("HIST-CT-UA", "Information campaign against trafficking in women", "debate_research",
     "EUR", "650000.00", 3, 2, [("UA", "100")], ("Private foundation", "", "60"), "4"),
    ("HIST-TCCA", "Technical cooperation on migration management in Central Asia",
     "technical_cooperation", "CHF", "2100000.00", 1, 3,
     [("KZ", "50"), ("KG", "30"), ("TJ", "20")], ("Government donor B", "XM-DAC-12", "10"), "1"),
    ("HIST-DEMOB", "Reintegration of demobilised soldiers", "humanitarian", "USD",
     "3300000.00", 4, 2, [("AO", "80"), ("R298", "20")],
     ("Multilateral trust fund", "XM-DAC-41114", "40"), "3"),
]


def _places(shares) -> tuple[tuple[RecipientCountry, ...], tuple[RecipientRegion, ...]]:
    countries = tuple(RecipientCountry(code, D(p)) for code, p in shares if not code.startswith("R"))
    regions = tuple(RecipientRegion(code[1:], "1", D(p)) for code, p in shares
                    if code.startswith("R"))
    return countries, regions


def _quarters(start: dt.date, end: dt.date) -> list[dt.date]:
    days, cursor = [], start + dt.timedelta(days=89)
    while cursor <= end:
        days.append(cursor)
        cursor += dt.timedelta(days=91)
    return days


def _activity(row, today: dt.date, org: Org) -> Activity:
    (code, title, category, currency, budget, ago, years, shares, donor, earmarking) = row
    end = today - dt.timedelta(days=365 * ago + 40)
    start = end - dt.timedelta(days=365 * years - 1)
    identifier = selectors.identifier_of(code)
    periods = yearly_periods(start, end)
    budgets = tuple(Budget(s, e, amount, s, currency=currency, status="2")
                    for (s, e), amount in zip(periods, split_by_days(D(budget), periods),
                                              strict=True))
    donor_name, donor_ref, donor_type = donor
    donor_org = TransactionOrg(ref=donor_ref, type=donor_type, name=(Narrative(donor_name),))
    ours = TransactionOrg(ref=org.ref, type=org.type, name=org.name, activity_id=identifier)
    first_year = budgets[0].value
    transactions = [
        Transaction("1", start, first_year, start, ref=f"{identifier}-I-1", provider=donor_org,
                    receiver=ours, aid_types=(AidType(earmarking, "2"),)),
        Transaction("2", start + dt.timedelta(days=14), D(budget), start + dt.timedelta(days=14),
                    ref=f"{identifier}-C-1", provider=ours),
    ]
    for i, (s, _e) in enumerate(periods[1:], start=2):
        transactions.append(Transaction("1", s, budgets[i - 1].value, s, ref=f"{identifier}-I-{i}",
                                        provider=donor_org, receiver=ours,
                                        aid_types=(AidType(earmarking, "2"),)))
    quarters = _quarters(start, end)
    spent = split_by_days(D(budget) * D("0.97"), [(q, q) for q in quarters])
    for n, (day, amount) in enumerate(zip(quarters, spent, strict=True), start=1):
        transactions.append(Transaction("4", day, amount, day, ref=f"{identifier}-E-{n}",
                                        description=(Narrative("Quarterly expenditure"),),
                                        provider=ours))
    countries, regions = _places(shares)
    return Activity(
        identifier=identifier, reporting_org=org, title=(Narrative(title),),
        description=(Narrative(f"{title}: a programme of the organisation, now closed."),),
        status="4", dates=(ActivityDate("1", start), ActivityDate("2", start),
                           ActivityDate("3", end), ActivityDate("4", end)),
        participating_orgs=(Org(ref=donor_ref, type=donor_type, role="1",
                                name=(Narrative(donor_name),)),
                            Org(ref=org.ref, type=org.type, role="4", name=org.name)),
        default_currency=currency, humanitarian=category == "humanitarian",
        recipient_countries=countries, recipient_regions=regions,
        sectors=sectors_for(category), default_finance_type="110",
        default_aid_types=(selectors.DEFAULT_AID_TYPE,), budgets=budgets,
        transactions=tuple(transactions))


def demo_iati_load() -> int:
    """When nothing was imported yet, import the history; return how many activities."""
    if ImportedActivity.objects.exists():
        return 0
    today = timezone.localdate()
    org = selectors.reporting_org()
    activities = [_activity(row, today, org) for row in HISTORY]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "history.xml"
        path.write_bytes(b"".join(iter_activities_xml(activities, generated=timezone.now())))
        return import_activity_file(path, today=today).created
