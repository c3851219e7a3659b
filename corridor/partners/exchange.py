"""Files for a partner: the shared records through its exchange profile, as JSON, CSV or HXL.

The profile in force (the partner's latest edition) renames each field to the partner's column,
tags it with the partner's HXL hashtag and recodes its values (sex "female" → "F"). Without a
profile, Corridor's codes and default hashtags are used. CSV cells go through the one export
guard (`core.exports`); HXL is the CSV with a hashtag row under the header, as the flows' HXL
export writes it (UTF-8 without a byte-order mark, which HXL tools would misread).
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass

from corridor.core.exports import csv_bytes, safe_cell, safe_value
from corridor.partners import catalogue
from corridor.partners.models import ExchangeProfile, Partner

DEFAULT_HXL = {
    "given_name": "#beneficiary+name+given", "family_name": "#beneficiary+name+family",
    "original_script_name": "#beneficiary+name+native", "sex": "#beneficiary+sex",
    "birth_date": "#beneficiary+date+birth", "birth_year": "#beneficiary+year+birth",
    "nationality": "#beneficiary+nationality+code", "category": "#beneficiary+type",
    "vulnerabilities": "#beneficiary+vulnerability", "languages": "#beneficiary+language",
    "place_of_origin": "#adm1+code+origin", "phones": "#contact+phone",
    "documents": "#beneficiary+id+document", "office": "#org+office+code",
}
FORMATS = {"json": "application/json", "csv": "text/csv; charset=utf-8",
           "hxl": "text/csv; charset=utf-8"}


def profile_in_force(partner: Partner) -> ExchangeProfile | None:
    return partner.exchange_profiles.order_by("-edition").first()


def mapping_problems(mapping: object) -> list[dict[str, str]]:
    """Why a profile's mapping is refused, naming the field; empty when it is sound."""
    from django.utils.translation import gettext as _

    if not isinstance(mapping, dict):
        return [{"field": "mapping", "message": _("The mapping is an object by field code.")}]
    problems = []
    for code, entry in mapping.items():
        where = f"mapping.{code}"
        if code not in catalogue.FIELDS:
            problems.append({"field": where, "message": _("Unknown field.")})
            continue
        if not isinstance(entry, dict) or not str(entry.get("column", "")).strip():
            problems.append({"field": where, "message": _("Give the partner's column name.")})
            continue
        hxl = str(entry.get("hxl", ""))
        if hxl and not hxl.startswith("#"):
            problems.append({"field": f"{where}.hxl",
                             "message": _("An HXL hashtag starts with #.")})
        if not isinstance(entry.get("values", {}), dict):
            problems.append({"field": f"{where}.values",
                             "message": _("Value codes are an object: ours → theirs.")})
    return problems


@dataclass(frozen=True)
class Layout:
    codes: list[str]
    columns: list[str]
    hashtags: list[str]
    recode: dict[str, dict[str, str]]
    edition: int | None


def layout(partner: Partner, codes: list[str]) -> Layout:
    profile = profile_in_force(partner)
    mapping = profile.mapping if profile else {}
    columns, hashtags, recode = [], [], {}
    for code in codes:
        entry = mapping.get(code) or {}
        columns.append(str(entry.get("column") or code))
        hashtags.append(str(entry.get("hxl") or DEFAULT_HXL[code]))
        recode[code] = {str(k): str(v) for k, v in (entry.get("values") or {}).items()}
    return Layout(codes, columns, hashtags, recode, profile.edition if profile else None)


def _cell(plan: Layout, code: str, record) -> object:
    if code not in record.fields:  # a person who consented to fewer fields: left empty
        return ""
    value = record.values.get(code, "")
    return plan.recode[code].get(str(value), value)


def render(fmt: str, plan: Layout, records) -> bytes:
    rows = [[_cell(plan, code, r) for code in plan.codes] for r in records]
    if fmt == "json":
        return json.dumps({"profile_version": plan.edition, "records": [
            dict(zip(plan.columns, row, strict=True)) for row in rows]},
            ensure_ascii=False, default=str).encode("utf-8")
    if fmt == "csv":
        return csv_bytes(plan.columns, rows)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([safe_cell(c) for c in plan.columns])
    writer.writerow(plan.hashtags)
    for row in rows:
        writer.writerow([safe_value(v) for v in row])
    return buffer.getvalue().encode("utf-8")
