"""The one formula guard of every CSV and Excel export: what a spreadsheet would run is
neutralised, numbers and E.164 phones are left as they are."""

from __future__ import annotations

import csv
import io
import unicodedata
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from corridor.core.exports import csv_bytes, is_formula, safe_cell, safe_value
from corridor.flows.exports import Sheet, excel, hxl_csv


@pytest.mark.parametrize("text", [
    "=1+1", "+1+1", "-1+1", "@SUM(A1:A9)", "=HYPERLINK(\"http://x\")",
    "\uff1d1+1",            # full-width equals sign
    "\ufe661+1",            # small equals sign
    "\uff0b1+1", "\uff0d1+1", "\uff20SUM(A1)",  # full-width + - @
    "\n=1+1", " =1+1", "\u3000=1+1", "\u00a0=1+1", "\u200b=1+1", "\x00=1+1", " \r\n @x",
    "\t1", "\rtext", "-344-1", "+962 79 123 4567",
])
def test_text_a_spreadsheet_would_run_is_neutralised(text):
    assert is_formula(text)
    assert safe_cell(text) == "'" + text
    assert safe_value(text) == "'" + text


@pytest.mark.parametrize("value", [
    -344, 0, 12, -3.5, Decimal("-2.50"), "-344", "+5", "-0.25", "1.5e3", "+962791234567",
    "+14155552671", "Amina", "حداد", "", "a=b", "e-mail", "1-2",
])
def test_numbers_phones_and_plain_text_stay_as_written(value):
    assert not is_formula(str(value))
    assert safe_cell(value) == str(value)


@pytest.mark.parametrize("number", [-344, -3.5, Decimal("-2.5"), 7])
def test_numbers_stay_numbers_for_excel(number):
    assert safe_value(number) is number


@given(st.text())
def test_any_text_is_kept_or_only_prefixed_and_never_left_runnable(text):
    shown = safe_cell(text)
    assert shown in (text, "'" + text)
    assert not is_formula(shown)
    stripped = unicodedata.normalize("NFKC", text).lstrip()
    if stripped[:1] in ("=", "@") or text[:1] in ("\t", "\r"):
        assert shown == "'" + text


@given(st.integers() | st.floats(allow_nan=False, allow_infinity=False))
def test_any_number_is_written_as_the_number(number):
    assert safe_cell(number) == str(number)
    assert safe_value(number) == number


def test_csv_and_excel_exports_keep_negative_numbers_and_phones(db):
    sheet = Sheet("series", ["Change", "Phone", "Note"], ["#affected+change", "#contact+phone",
                                                           "#meta+note"],
                  [[-344, "+962791234567", "\uff1dHYPERLINK(\"x\")"], ["-12", "", " =1"]])
    rows = list(csv.reader(io.StringIO(hxl_csv(sheet).decode())))
    assert rows[2][:3] == ["-344", "+962791234567", "'\uff1dHYPERLINK(\"x\")"]
    assert rows[3][:3] == ["-12", "", "' =1"]
    book = load_workbook(io.BytesIO(excel(sheet)))
    cells = [[c.value for c in row] for row in book.active.iter_rows(min_row=3)]
    assert cells[0] == [-344, "+962791234567", "'\uff1dHYPERLINK(\"x\")"]
    assert book.active.cell(3, 1).data_type == "n"
    plain = list(csv.reader(io.StringIO(csv_bytes(["n", "t"], [[-344, "\n=1"]]).decode("utf-8-sig"))))
    assert plain[1] == ["-344", "'\n=1"]
