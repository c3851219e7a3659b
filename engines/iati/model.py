"""The parts of an IATI 2.03 activity and organisation file that Corridor publishes and imports.

Frozen dataclasses, so that an activity read back from a file compares equal to the one written
(the round trip the tests hold). Amounts and percentages are Decimal, never float; dates are
`datetime.date`. Codes are the codelists' strings, checked by the validator, not here: a reader
must be able to hold a wrong file long enough to say what is wrong with it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

IATI_VERSION = "2.03"


@dataclass(frozen=True)
class Narrative:
    """One language of a text; `lang` blank means the activity's default language."""

    text: str
    lang: str = ""


Text = tuple[Narrative, ...]


def text(*pairs: tuple[str, str] | str) -> Text:
    """`text("Title")` or `text(("Title", ""), ("Titre", "fr"))`."""
    return tuple(Narrative(p) if isinstance(p, str) else Narrative(p[0], p[1]) for p in pairs)


@dataclass(frozen=True)
class Org:
    """reporting-org (with `ref` and `type` required by the rules) or a participating-org."""

    ref: str = ""
    type: str = ""
    name: Text = ()
    role: str = ""  # participating-org only: OrganisationRole (1 funding … 4 implementing)
    activity_id: str = ""  # participating-org/@activity-id


@dataclass(frozen=True)
class TransactionOrg:
    """A transaction's provider-org or receiver-org."""

    ref: str = ""
    type: str = ""
    name: Text = ()
    activity_id: str = ""  # provider-activity-id / receiver-activity-id


@dataclass(frozen=True)
class ActivityDate:
    type: str  # ActivityDateType: 1 planned start, 2 actual start, 3 planned end, 4 actual end
    iso_date: dt.date


@dataclass(frozen=True)
class RecipientCountry:
    code: str  # ISO 3166-1 alpha-2 (the Country codelist)
    percentage: Decimal | None = None


@dataclass(frozen=True)
class RecipientRegion:
    code: str
    vocabulary: str = "1"  # RegionVocabulary: 1 = OECD DAC regions
    percentage: Decimal | None = None


@dataclass(frozen=True)
class Sector:
    code: str
    vocabulary: str = "1"  # SectorVocabulary: 1 = DAC 5-digit, 2 = DAC 3-digit
    percentage: Decimal | None = None


@dataclass(frozen=True)
class Tag:
    code: str
    vocabulary: str  # TagVocabulary: 2 = SDG goals, 3 = SDG targets, 99 = the reporter's own
    name: Text = ()
    vocabulary_uri: str = ""


@dataclass(frozen=True)
class AidType:
    """default-aid-type: vocabulary 1 the DAC aid types, 2 the earmarking categories."""

    code: str
    vocabulary: str = "1"


@dataclass(frozen=True)
class Budget:
    period_start: dt.date
    period_end: dt.date
    value: Decimal
    value_date: dt.date
    currency: str = ""  # blank: the activity's default currency
    type: str = "1"  # BudgetType: 1 original, 2 revised
    status: str = "1"  # BudgetStatus: 1 indicative, 2 committed


@dataclass(frozen=True)
class Transaction:
    type: str  # TransactionType: 1 incoming funds, 2 commitment, 3 disbursement, 4 expenditure
    date: dt.date
    value: Decimal
    value_date: dt.date
    currency: str = ""
    ref: str = ""
    description: Text = ()
    provider: TransactionOrg | None = None
    receiver: TransactionOrg | None = None
    # aid-type: vocabulary 2 carries a contribution's earmarking category (EarmarkingCategory).
    aid_types: tuple[AidType, ...] = ()


@dataclass(frozen=True)
class Activity:
    identifier: str
    reporting_org: Org
    title: Text
    description: Text  # description type 1 (general)
    status: str  # ActivityStatus: 1 pipeline, 2 implementation, 3 finalisation, 4 closed …
    dates: tuple[ActivityDate, ...]
    participating_orgs: tuple[Org, ...]
    default_currency: str = ""
    lang: str = "en"
    humanitarian: bool | None = None
    last_updated: dt.datetime | None = None
    recipient_countries: tuple[RecipientCountry, ...] = ()
    recipient_regions: tuple[RecipientRegion, ...] = ()
    sectors: tuple[Sector, ...] = ()
    tags: tuple[Tag, ...] = ()
    default_finance_type: str = ""
    default_aid_types: tuple[AidType, ...] = ()
    budgets: tuple[Budget, ...] = ()
    transactions: tuple[Transaction, ...] = field(default=())


@dataclass(frozen=True)
class OrganisationBudget:
    """total-budget (or total-expenditure, which has no status) of the organisation file."""

    period_start: dt.date
    period_end: dt.date
    value: Decimal
    value_date: dt.date
    currency: str = ""
    status: str = "1"


@dataclass(frozen=True)
class Organisation:
    identifier: str
    name: Text
    reporting_org: Org
    default_currency: str = ""
    lang: str = "en"
    last_updated: dt.datetime | None = None
    total_budgets: tuple[OrganisationBudget, ...] = ()
    total_expenditure: tuple[OrganisationBudget, ...] = ()
