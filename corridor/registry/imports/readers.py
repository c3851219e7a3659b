"""Files to rows: a people spreadsheet (CSV or XLSX), a KoboToolbox or ODK Central export of the
registration form (XLSX, ZIP of CSV files, Kobo JSON). No database access here.

Every row read keeps the file and row number it came from, so that each problem names them.

Shapes accepted for form exports (export with XML names as headers, not labels):
- KoboToolbox XLSX: the first sheet holds one row per submission (`_index`, `_uuid`,
  `household_address`, …), a second sheet (the `members` repeat) one row per member with
  `_parent_index` pointing at the submission's `_index`. Group prefixes (`members/…`) are dropped.
- ZIP of CSV files: ODK Central's "all submissions" download (`<form>.csv` with `KEY`, and
  `<form>-members.csv` with `PARENT_KEY`), or Kobo's CSV files joined by `_index`/`_parent_index`.
- KoboToolbox JSON (API `data.json` or a downloaded list): submissions with `_uuid` (or
  `meta/instanceID`) and the `members` repeat as a nested list of objects.

Limits (corridor.core.uploads): a ZIP or .xlsx is checked (members, inflated size) before it is
opened; rows and columns are counted as they are read. They raise `uploads.UploadRefused`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from corridor.core import uploads
from corridor.registry.imports.columns import ADDRESS_COLUMN, HOUSEHOLD_COLUMN


@dataclass
class SourceRow:
    file: str
    row: int
    household_key: str
    values: dict[str, object]
    submission_id: str = ""
    address: str = ""
    # The version of the submission (its _uuid, instanceID or KEY): an edit in Kobo changes it.
    instance_id: str = ""


@dataclass
class ReadResult:
    rows: list[SourceRow] = field(default_factory=list)
    problems: list[dict] = field(default_factory=list)
    # Columns present in the person-level table, to check required and unknown ones.
    columns: list[str] = field(default_factory=list)
    columns_file: str = ""
    # Submissions left out because Kobo's review did not approve them: status -> how many.
    left_out: dict[str, int] = field(default_factory=dict)


def _leave_out(result: ReadResult, reviewed: bool, value: object, every_status: bool) -> bool:
    """Whether a submission is left out: the export carries Kobo's review, the user did not ask
    for every submission, and this one is not approved (not reviewed counts as not approved)."""
    if not reviewed or every_status or _approved(value):
        return False
    status = _status_text(value) or "not reviewed"
    status = status.removeprefix("validation_status_").replace("_", " ")
    result.left_out[status] = result.left_out.get(status, 0) + 1
    return True


def problem(file: str, row: int | None, column: str, message: str) -> dict:
    where = _("%(file)s, row %(row)s") % {"file": file, "row": row} if row else file
    return {"where": where, "file": file, "row": row, "field": column, "message": message}


class Unreadable(Exception):
    def __init__(self, problem_: dict) -> None:
        super().__init__(problem_["message"])
        self.problem = problem_


# --- tables -----------------------------------------------------------------------------------

@dataclass
class Table:
    file: str
    header: list[str]
    rows: list[tuple[int, list[object]]]  # (row number in the file, cells)


def _is_hashtag_row(cells: list[object]) -> bool:
    """A form with HXL tags exports, under its header, a row of hashtags (`#affected+name`): every
    filled cell of that row starts with '#'. It is a second header, not a submission."""
    filled = [str(c).strip() for c in cells if c not in (None, "") and str(c).strip()]
    return bool(filled) and all(c.startswith("#") for c in filled)


def _decode(file: str, data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise Unreadable(problem(
            file, line, "",
            _("the file is not UTF-8 text (first bad byte on line %(line)s); save it again as "
              "'CSV UTF-8'") % {"line": line})) from None


def csv_table(file: str, data: bytes) -> Table:
    text = _decode(file, data)
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: list[str] | None = None
    rows: list[tuple[int, list[object]]] = []
    guard = uploads.RowGuard(file)
    try:
        for cells in reader:
            guard.check(reader.line_num, len(cells))
            if header is None:
                header = [c.strip() for c in cells]
                continue
            if not rows and _is_hashtag_row(cells):
                continue
            if any(c.strip() for c in cells):
                rows.append((reader.line_num, list(cells)))
    except csv.Error as exc:
        raise Unreadable(problem(file, reader.line_num, "",
                                 _("malformed CSV: %(error)s") % {"error": exc})) from None
    if header is None:
        raise Unreadable(problem(file, None, "", _("the file is empty")))
    return Table(file, header, rows)


def xlsx_tables(file: str, data: bytes) -> list[Table]:
    from openpyxl import load_workbook

    uploads.check_zip(file, data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:  # openpyxl raises many kinds for a file that is not Excel
        raise Unreadable(problem(file, None, "", _("not an Excel (.xlsx) file"))) from None
    tables = []
    try:
        for sheet in workbook.worksheets:
            source = f"{file} [{sheet.title}]"
            uploads.check_dimension(source, sheet.max_row, sheet.max_column)
            guard = uploads.RowGuard(source)
            header: list[str] | None = None
            rows: list[tuple[int, list[object]]] = []
            for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
                guard.check(number, len(cells))
                if header is None:
                    header = ["" if c is None else str(c).strip() for c in cells]
                    continue
                if not rows and _is_hashtag_row(list(cells)):
                    continue
                if any(c not in (None, "") for c in cells):
                    rows.append((number, list(cells)))
            if header:
                tables.append(Table(source, header, rows))
    except uploads.UploadRefused:
        raise
    except Exception:  # the sheet's XML is malformed, or holds entities that defusedxml refuses
        raise Unreadable(problem(file, None, "", _("not an Excel (.xlsx) file"))) from None
    finally:
        workbook.close()
    if not tables:
        raise Unreadable(problem(file, None, "", _("the workbook has no sheet with a header row")))
    return tables


def _cell_text(value: object) -> object:
    """Cells as text, except dates from Excel (kept as dates) and numbers written as integers."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip() if isinstance(value, str) else str(value)


