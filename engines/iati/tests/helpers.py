"""A realistic activity to write, break and read back; dates relative to a given day."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

from engines.iati import (
    Activity,
    ActivityDate,
    AidType,
    Budget,
    Org,
    RecipientCountry,
    RecipientRegion,
    Sector,
    Transaction,
    TransactionOrg,
    text,
)

REF = "XI-IATI-CRD"
ORG = Org(ref=REF, type="40", name=text(("Migration Organisation", ""),
                                        ("Organisation des migrations", "fr")))


def activity(today: dt.date, code: str = "P001", *, transactions: int = 3) -> Activity:
    start = today - dt.timedelta(days=500)
    identifier = f"{REF}-{code}"
    first_end = start + dt.timedelta(days=364)
    return Activity(
        identifier=identifier, reporting_org=ORG,
        title=text(("Assisted voluntary return", ""), ("Retour volontaire assisté", "fr"),
                   ("Retorno voluntario asistido", "es")),
        description=text("Return and reintegration of stranded migrants."),
        status="2", lang="en", default_currency="USD", humanitarian=True,
        dates=(ActivityDate("1", start), ActivityDate("2", start),
               ActivityDate("3", start + dt.timedelta(days=900))),
        participating_orgs=(Org(ref=REF, type="40", role="4", name=ORG.name),
                            Org(ref="XM-DAC-7", type="10", role="1", name=text("Donor"))),
        recipient_countries=(RecipientCountry("JO", D("70")),),
        recipient_regions=(RecipientRegion("589", "1", D("30")),),
        sectors=(Sector("15190", "1", D("60")), Sector("72010", "1", D("40")),
                 Sector("151", "2", D("100"))),
        default_finance_type="110",
        default_aid_types=(AidType("C01"), AidType("2", "2")),
        budgets=(Budget(start, first_end, D("120000.00"), start),
                 Budget(first_end + dt.timedelta(days=1), first_end + dt.timedelta(days=365),
                        D("80000.50"), first_end + dt.timedelta(days=1))),
        transactions=(
            *(Transaction("4", start + dt.timedelta(days=30 * i), D("1250.75") + i,
                          start + dt.timedelta(days=30 * i), ref=f"{identifier}-E{i}",
                          description=text("Assistance delivered"),
                          provider=TransactionOrg(ref=REF, type="40", name=ORG.name,
                                                  activity_id=identifier),
                          receiver=TransactionOrg(name=text("Beneficiaries (aggregated)")))
              for i in range(transactions)),
            Transaction("1", start + dt.timedelta(days=1), D("50000"), start + dt.timedelta(days=1),
                        ref=f"{identifier}-I1",
                        provider=TransactionOrg(ref="XM-DAC-7", type="10", name=text("Donor")),
                        aid_types=(AidType("3", "2"),))),
    )
