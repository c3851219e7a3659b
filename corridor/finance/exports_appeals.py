"""An appeal's figures as CSV or Excel, in the reader's language: requirements and funding by
agency and sector, by agency, by sector and by donor (USD). Amounts are numbers in both formats;
every text cell goes through the spreadsheet guard (core.exports)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from corridor.core.exports import csv_bytes, xlsx_bytes
from corridor.finance.selectors.appeals import AppealSummary, Row


def _header() -> list[str]:
    return [_("Breakdown"), _("Line"), _("Requirements (USD)"), _("Funding (USD)"),
            _("Received (USD)"), _("Coverage (%)"), _("Pledges not counted (USD)")]


def _rows(found: AppealSummary) -> list[list[object]]:
    def line(part: str, row: Row, required: bool = True) -> list[object]:
        return [part, row.label, row.required if required else "", row.funding, row.received,
                row.coverage if required and row.coverage is not None else "", row.pledged]

    out = [line(_("Agency and sector"), row) for _r, row in found.by_requirement]
    out += [line(_("Agency"), row) for row in found.by_agency]
    out += [line(_("Sector"), row) for row in found.by_sector]
    out += [line(_("Donor"), row, required=False) for row in found.by_donor]
    out.append(line(_("Total"), found.total))
    return out


def appeal_csv(found: AppealSummary) -> bytes:
    return csv_bytes(_header(), _rows(found))


def appeal_xlsx(found: AppealSummary) -> bytes:
    return xlsx_bytes(found.appeal.code or "appeal", _header(), _rows(found))
