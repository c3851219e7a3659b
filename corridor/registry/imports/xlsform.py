"""The household registration form as an XLSForm (ODK Collect, KoboToolbox, Enketo), built from the
registry's own code lists so that every answer the form allows is one the import accepts.

A household is one submission; its people are a `members` repeat whose field names are the import's
column names (see columns.py). Nationality and languages are chosen from ISO 3166 and ISO 639 lists,
the place of origin from the gazetteer's P-codes (`select_one_from_file pcodes.csv`, a file the
form's user downloads beside it: `pcodes_csv_bytes`). The form's version is a hash of its content,
so a changed form is never taken for the one deployed before."""

from __future__ import annotations

import csv
import gettext
import hashlib
import io
import json
from functools import cache

import pycountry
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from corridor.geo.models import AdminArea
from corridor.registry.models import (
    Category,
    DatePrecision,
    DocumentKind,
    Relation,
    Sex,
    Vulnerability,
)

FORM_ID = "corridor_household_registration"
PCODES_FILE = "pcodes.csv"
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
    ("select_one country", "nationality", _("Nationality"), False, {}),
    (f"select_one_from_file {PCODES_FILE}", "place_of_origin", _("Place of origin"), False, {}),
    ("select_one category", "category", _("Category"), True, {}),
    ("select_multiple vulnerability", "vulnerabilities", _("Vulnerabilities"), False, {}),
    ("select_multiple language", "languages", _("Languages"), False, {}),
    ("text", "phone", _("Phone number"), False, {}),
    ("select_one document_kind", "document_kind", _("Identity document"), False, {}),
    ("text", "document_number", _("Document number"), False,
     {"relevant": "${document_kind} != ''"}),
    ("date", "document_expires_on", _("Document valid until"), False,
     {"relevant": "${document_kind} != ''"}),
    ("select_one yes_no", "consent_assistance", _("Consents to assistance"), True, {}),
    ("select_one yes_no", "consent_tracing", _("Consents to family tracing"), True, {}),
    ("end_repeat", "members", None, False, {}),
]
EXTRA = ["constraint", "relevant"]
# Kobo and ODK list submissions by this name. Not a person's name (the list is shown to everyone
# with access to the form's data, and names are personal data): the day and time it was begun.
INSTANCE_NAME = "concat(${today}, ' ', format-date-time(${start}, '%H:%M'))"


@cache
def _translations(domain: str, code: str) -> gettext.NullTranslations:
    return gettext.translation(domain, pycountry.LOCALES_DIR, languages=[code], fallback=True)


def _country_options() -> list[tuple[str, list[str]]]:
    """ISO 3166 alpha-3 codes, each named in every form language (pycountry's translations)."""
    out = []
    for country in sorted(pycountry.countries, key=lambda c: c.alpha_3):
        name = getattr(country, "common_name", None) or country.name
        out.append((country.alpha_3, [_translations("iso3166-1", code).gettext(name)
                                      for _label, code in LANGUAGES]))
    return out


def _language_options() -> list[tuple[str, list[str]]]:
    """The ISO 639-1 languages (two letters), the codes the import accepts first."""
    out = []
    for language in sorted((lang for lang in pycountry.languages if hasattr(lang, "alpha_2")),
                           key=lambda lang: lang.alpha_2):
        out.append((language.alpha_2, [_translations("iso639-3", code).gettext(language.name)
                                       for _label, code in LANGUAGES]))
    return out


def _labels(label) -> list[str]:
    if label is None:
        return ["" for _language in LANGUAGES]
    texts = []
    for _name, code in LANGUAGES:
        with translation.override(code):
            texts.append(str(label))
    return texts


def _sheets() -> dict[str, list[list[str]]]:
    """The form's three sheets as rows, the version left out (it is their hash)."""
    label_columns = [f"label::{name}" for name, _code in LANGUAGES]
    survey = [["type", "name", *label_columns, "required", *EXTRA]]
    for kind, name, label, required, extra in SURVEY:
        survey.append([kind, name, *_labels(label), "yes" if required else "",
                       *(extra.get(column, "") for column in EXTRA)])
    choices = [["list_name", "name", *label_columns]]
    for list_name, options in CHOICE_LISTS.items():
        for value, label in options:
            choices.append([list_name, value, *_labels(label)])
    choices += [["country", code, *names] for code, names in _country_options()]
    choices += [["language", code, *names] for code, names in _language_options()]
    with translation.override("en"):
        title = str(_("Corridor household registration"))
    settings = [["form_title", "form_id", "default_language", "instance_name"],
                [title, FORM_ID, LANGUAGES[0][0], INSTANCE_NAME]]
    return {"survey": survey, "choices": choices, "settings": settings}


def form_version(sheets: dict[str, list[list[str]]] | None = None) -> str:
    """A hash of the form's content: any change to a question, a label or a list changes it."""
    content = json.dumps(sheets or _sheets(), ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(content.encode()).hexdigest()[:12]


def xlsform_bytes() -> bytes:
    from openpyxl import Workbook

    sheets = _sheets()
    version = form_version(sheets)
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for index, row in enumerate(rows):
            extra = (["version"] if index == 0 else [version]) if title == "settings" else []
            sheet.append([*row, *extra])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def pcodes_csv_bytes() -> bytes:
    """The gazetteer's places as the form's `select_one_from_file` reads them: name (the P-code,
    what the import takes) and label (the place's name and its P-code)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["name", "label"])
    for pcode, name in AdminArea.objects.order_by("pcode").values_list("pcode", "name"):
        writer.writerow([pcode, f"{name} ({pcode})"])
    return out.getvalue().encode()
