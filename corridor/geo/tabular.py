"""Read the tables users exchange (CSV, Excel, HXL-tagged CSV) into plain text rows.

HXL (Humanitarian Exchange Language) puts a row of hashtags such as `#adm1+code` under (or
instead of) the text header. libhxl is not a dependency: the hashtag row is recognised here and
each hashtag normalised (lower case, attributes sorted) so that `#adm1 +code` equals `#adm1+code`.

Every upload limit (bytes, a workbook's inflated size and members, rows, columns) is checked here,
through corridor.core.uploads, before and while the file is read.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from pathlib import PurePath

from django.utils.translation import gettext as _

from corridor.core import uploads
from corridor.core.errors import ValidationFailed


@dataclass(frozen=True)
class Table:
    source: str
    header: list[str]  # normalised text header (lower case, spaces as underscores)
    hashtags: list[str] | None  # normalised hashtags, when the file is HXL-tagged
    rows: list[list[str]]
    first_row: int  # spreadsheet number of rows[0] (the header is row 1)

    def column_names(self, by_hashtag: dict[str, str], by_name: dict[str, str]) -> list[str]:
        """The canonical name of each column: by hashtag first, then by header text."""
        names = []
        for index, text in enumerate(self.header):
            tag = self.hashtags[index] if self.hashtags and index < len(self.hashtags) else ""
            names.append(by_hashtag.get(tag) or by_name.get(text) or text)
        return names


def normalise_hashtag(text: str) -> str:
    text = text.strip().lower().replace(" ", "")
    if not text.startswith("#"):
        return ""
    tag, *attributes = text.split("+")
    return "+".join([tag, *sorted(a for a in attributes if a)])


def normalise_name(text: str) -> str:
    text = text.strip().lower()
    # ODK/KoboToolbox exports name grouped questions "group/question": keep the question.
    text = text.rsplit("/", 1)[-1]
    return "_".join(text.replace("-", " ").split())


def _is_hashtag_row(row: list[str]) -> bool:
    cells = [c.strip() for c in row if c and c.strip()]
    return bool(cells) and all(c.startswith("#") for c in cells)


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value).strip()


def _excel_rows(data: bytes, source: str) -> list[list[str]]:
    from openpyxl import load_workbook

    uploads.check_zip(source, data)

    def unreadable(error: Exception) -> ValidationFailed:
        return ValidationFailed([{"where": source, "field": "file",
                                  "message": _("not a readable Excel workbook (%(error)s)") % {
                                      "error": str(error)[:120]}}])

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file that is not a workbook
        raise unreadable(error) from None
    try:
        sheet = book.worksheets[0]
        uploads.check_dimension(source, sheet.max_row, sheet.max_column)
        guard = uploads.RowGuard(source)
        rows = []
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            guard.check(number, len(row))
            rows.append([_cell_text(v) for v in row])
    except uploads.UploadRefused:
        raise
    except Exception as error:  # malformed sheet XML, or entities that defusedxml refuses
        raise unreadable(error) from None
    finally:
        book.close()
    return rows


def _csv_rows(data: bytes, source: str) -> list[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationFailed([{"where": source, "field": "file",
                                 "message": _("the file is not UTF-8 text")}]) from None
    first_line = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    guard = uploads.RowGuard(source)
    rows = []
    try:
        for row in reader:
            guard.check(reader.line_num, len(row))
            rows.append([c.strip() for c in row])
    except csv.Error as error:
        raise ValidationFailed([{"where": source, "field": "file",
                                 "message": _("malformed CSV: %(error)s") % {"error": error}}]
                               ) from None
    return rows


def read_table(data: bytes, filename: str) -> Table:
    source = PurePath(filename).name or "upload"
    uploads.check_size(source, len(data))
    suffix = PurePath(filename).suffix.lower()
    rows = _excel_rows(data, source) if suffix in (".xlsx", ".xlsm") else _csv_rows(data, source)
    while rows and not any(c for c in rows[-1]):  # trailing blank lines; inner ones keep numbering
        rows.pop()
    if not rows:
        raise ValidationFailed([{"where": source, "field": "file", "message": _("the file is empty")}])
    hashtags = None
    first_row = 2
    if _is_hashtag_row(rows[0]):  # hashtags only, no text header
        hashtags = [normalise_hashtag(c) for c in rows[0]]
        header = [""] * len(rows[0])
        body = rows[1:]
    elif len(rows) > 1 and _is_hashtag_row(rows[1]):
        hashtags = [normalise_hashtag(c) for c in rows[1]]
        header = [normalise_name(c) for c in rows[0]]
        body = rows[2:]
        first_row = 3
    else:
        header = [normalise_name(c) for c in rows[0]]
        body = rows[1:]
    width = len(header)
    body = [(r + [""] * width)[:width] for r in body]
    return Table(source=source, header=header, hashtags=hashtags, rows=body, first_row=first_row)
