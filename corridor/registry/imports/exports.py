"""People as CSV or XLSX. Every cell goes through the one guard (corridor.core.exports), so that
nothing a spreadsheet would run as a formula reaches it unquoted, in either format."""

from __future__ import annotations

from collections.abc import Iterable

from corridor.core.exports import csv_bytes, xlsx_bytes
from corridor.registry.imports.selectors import EXPORT_COLUMNS, export_row


def people_csv(people: Iterable) -> bytes:
    return csv_bytes(EXPORT_COLUMNS, (export_row(p) for p in people))


def people_xlsx(people: Iterable) -> bytes:
    return xlsx_bytes("people", EXPORT_COLUMNS, (export_row(p) for p in people))
