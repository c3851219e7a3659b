"""IATI 2.03 publishing: activity and organisation files, written streamed, read back, validated.

Pure Python, no Django. The official schemas and codelists are in `standard/` (see its
SOURCE.md), so that validation works offline.

    from engines.iati import iter_activities_xml, validate, iter_activities
    chunks = iter_activities_xml(activities, generated=now)     # bytes, constant memory
    problems = validate(path, today=today)                      # schema + codelists + rules
    for activity, line in iter_activities(path): ...            # streamed import
"""

from engines.iati.model import (
    IATI_VERSION,
    Activity,
    ActivityDate,
    AidType,
    Budget,
    Narrative,
    Org,
    Organisation,
    OrganisationBudget,
    RecipientCountry,
    RecipientRegion,
    Sector,
    Tag,
    Transaction,
    TransactionOrg,
    text,
)
from engines.iati.reader import iter_activities
from engines.iati.validator import IatiError, Problem, one_year_after, validate
from engines.iati.writer import iter_activities_xml, iter_organisations_xml

__all__ = [
    "IATI_VERSION",
    "Activity",
    "ActivityDate",
    "AidType",
    "Budget",
    "IatiError",
    "Narrative",
    "Org",
    "Organisation",
    "OrganisationBudget",
    "Problem",
    "RecipientCountry",
    "RecipientRegion",
    "Sector",
    "Tag",
    "Transaction",
    "TransactionOrg",
    "iter_activities",
    "iter_activities_xml",
    "iter_organisations_xml",
    "one_year_after",
    "text",
    "validate",
]
