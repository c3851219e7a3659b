"""Exports of the analytics as HXL-tagged CSV (as public DTM datasets on HDX) and Excel.

The first row is the text header, the second the HXL hashtags. In Excel masked cells read "< 5".
In the HXL CSV a count column holds numbers only (HXL's schema wants `#affected` numeric), so a
masked cell is left blank and the last column, "Suppressed cells" (`#meta+suppressed`), names
the masked cells of the row ("IDPs < 5"): no tool reads a masked count as zero or as text.
The HXL CSV is plain UTF-8 without a byte-order mark, as HXL tools expect.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from django.utils import timezone
from openpyxl import Workbook

from corridor.core.audit import audit_record
from corridor.core.exports import safe_cell, safe_value
from corridor.core.models import AuditAction
from corridor.flows import labels, selectors
from corridor.geo.models import AdminArea
from engines.flowstats import TOTAL

EXPORTS = ("displaced", "series", "od", "breakdown")
POPULATION_TAGS = {"idp": ("IDPs", "#affected+idps"), "returnee": ("Returnees", "#affected+returnees"),
                   "migrant": ("Migrants", "#affected+migrants")}


@dataclass(frozen=True)
class Sheet:
    name: str
    header: list[str]
    hashtags: list[str]
    rows: list[list[object]]


def _shown(row: dict, field: str = "count") -> object:
    return selectors.masked_label() if row["suppressed"] else row[field]


def displaced_sheet(scope: selectors.Scope) -> Sheet:
    rows = [r for r in selectors.displaced(scope=scope) if r["admin_pcode"] != TOTAL]
    areas = {a.pcode: a for a in AdminArea.objects.filter(pcode__in={r["admin_pcode"] for r in rows})}
    level = max((a.level for a in areas.values()), default=1) or 1
    types = [t for t in POPULATION_TAGS if any(r["population_type"] == t for r in rows)]
    wide: dict[tuple[str, int], dict[str, object]] = {}
    for r in rows:
        wide.setdefault((r["admin_pcode"], r["round"]), {})[r["population_type"]] = _shown(r, "individuals")
    reported = timezone.localdate().isoformat()
    body = []
    for (pcode, round_number), values in sorted(wide.items()):
        area = areas.get(pcode)
        # Codes stay codes for the tools that read the file; names are in the reader's language.
        body.append([area.country if area else "", pcode,
                     labels.area_name(area.level, area.country, area.name) if area else "", round_number,
                     "baseline", reported, *[values.get(t, "") for t in types]])
    return Sheet(
        "displaced",
        ["Country", "Admin P-code", "Admin name", "Round", "Assessment type", "Reported",
         *[POPULATION_TAGS[t][0] for t in types]],
        ["#country+code", f"#adm{level}+code", f"#adm{level}+name", "#round+code", "#assessment+type",
         "#date+reported", *[POPULATION_TAGS[t][1] + "+ind" for t in types]],
        body)


def series_sheet(scope: selectors.Scope, frequency: str) -> Sheet:
    rows = selectors.series(scope=scope, frequency=frequency)
    return Sheet("series", ["Period start", "Days", "People", "Previous period", "Change", "Change %"],
                 ["#date+start", "#meta+days", "#affected+num", "#affected+num+previous",
                  "#affected+change", "#affected+change+pct"],
                 [[str(r["period"]), r["days"], _shown(r), r["previous_count"] if r["previous_count"]
                   is not None else "", r["change"] if r["change"] is not None else "",
                   r["change_percent"] if r["change_percent"] is not None else ""] for r in rows])


def od_sheet(scope: selectors.Scope) -> Sheet:
    od = selectors.od(scope=scope)
    rows = od["rows"]
    # The names the matrix read for its areas (the whole gazetteer was read here).
    names = {row["code"]: row["name"] for row in od["grid"]} | dict(od["destinations"])
    return Sheet("od", ["Origin P-code", "Origin", "Destination P-code", "Destination", "People"],
                 ["#adm1+code+origin", "#adm1+name+origin", "#adm1+code+destination",
                  "#adm1+name+destination", "#affected+num"],
                 [[r["origin"], names.get(r["origin"], r["origin"]), r["destination"],
                   names.get(r["destination"], r["destination"]), _shown(r)] for r in rows])


def breakdown_sheet(scope: selectors.Scope, by: str) -> Sheet:
    rows = selectors.breakdown(scope=scope, by=by)
    return Sheet(f"breakdown-{by}", [by.replace("_", " ").capitalize(), "People"],
                 [f"#meta+{by.replace('_', '')}", "#affected+num"],
                 [[r[by], _shown(r)] for r in rows])


def hxl_csv(sheet: Sheet) -> bytes:
    masked = selectors.masked_label()
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([*sheet.header, "Suppressed cells"])
    writer.writerow([*sheet.hashtags, "#meta+suppressed"])
    for row in sheet.rows:
        hidden = "; ".join(f"{name} {masked}" for name, v in zip(sheet.header, row, strict=True)
                           if v == masked)
        # Numbers are written as numbers (a change of -5 is not a formula); text is neutralised.
        writer.writerow([*("" if v == masked else safe_value(v) for v in row), safe_cell(hidden)])
    # No byte-order mark: HXL tools (libhxl, HDX) would read it as part of the first header; the
    # Excel download is there for spreadsheets.
    return buffer.getvalue().encode("utf-8")


def excel(sheet: Sheet) -> bytes:
    book = Workbook(write_only=True)
    page = book.create_sheet(sheet.name[:31])
    page.append(sheet.header)
    page.append(sheet.hashtags)
    for row in sheet.rows:
        page.append([safe_value(v) for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def export_build(*, user, what: str, scope: selectors.Scope, frequency: str = "weekly",
                 by: str = "sex") -> Sheet:
    """The sheet for one export; the export is recorded in the audit trail."""
    if what == "displaced":
        sheet = displaced_sheet(scope)
    elif what == "series":
        sheet = series_sheet(scope, frequency)
    elif what == "od":
        sheet = od_sheet(scope)
    else:
        sheet = breakdown_sheet(scope, by)
    # Aggregates name nobody; the event names the offices whose monitoring points it covers.
    audit_record(actor=user, action=AuditAction.EXPORT, object_type="flows.aggregate",
                 object_id=what, summary=f"flows export {sheet.name} ({len(sheet.rows)} rows)",
                 offices=[point.office_id for point in scope.points])
    return sheet
