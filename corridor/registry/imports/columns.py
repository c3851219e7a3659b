"""The columns of a people spreadsheet, one row per person; the same names are the XLSForm's
field names inside its `members` repeat, so a Kobo or ODK export maps onto them directly.

| column | required | content |
|---|---|---|
| household_ref | yes | any text; rows with the same value form one household (only in spreadsheets) |
| relation_to_head | yes | head, spouse, child, parent, sibling, grandchild, other_relative, not_related |
| given_name | yes | Latin script |
| family_name | | Latin script |
| original_script_name | | the name as written in its own script |
| sex | | female, male, other, unknown (blank: unknown) |
| birth_date | | YYYY-MM-DD |
| birth_date_precision | | exact, month, year, estimated (blank: exact) |
| nationality | | ISO 3166 alpha-3 (SYR, UKR, …) |
| place_of_origin | | P-code of an administrative area known to Corridor |
| category | yes | economic_migrant, idp, refugee, … (registry.models.Category) |
| vulnerabilities | | codes separated by spaces (as ODK writes select_multiple) |
| languages | | ISO 639 codes separated by spaces |
| phone | | international (+962…) or national format of the office's country |
| document_kind | | passport, national_id, refugee_id, birth_certificate, travel_document, other |
| document_number | | needs document_kind |
| document_issuing_country | | ISO 3166 alpha-3 |
| document_expires_on | | YYYY-MM-DD: the last day the document is valid (the travel checks read it) |
| consent_assistance, consent_tracing | | yes or no (blank: not recorded) |
| household_address | | the household's address (taken from the head's row) |
"""

from __future__ import annotations

PERSON_COLUMNS = [
    "relation_to_head", "given_name", "family_name", "original_script_name", "sex", "birth_date",
    "birth_date_precision", "nationality", "place_of_origin", "category", "vulnerabilities",
    "languages", "phone", "document_kind", "document_number", "document_issuing_country",
    "document_expires_on",
    "consent_assistance", "consent_tracing",
]
HOUSEHOLD_COLUMN = "household_ref"
ADDRESS_COLUMN = "household_address"
SPREADSHEET_COLUMNS = [HOUSEHOLD_COLUMN, *PERSON_COLUMNS, ADDRESS_COLUMN]
REQUIRED_COLUMNS = ["relation_to_head", "given_name", "category"]