def _short(name: str) -> str:
    """`members/given_name`, `members-given_name` and `meta/instanceID` → their last part."""
    if name.startswith("_") or name in ("KEY", "PARENT_KEY"):
        return name
    for separator in ("/", "-"):
        name = name.rsplit(separator, 1)[-1]
    return name


def records(table: Table, *, text_only: bool = False) -> list[tuple[int, dict[str, object]]]:
    names = [_short(h) for h in table.header]
    if text_only:  # CSV cells are already text: only strip them (the fast path for big files)
        return [(number, {n: c.strip() for n, c in zip(names, cells, strict=False) if n})
                for number, cells in table.rows]
    return [(number, {n: _cell_text(c) for n, c in zip(names, cells, strict=False) if n})
            for number, cells in table.rows]


# --- spreadsheets -----------------------------------------------------------------------------

def read_spreadsheet(file: str, data: bytes) -> ReadResult:
    is_excel = uploads.is_zip(data)
    table = xlsx_tables(file, data)[0] if is_excel else csv_table(file, data)
    result = ReadResult(columns=table.header, columns_file=table.file)
    blank_header = [i + 1 for i, h in enumerate(table.header) if not h]
    if blank_header:
        result.problems.append(problem(table.file, 1, "", _("column %(n)s has no name")
                                       % {"n": blank_header[0]}))
    for number, values in records(table, text_only=not is_excel):
        key = str(values.get(HOUSEHOLD_COLUMN, "") or "")
        result.rows.append(SourceRow(file=table.file, row=number, household_key=key,
                                     values=values, address=str(values.get(ADDRESS_COLUMN, ""))))
    return result


# --- form exports (Kobo, ODK Central) ---------------------------------------------------------

# A submission's stable identity: `meta/rootUuid` stays the same when a submission is edited in
# KoboToolbox, while `_uuid` and `meta/instanceID` change with each edit (the edited one names the
# replaced one in `meta/deprecatedID`). Older forms and ODK Central exports have no rootUuid: their
# instanceID / KEY is the identity, as written. Kobo writes rootUuid as "uuid:<first _uuid>": the
# prefix is dropped so that it equals the _uuid remembered when the submission was first imported.
IDENTITY_KEYS = ("_uuid", "instanceID", "KEY")


def _submission_id(values: dict[str, object]) -> str:
    root = str(values.get("rootUuid") or "").strip().removeprefix("uuid:")
    return root or _instance_id(values)


def _instance_id(values: dict[str, object]) -> str:
    """This version of the submission: a new one after each edit in Kobo."""
    for key in IDENTITY_KEYS:
        value = str(values.get(key) or "").strip()
        if value:
            return value
    return ""


# KoboToolbox's review of a submission (`_validation_status`): in XLSX/CSV exports its label or
# uid, in JSON an object {"uid": ..., "label": ...} (empty when nobody reviewed it).
APPROVED = {"validation_status_approved", "approved"}
STATUS_KEY = "_validation_status"


def _status_text(value: object) -> str:
    if isinstance(value, dict):
        value = value.get("uid") or value.get("label") or ""
    return str(value or "").strip().lower()


def _approved(value: object) -> bool:
    return _status_text(value) in APPROVED


