"""The official IATI 2.03 codelists (standard/codelists/, embedded and non-embedded) and where
each one applies.

`MAPPINGS` says, for every attribute (or text) of an activity or organisation file that takes a
code, which codelist it must come from and under which vocabulary. It follows the IATI codelist
mapping of version 2.03 (IATI-Codelists, mapping.xml, branch version-2.03), written out here as a
table the validator can look up by element path; `tests/test_codelists.py` checks that every
codelist file named exists and that every codelist shipped is used, or listed in `UNMAPPED` with
the reason.

Withdrawn codes stay valid: historic data (a 1996 budget in Deutsche Mark) must still validate,
as the IATI validator only warns about them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from lxml import etree

STANDARD = Path(__file__).resolve().parent / "standard"
CODELIST_DIRS = (STANDARD / "codelists" / "embedded", STANDARD / "codelists" / "non-embedded")

# Vocabulary conditions: the element's own @vocabulary (or its parent's) must be one of these;
# "" stands for the attribute being absent.
DAC = ("1", "")


@dataclass(frozen=True)
class Mapping:
    path: str  # element path from the file's root element, e.g. "iati-activity/sector"
    attribute: str  # attribute name, or "text()" for the element's content
    codelist: str
    vocabularies: tuple[str, ...] | None = None  # None: always
    parent_vocabulary: bool = False  # the condition is on the parent's @vocabulary


def _m(path: str, attribute: str, codelist: str, vocabularies: tuple[str, ...] | None = None,
       *, parent: bool = False) -> Mapping:
    return Mapping(path, attribute, codelist, vocabularies, parent)


A = "iati-activity"
O = "iati-organisation"  # noqa: E741 - the organisation file's element, as A is the activity's
_DOCUMENT_LINK = [("@format", "FileFormat"), ("category@code", "DocumentCategory"),
                  ("language@code", "Language")]


def _document_links(base: str) -> list[Mapping]:
    out = []
    for where, codelist in _DOCUMENT_LINK:
        sub, attribute = where.split("@")
        out.append(_m(f"{base}/document-link{'/' + sub if sub else ''}", attribute, codelist))
    return out


MAPPINGS: tuple[Mapping, ...] = tuple([
    _m("iati-activities", "version", "Version"),
    _m(A, "budget-not-provided", "BudgetNotProvided"),
    _m(A, "default-currency", "Currency"),
    _m(f"{A}/activity-date", "type", "ActivityDateType"),
    _m(f"{A}/activity-status", "code", "ActivityStatus"),
    _m(f"{A}/activity-scope", "code", "ActivityScope"),
    _m(f"{A}/budget", "status", "BudgetStatus"),
    _m(f"{A}/budget", "type", "BudgetType"),
    _m(f"{A}/budget/value", "currency", "Currency"),
    _m(f"{A}/collaboration-type", "code", "CollaborationType"),
    _m(f"{A}/conditions/condition", "type", "ConditionType"),
    _m(f"{A}/contact-info", "type", "ContactType"),
    _m(f"{A}/country-budget-items", "vocabulary", "BudgetIdentifierVocabulary"),
    _m(f"{A}/country-budget-items/budget-item", "code", "BudgetIdentifier", ("1",), parent=True),
    _m(f"{A}/country-budget-items/budget-item/description", "type", "DescriptionType"),
    _m(f"{A}/crs-add/channel-code", "text()", "CRSChannelCode"),
    _m(f"{A}/crs-add/other-flags", "code", "CRSAddOtherFlags"),
    _m(f"{A}/crs-add/loan-status", "currency", "Currency"),
    _m(f"{A}/crs-add/loan-terms/repayment-plan", "code", "LoanRepaymentPeriod"),
    _m(f"{A}/crs-add/loan-terms/repayment-type", "code", "LoanRepaymentType"),
    _m(f"{A}/default-aid-type", "code", "AidType", DAC),
    _m(f"{A}/default-aid-type", "code", "EarmarkingCategory", ("2",)),
    _m(f"{A}/default-aid-type", "code", "CashandVoucherModalities", ("4",)),
    _m(f"{A}/default-aid-type", "vocabulary", "AidTypeVocabulary"),
    _m(f"{A}/default-finance-type", "code", "FinanceType"),
    _m(f"{A}/default-flow-type", "code", "FlowType"),
    _m(f"{A}/default-tied-status", "code", "TiedStatus"),
    _m(f"{A}/description", "type", "DescriptionType"),
    *_document_links(A),
    _m(f"{A}/fss/forecast", "currency", "Currency"),
    _m(f"{A}/humanitarian-scope", "type", "HumanitarianScopeType"),
    _m(f"{A}/humanitarian-scope", "vocabulary", "HumanitarianScopeVocabulary"),
    _m(f"{A}/location/administrative", "vocabulary", "GeographicVocabulary"),
    _m(f"{A}/location/administrative", "code", "Country", ("A4",)),
    _m(f"{A}/location/feature-designation", "code", "LocationType"),
    _m(f"{A}/location/location-class", "code", "GeographicLocationClass"),
    _m(f"{A}/location/location-id", "vocabulary", "GeographicVocabulary"),
    _m(f"{A}/location/location-reach", "code", "GeographicLocationReach"),
    _m(f"{A}/location/exactness", "code", "GeographicExactness"),
    _m(f"{A}/other-identifier", "type", "OtherIdentifierType"),
    _m(f"{A}/participating-org", "crs-channel-code", "CRSChannelCode"),
    _m(f"{A}/participating-org", "role", "OrganisationRole"),
    _m(f"{A}/participating-org", "type", "OrganisationType"),
    _m(f"{A}/planned-disbursement", "type", "BudgetType"),
    _m(f"{A}/planned-disbursement/provider-org", "type", "OrganisationType"),
    _m(f"{A}/planned-disbursement/receiver-org", "type", "OrganisationType"),
    _m(f"{A}/planned-disbursement/value", "currency", "Currency"),
    _m(f"{A}/policy-marker", "code", "PolicyMarker", DAC),
    _m(f"{A}/policy-marker", "significance", "PolicySignificance"),
    _m(f"{A}/policy-marker", "vocabulary", "PolicyMarkerVocabulary"),
    _m(f"{A}/recipient-country", "code", "Country"),
    _m(f"{A}/recipient-region", "code", "Region", DAC),
    _m(f"{A}/recipient-region", "vocabulary", "RegionVocabulary"),
    _m(f"{A}/related-activity", "type", "RelatedActivityType"),
    _m(f"{A}/reporting-org", "type", "OrganisationType"),
    _m(f"{A}/result", "type", "ResultType"),
    _m(f"{A}/result/description", "type", "DescriptionType"),
    *_document_links(f"{A}/result"),
    _m(f"{A}/result/indicator", "measure", "IndicatorMeasure"),
    *_document_links(f"{A}/result/indicator/baseline"),
    _m(f"{A}/result/indicator/description", "type", "DescriptionType"),
    *_document_links(f"{A}/result/indicator"),
    *_document_links(f"{A}/result/indicator/period/actual"),
    *_document_links(f"{A}/result/indicator/period/target"),
    _m(f"{A}/result/indicator/reference", "vocabulary", "IndicatorVocabulary"),
    _m(f"{A}/result/reference", "vocabulary", "ResultVocabulary"),
    _m(f"{A}/sector", "code", "Sector", DAC),
    _m(f"{A}/sector", "code", "SectorCategory", ("2",)),
    _m(f"{A}/sector", "code", "UNSDG-Goals", ("7",)),
    _m(f"{A}/sector", "code", "UNSDG-Targets", ("8",)),
    _m(f"{A}/sector", "vocabulary", "SectorVocabulary"),
    _m(f"{A}/tag", "code", "UNSDG-Goals", ("2",)),
    _m(f"{A}/tag", "code", "UNSDG-Targets", ("3",)),
    _m(f"{A}/tag", "vocabulary", "TagVocabulary"),
    _m(f"{A}/transaction/aid-type", "code", "AidType", DAC),
    _m(f"{A}/transaction/aid-type", "code", "EarmarkingCategory", ("2",)),
    _m(f"{A}/transaction/aid-type", "code", "CashandVoucherModalities", ("4",)),
    _m(f"{A}/transaction/aid-type", "vocabulary", "AidTypeVocabulary"),
    _m(f"{A}/transaction/disbursement-channel", "code", "DisbursementChannel"),
    _m(f"{A}/transaction/finance-type", "code", "FinanceType"),
    _m(f"{A}/transaction/flow-type", "code", "FlowType"),
    _m(f"{A}/transaction/recipient-country", "code", "Country"),
    _m(f"{A}/transaction/recipient-region", "code", "Region", DAC),
    _m(f"{A}/transaction/recipient-region", "vocabulary", "RegionVocabulary"),
    _m(f"{A}/transaction/provider-org", "type", "OrganisationType"),
    _m(f"{A}/transaction/receiver-org", "type", "OrganisationType"),
    _m(f"{A}/transaction/sector", "code", "Sector", DAC),
    _m(f"{A}/transaction/sector", "code", "SectorCategory", ("2",)),
    _m(f"{A}/transaction/sector", "code", "UNSDG-Goals", ("7",)),
    _m(f"{A}/transaction/sector", "code", "UNSDG-Targets", ("8",)),
    _m(f"{A}/transaction/sector", "vocabulary", "SectorVocabulary"),
    _m(f"{A}/transaction/tied-status", "code", "TiedStatus"),
    _m(f"{A}/transaction/transaction-type", "code", "TransactionType"),
    _m(f"{A}/transaction/value", "currency", "Currency"),
    _m("iati-organisations", "version", "Version"),
    _m(O, "default-currency", "Currency"),
    *_document_links(O),
    _m(f"{O}/document-link/recipient-country", "code", "Country"),
    _m(f"{O}/recipient-country-budget", "status", "BudgetStatus"),
    _m(f"{O}/recipient-country-budget/recipient-country", "code", "Country"),
    _m(f"{O}/recipient-country-budget/budget-line/value", "currency", "Currency"),
    _m(f"{O}/recipient-country-budget/value", "currency", "Currency"),
    _m(f"{O}/recipient-org-budget", "status", "BudgetStatus"),
    _m(f"{O}/recipient-org-budget/value", "currency", "Currency"),
    _m(f"{O}/recipient-org-budget/budget-line/value", "currency", "Currency"),
    _m(f"{O}/recipient-region-budget", "status", "BudgetStatus"),
    _m(f"{O}/recipient-region-budget/recipient-region", "code", "Region", DAC),
    _m(f"{O}/recipient-region-budget/recipient-region", "vocabulary", "RegionVocabulary"),
    _m(f"{O}/recipient-region-budget/budget-line/value", "currency", "Currency"),
    _m(f"{O}/recipient-region-budget/value", "currency", "Currency"),
    _m(f"{O}/reporting-org", "type", "OrganisationType"),
    _m(f"{O}/total-budget", "status", "BudgetStatus"),
    _m(f"{O}/total-budget/value", "currency", "Currency"),
    _m(f"{O}/total-budget/budget-line/value", "currency", "Currency"),
    _m(f"{O}/total-expenditure/value", "currency", "Currency"),
    _m(f"{O}/total-expenditure/expense-line/value", "currency", "Currency"),
])

# Every element's xml:lang, wherever it is (the mapping's //@xml:lang).
LANGUAGE_CODELIST = "Language"

# Codelists shipped but mapped to no path: they are the category lists of other codelists, or
# name registries of identifiers (not codes in an attribute), or are referred to only by
# guidance. Held here so the test can tell a forgotten mapping from a deliberate one.
UNMAPPED: dict[str, str] = {
    "AidType-category": "categories of AidType",
    "BudgetIdentifierSector": "categories of BudgetIdentifier",
    "BudgetIdentifierSector-category": "categories of BudgetIdentifierSector",
    "DocumentCategory-category": "categories of DocumentCategory",
    "FinanceType-category": "categories of FinanceType",
    "LocationType-category": "categories of LocationType",
    "GazetteerAgency": "used by no 2.03 element (1.x gazetteer-entry)",
    "GeographicalPrecision": "used by no 2.03 element (1.x location precision)",
    "IATIOrganisationIdentifier": "identifier prefixes, not an attribute's code",
    "OrganisationIdentifier": "identifier prefixes, not an attribute's code",
    "OrganisationRegistrationAgency": "the prefixes of organisation identifiers",
    "PublisherType": "the IATI Registry's publisher types, not in the files",
    "VerificationStatus": "used by no 2.03 element",
}


@cache
def codelist_files() -> dict[str, Path]:
    files: dict[str, Path] = {}
    for folder in CODELIST_DIRS:
        for path in sorted(folder.glob("*.xml")):
            files[path.stem] = path
    return files


@cache
def codes(name: str) -> frozenset[str]:
    """Every code of the codelist, active or withdrawn."""
    path = codelist_files()[name]
    tree = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True))
    return frozenset(c.text.strip() for c in tree.iterfind("codelist-items/codelist-item/code")
                     if c.text)


@cache
def mappings_by_path() -> dict[str, tuple[Mapping, ...]]:
    grouped: dict[str, list[Mapping]] = {}
    for m in MAPPINGS:
        grouped.setdefault(m.path, []).append(m)
    return {path: tuple(ms) for path, ms in grouped.items()}


def applies(mapping: Mapping, element: etree._Element) -> bool:
    if mapping.vocabularies is None:
        return True
    holder = element.getparent() if mapping.parent_vocabulary else element
    vocabulary = holder.get("vocabulary", "") if holder is not None else ""
    return vocabulary in mapping.vocabularies
