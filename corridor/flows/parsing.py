"""Uploaded files (CSV, Excel, HXL-tagged CSV, ODK/KoboToolbox submission exports) to the Arrow
table the engine loads: every value as text, columns under the engine's names."""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

from corridor.geo.tabular import Table, read_table
from engines.flowstats.schema import SPECS

# HXL hashtags (attributes sorted, see corridor.geo.tabular) -> engine column, per kind.
_MOVEMENT_TAGS = {
    "#date": "date", "#date+reported": "date", "#loc+code": "point", "#loc+code+point": "point",
    "#meta+direction": "direction", "#country+code+nationality": "nationality",
    "#country+code": "nationality", "#sex": "sex", "#age+group": "age_group",
    "#meta+mode": "mode", "#meta+reason": "reason", "#adm1+code+origin": "origin",
    "#adm1+code+destination": "destination", "#adm2+code+origin": "origin",
    "#adm2+code+destination": "destination",
}
HASHTAGS = {
    "counts": {**_MOVEMENT_TAGS, "#affected+num": "count", "#affected+total": "count",
               "#affected+ind": "count"},
    "surveys": {**_MOVEMENT_TAGS, "#meta+id": "survey_id", "#meta+consent": "consent"},
    "assessments": {
        "#round+code": "round", "#assessment+type": "assessment_type", "#date+reported": "date",
        "#date": "date", "#adm1+code": "admin_pcode", "#adm2+code": "admin_pcode",
        "#adm3+code": "admin_pcode", "#loc+code+site": "site_id", "#loc+code": "site_id",
        "#population+type": "population_type", "#adm1+code+origin": "origin_pcode",
        "#meta+reason": "reason", "#date+displaced": "period", "#sex": "sex", "#age+group": "age_group",
        "#affected+ind": "individuals", "#affected+num": "individuals", "#affected+hh": "households",
    },
}
# Header names from collection tools (after group prefixes are dropped) -> engine column.
ALIASES = {
    "counts": {"point_code": "point", "fmp": "point", "age": "age_group", "people": "count",
               "individuals": "count"},
    "surveys": {"_uuid": "survey_id", "instanceid": "survey_id", "uuid": "survey_id",
                "point_code": "point", "fmp": "point", "age": "age_group", "today": "date",
                "consent_given": "consent"},
    "assessments": {"admin_area": "admin_pcode", "pcode": "admin_pcode", "site": "site_id",
                    "site_code": "site_id", "origin": "origin_pcode", "type": "assessment_type"},
}


@dataclass(frozen=True)
class ParsedUpload:
    table: pa.Table
    source: str
    row_offset: int  # add to the engine's row numbers (which count the header as row 1)


def parse_upload(kind: str, data: bytes, filename: str) -> ParsedUpload:
    table: Table = read_table(data, filename)
    names = table.column_names(HASHTAGS[kind], ALIASES[kind])
    wanted = set(SPECS[kind].names)
    columns: dict[str, list[str]] = {}
    for index, name in enumerate(names):
        if name in wanted and name not in columns:  # other columns of a form export are ignored
            columns[name] = [row[index] for row in table.rows]
    if kind == "surveys" and "date" not in columns and "_submission_time" in names:
        index = names.index("_submission_time")
        columns["date"] = [row[index][:10] for row in table.rows]
    arrow = pa.table({name: pa.array(values, pa.string()) for name, values in columns.items()})
    if not columns:
        arrow = pa.table({"_empty": pa.array([], pa.string())})
    return ParsedUpload(arrow, table.source, table.first_row - 2)
