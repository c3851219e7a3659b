"""People as CSV or XLSX. Every cell goes through the one guard (corridor.core.exports), so that
nothing a spreadsheet would run as a formula reaches it unquoted, in either format."""

from __future__ import annotations

import io
from collections.abc import Iterable

from corridor.core.exports import csv_bytes, safe_value
from corridor.registry.imports.selectors import EXPORT_COLUMNS, export_row


def people_csv(people: Iterable) -> bytes:
    return csv_bytes(EXPORT_COLUMNS, (export_row(p) for p in people))


def people_xlsx(people: Iterable) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("people")
    sheet.append(EXPORT_COLUMNS)
    for person in people:
        # Numbers stay numbers; every other value becomes text, neutralised. openpyxl would store
        # a string starting with '=' as a formula.
        sheet.append([safe_value(v) for v in export_row(person)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
