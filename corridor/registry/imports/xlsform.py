"""The household registration form as an XLSForm (ODK Collect, KoboToolbox, Enketo), built from the
registry's own code lists so that every answer the form allows is one the import accepts.

A household is one submission; its people are a `members` repeat whose field names are the import's
column names (see columns.py)."""

from __future__ import annotations

import io

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from corridor.registry.models import (
    Category,
    DatePrecision,
    DocumentKind,
    Relation,
    Sex,
    Vulnerability,
)

FORM_ID = "corridor_household_registration"
FORM_VERSION = "2025060101"
LANGUAGES = [("English (en)", "en"), ("French (fr)", "fr"), ("Spanish (es)", "es")]

YES_NO = [("yes", _("Yes")), ("no", _("No"))]
CHOICE_LISTS = {
    "relation": Relation.choices,
    "sex": Sex.choices,
    "precision": DatePrecision.choices,
    "category": Category.choices,
    "vulnerability": Vulnerability.choices,
    "document_kind": DocumentKind.choices,
    "yes_no": YES_NO,
}

# (type, name, label, required, extra columns)
SURVEY = [
    ("start", "start", None, False, {}),
    ("end", "end", None, False, {}),
    ("today", "today", None, False, {}),
    ("text", "household_address", _("Address of the household"), False, {}),
    ("begin_repeat", "members", _("Household member"), False, {}),
    ("select_one relation", "relation_to_head", _("Relation to the head of household"), True, {}),
    ("text", "given_name", _("Given name (Latin script)"), True, {}),
    ("text", "family_name", _("Family name (Latin script)"), False, {}),
    ("text", "original_script_name", _("Full name in its original script"), False, {}),
    ("select_one sex", "sex", _("Sex"), False, {}),
    ("date", "birth_date", _("Date of birth"), False, {"constraint": ". <= today()"}),
    ("select_one precision", "birth_date_precision", _("Precision of the date of birth"), False,
     {"relevant": "${birth_date} != ''"}),
    ("text", "nationality", _("Nationality (ISO 3166 alpha-3 code, e.g. SYR)"), False,
     {"constraint": "regex(., '^[A-Z]{3}$')"}),
    ("text", "place_of_origin", _("Place of origin (P-code)"), False, {}),
    ("select_one category", "category", _("Category"), True, {}),
    ("select_multiple vulnerability", "vulnerabilities", _("Vulnerabilities"), False, {}),
    ("text", "languages", _("Languages (ISO 639 codes separated by spaces)"), False, {}),
    ("text", "phone", _("Phone number"), False, {}),
    ("select_one document_kind", "document_kind", _("Identity document"), False, {}),
    ("text", "document_number", _("Document number"), False,
     {"relevant": "${document_kind} != ''"}),
    ("select_one yes_no", "consent_assistance", _("Consents to assistance"), True, {}),
    ("select_one yes_no", "consent_tracing", _("Consents to family tracing"), True, {}),
    ("end_repeat", "members", None, False, {}),
]
EXTRA = ["constraint", "relevant"]


def _labels(label) -> list[str]:
    if label is None:
        return ["" for _language in LANGUAGES]
    texts = []
    for _name, code in LANGUAGES:
        with translation.override(code):
            texts.append(str(label))
    return texts


def xlsform_bytes() -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    survey = workbook.active
    survey.title = "survey"
    label_columns = [f"label::{name}" for name, _code in LANGUAGES]
    survey.append(["type", "name", *label_columns, "required", *EXTRA])
    for kind, name, label, required, extra in SURVEY:
        survey.append([kind, name, *_labels(label), "yes" if required else "",
                       *(extra.get(column, "") for column in EXTRA)])
    choices = workbook.create_sheet("choices")
    choices.append(["list_name", "name", *label_columns])
    for list_name, options in CHOICE_LISTS.items():
        for value, label in options:
            choices.append([list_name, value, *_labels(label)])
    settings = workbook.create_sheet("settings")
    settings.append(["form_title", "form_id", "version", "default_language"])
    with translation.override("en"):
        title = str(_("Corridor household registration"))
    settings.append([title, FORM_ID, FORM_VERSION, LANGUAGES[0][0]])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
