"""Spreadsheet-safe cells, the one guard of every CSV and Excel export.

A text cell that a spreadsheet would run as a formula is neutralised by a leading apostrophe
(shown as text by Excel, LibreOffice and Google Sheets). What counts as a formula is judged as a
spreadsheet reads the text: after NFKC normalisation (a full-width `＝` is `=`) and with leading
whitespace and control or format characters removed (`" =1+1"`, `"\\n=1+1"`), a text starting
with = + - or @; and any text starting with a tab or carriage return. Numbers are not text: they
stay numbers in both formats, and so does a text that is just a number (`-344`, `+5`, `1.5e3`).
An E.164 phone number (`+962791234567`) stays as written.
"""

from __future__ import annotations

import csv
import io
import numbers
import re
import unicodedata
from collections.abc import Iterable

_FORMULA_STARTS = ("=", "+", "-", "@")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?", re.ASCII)
_E164 = re.compile(r"\+[1-9]\d{6,14}", re.ASCII)


def _ignored_lead(char: str) -> bool:
    """Characters a spreadsheet skips or that hide what follows: spaces, controls, format."""
    return char.isspace() or unicodedata.category(char) in ("Cc", "Cf", "Zs", "Zl", "Zp")


def is_formula(text: str) -> bool:
    """Whether a spreadsheet could run `text` as a formula (see the module's docstring)."""
    if not text:
        return False
    if text[0] in "\t\r":
        return True
    if _NUMBER.fullmatch(text) or _E164.fullmatch(text):
        return False
    normalised = unicodedata.normalize("NFKC", text)
    index = 0
    while index < len(normalised) and _ignored_lead(normalised[index]):
        index += 1
    return normalised[index:].startswith(_FORMULA_STARTS)


def safe_value(value: object) -> object:
    """The value to write in a spreadsheet cell: a number as it is (Excel stores it as a number),
    anything else as its text, neutralised when a spreadsheet would run it."""
    if value is None:
        return ""
    if isinstance(value, numbers.Number):
        return value
    text = value if isinstance(value, str) else str(value)
    return "'" + text if is_formula(text) else text


def safe_cell(value: object) -> str:
    """`safe_value` as CSV text: a number is written as the number it is (`-344`, not `'-344`)."""
    return str(safe_value(value))


def csv_bytes(header: list[str], rows: Iterable[Iterable[object]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    # A byte-order mark so that Excel opens names in any script as UTF-8.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


# The content types of the two table formats every export offers.
CONTENT_TYPES = {"csv": "text/csv; charset=utf-8",
                 "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}

def xlsx_bytes(sheet_name: str, header: list[str], rows: Iterable[Iterable[object]]) -> bytes:
    """An Excel workbook of one sheet, written row by row (openpyxl's write-only mode); every
    cell through `safe_value` (openpyxl would store a text starting with '=' as a formula)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_name[:31])
    sheet.append([safe_value(h) for h in header])
    for row in rows:
        sheet.append([safe_value(v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