def _join(main: Table, members: Table, every_status: bool = False) -> ReadResult:
    member_records = records(members)
    result = ReadResult(columns=[_short(h) for h in members.header], columns_file=members.file)
    main_names = {_short(h) for h in main.header}
    member_names = set(result.columns)
    if "_parent_index" in member_names and "_index" in main_names:
        main_key, member_key = "_index", "_parent_index"
    elif "PARENT_KEY" in member_names and "KEY" in main_names:
        main_key, member_key = "KEY", "PARENT_KEY"
    else:
        raise Unreadable(problem(
            members.file, 1, "",
            "cannot join members to submissions: expected _index/_parent_index (KoboToolbox) "
            "or KEY/PARENT_KEY (ODK Central)"))
    by_parent: dict[str, list[tuple[int, dict]]] = {}
    for number, values in member_records:
        by_parent.setdefault(str(values.get(member_key, "")), []).append((number, values))
    reviewed = STATUS_KEY in main_names
    for number, values in records(main):
        if _leave_out(result, reviewed, values.get(STATUS_KEY), every_status):
            continue
        submission = _submission_id(values)
        if not submission:
            result.problems.append(problem(main.file, number, "_uuid",
                                           _("the submission has no id (_uuid, instanceID or KEY)")))
            continue
        people = by_parent.get(str(values.get(main_key, "")), [])
        if not people:
            result.problems.append(problem(main.file, number, "members",
                                           _("the submission lists no household member")))
        address = str(values.get(ADDRESS_COLUMN, "") or "")
        instance = _instance_id(values)
        for member_number, member in people:
            result.rows.append(SourceRow(file=members.file, row=member_number,
                                         household_key=submission, submission_id=submission,
                                         values=member, address=address, instance_id=instance))
    return result


def _main_and_members(tables: list[Table], file: str) -> tuple[Table, Table]:
    def is_repeat(table: Table) -> bool:
        names = {_short(h) for h in table.header}
        return "_parent_index" in names or "PARENT_KEY" in names

    repeats = [t for t in tables if is_repeat(t)]
    mains = [t for t in tables if not is_repeat(t)]
    if not mains or not repeats:
        raise Unreadable(problem(
            file, None, "",
            "expected the submissions table and the members repeat table (with _parent_index or "
            "PARENT_KEY); export with the repeat groups included"))
    members = next((t for t in repeats if "members" in t.file.lower()), repeats[0])
    return mains[0], members


def read_field_export(file: str, data: bytes, every_status: bool = False) -> ReadResult:
    if not uploads.is_zip(data):
        raise Unreadable(problem(file, None, "",
                                 _("expected a KoboToolbox Excel export or a ZIP of CSV files")))
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = archive.namelist()
    except zipfile.BadZipFile:
        raise Unreadable(problem(file, None, "", _("not a ZIP or Excel file"))) from None
    if any(n.startswith("xl/") for n in names):
        tables = xlsx_tables(file, data)
    else:
        uploads.check_zip(file, data)
        csv_names = [n for n in names if n.lower().endswith(".csv")]
        tables = [csv_table(f"{file}/{n}", archive.read(n)) for n in csv_names]
    return _join(*_main_and_members(tables, file), every_status=every_status)


def read_kobo_json(file: str, data: bytes, every_status: bool = False) -> ReadResult:
    try:
        document = json.loads(_decode(file, data))
    except json.JSONDecodeError as exc:
        raise Unreadable(problem(file, exc.lineno, "",
                                 _("not JSON: %(error)s") % {"error": exc.msg})) from None
    submissions = document.get("results") if isinstance(document, dict) else document
    if not isinstance(submissions, list):
        raise Unreadable(problem(file, None, "",
                                 _("expected a list of submissions (or an object with 'results')")))
    result = ReadResult(columns_file=file)
    columns: set[str] = set()
    guard = uploads.RowGuard(file)
    reviewed = any(isinstance(s, dict) and STATUS_KEY in s for s in submissions)
    for index, submission in enumerate(submissions, start=1):
        guard.check(index, len(submission) if isinstance(submission, dict) else 0)
        where = f"{file} submission {index}"
        if not isinstance(submission, dict):
            result.problems.append(problem(where, None, "", _("a submission is an object")))
            continue
        if _leave_out(result, reviewed, submission.get(STATUS_KEY), every_status):
            continue
        flat = {_short(k): v for k, v in submission.items()}
        scalars = {k: v for k, v in flat.items() if isinstance(v, str | int)}
        submission_id, instance = _submission_id(scalars), _instance_id(scalars)
        if not submission_id:
            result.problems.append(problem(where, None, "_uuid",
                                           _("the submission has no id (_uuid or meta/instanceID)")))
            continue
        members = flat.get("members")
        if not isinstance(members, list) or not members:
            result.problems.append(problem(where, None, "members",
                                           _("the submission lists no household member")))
            continue
        for number, member in enumerate(members, start=1):
            values = {_short(k): _cell_text(v) if not isinstance(v, list) else " ".join(map(str, v))
                      for k, v in (member.items() if isinstance(member, dict) else [])}
            columns.update(values)
            result.rows.append(SourceRow(file=f"{where} member", row=number,
                                         household_key=submission_id,
                                         submission_id=submission_id, values=values,
                                         address=str(flat.get(ADDRESS_COLUMN, "") or ""),
                                         instance_id=instance))
    result.columns = sorted(columns)
    return result
