"""Stage an input in DuckDB and check it as a whole, before the store writes anything.

Every input is first read with every column as text, so that a bad value becomes a problem to
report rather than a parse error that hides the rest. The checks are SQL over the whole staged
table (one scan per check), which keeps a million-row file well inside the load floor.
"""

# ruff: noqa: S608 -- SQL names come from schema.py and validated dimensions; values are bound
# parameters or quoted with _quote_literal, never pasted from input.

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from engines.flowstats.errors import Problem
from engines.flowstats.gazetteer import Gazetteer
from engines.flowstats.schema import (
    AGE_GROUPS,
    ASSESSMENT_TYPES,
    DIRECTIONS,
    POPULATION_TYPES,
    SEXES,
    Column,
    TableSpec,
)

# A source is a CSV or Parquet path (by suffix), an Arrow table or a pandas DataFrame.
Source = Any

PARQUET_SUFFIXES = (".parquet", ".pq")
YES = ("yes", "y", "true", "1")
NO = ("no", "n", "false", "0")
EARLIEST_DATE = dt.date(1950, 1, 1)
# Labels that analysts group by are stored lower-case so that "Bus" and "bus" are one mode.
LOWER_CASE_CODES = ("mode", "reason")


@dataclass(frozen=True)
class Staged:
    """A validated input, held in a temporary table until the store writes it."""

    source: str
    text_table: str  # checked, still text: the store types and codes it as it writes
    rows: int
    batch_id: str


def _quote_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _sql_list(values: tuple[str, ...]) -> str:
    return ", ".join(_quote_literal(v) for v in values)


def _file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()[:16]


def _read_header(path: Path) -> tuple[str, list[str]]:
    """The delimiter the header line uses, and the header's column names."""
    with open(path, encoding="utf-8-sig", newline="") as handle:
        line = handle.readline()
    counts = {d: line.count(d) for d in (",", ";", "\t", "|")}
    best = max(counts, key=lambda d: counts[d])
    delimiter = best if counts[best] else ","
    rows = list(csv.reader([line.rstrip("\r\n")], delimiter=delimiter))
    return delimiter, [name.strip() for name in rows[0]] if rows else []


def _shift_past_rejected(problems: list[Problem], rejected: list[int]) -> list[Problem]:
    """Rows were numbered among the lines read; put back the lines set aside before them."""
    if not rejected:
        return problems
    shifted = []
    for problem in problems:
        row = problem.row
        if row is not None and row > 1:
            for line in rejected:
                if line <= row:
                    row += 1
        shifted.append(Problem(problem.source, row, problem.field, problem.message))
    return shifted


def _rejected_lines(con: duckdb.DuckDBPyConnection, slot: int, label: str) -> list[Problem]:
    try:
        rows = con.execute(f"SELECT DISTINCT line, error_type FROM _rejects_{slot} ORDER BY line").fetchall()
    except duckdb.Error:  # no rejects table: nothing was set aside
        return []
    finally:
        con.execute(f"DROP TABLE IF EXISTS _rejects_{slot}")
        con.execute(f"DROP TABLE IF EXISTS _reject_scans_{slot}")
    return [
        Problem(label, int(line), None, f"malformed CSV line: {str(kind).lower()}") for line, kind in rows
    ]


def _as_arrow(source: Source) -> pa.Table:
    if isinstance(source, pa.Table):
        return source
    if isinstance(source, pa.RecordBatch):
        return pa.Table.from_batches([source])
    # pandas DataFrame (imported lazily: the engine does not need pandas otherwise)
    return pa.Table.from_pandas(source, preserve_index=False)


def _arrow_text_expression(name: str, arrow_type: pa.DataType) -> str:
    column = _quote_ident(name)
    if pa.types.is_timestamp(arrow_type) or pa.types.is_date(arrow_type):
        return f"strftime(CAST({column} AS DATE), '%Y-%m-%d')"
    if pa.types.is_floating(arrow_type):
        # pandas turns an integer column with gaps into floats; 3.0 is still the whole number 3
        return (
            f"CASE WHEN {column} = floor({column}) AND abs({column}) < 1e15 "
            f"THEN CAST(CAST({column} AS BIGINT) AS VARCHAR) ELSE CAST({column} AS VARCHAR) END"
        )
    return f"CAST({column} AS VARCHAR)"


def _open_source(
    con: duckdb.DuckDBPyConnection, source: Source, slot: int, name: str | None
) -> tuple[str, str, str, list[str], list[Problem]]:
    """Return label, batch id, a SQL relation reading the source as text, and its header."""
    if isinstance(source, str | Path) and Path(source).suffix.lower() in PARQUET_SUFFIXES:
        path = Path(source)
        label = name or str(path)
        if not path.is_file():
            return label, "", "", [], [Problem(label, None, None, "file not found")]
        try:
            table = pq.read_table(path)
        except (OSError, pa.ArrowException) as error:
            return label, "", "", [], [Problem(label, None, None, f"cannot read as Parquet: {error}")]
        return _open_table(con, table, slot, label, _file_digest(path))
    if isinstance(source, str | Path):
        path = Path(source)
        label = name or str(path)
        if not path.is_file():
            return label, "", "", [], [Problem(label, None, None, "file not found")]
        # The header is read here and the dialect given to DuckDB, not sniffed: a sniffer may
        # skip "odd" leading lines or guess another delimiter when one row is ragged, and then
        # misreport the whole file. The delimiter is the one the header uses (Excel writes ';'
        # in some locales).
        try:
            delimiter, header = _read_header(path)
        except (OSError, UnicodeDecodeError, csv.Error) as error:
            return label, "", "", [], [Problem(label, 1, None, f"cannot read the header: {error}")]
        if not header:
            return label, "", "", [], [Problem(label, 1, None, "empty file, no header")]
        unique: list[str] = []
        for name in header:
            candidate, n = name, 1
            while candidate in unique:
                n += 1
                candidate = f"{name}_{n}"
            unique.append(candidate)
        columns = ", ".join(f"{_quote_literal(n)}: 'VARCHAR'" for n in unique)
        relation = (
            f"read_csv({_quote_literal(str(path))}, header = true, auto_detect = false, "
            f"delim = {_quote_literal(delimiter)}, quote = '\"', escape = '\"', "
            f"columns = {{{columns}}}, store_rejects = true, rejects_table = '_rejects_{slot}', "
            f"rejects_scan = '_reject_scans_{slot}')"
        )
        # The original names are reported (a repeated name is a problem of its own).
        return label, _file_digest(path), relation, header, []
    return _open_table(con, _as_arrow(source), slot, name or "<table>", uuid.uuid4().hex[:16])


def _open_table(
    con: duckdb.DuckDBPyConnection, table: pa.Table, slot: int, label: str, batch_id: str
) -> tuple[str, str, str, list[str], list[Problem]]:
    view = f"_arrow_{slot}"
    con.register(view, table)
    expressions = ", ".join(
        f"{_arrow_text_expression(f.name, f.type)} AS {_quote_ident(f.name)}" for f in table.schema
    )
    relation = f"(SELECT {expressions} FROM {view})"
    return label, batch_id, relation, table.schema.names, []


def _text_expression(column: Column, present: str | None) -> str:
    if present is None:
        value = "CAST(NULL AS VARCHAR)"
    else:
        value = f"NULLIF(trim({_quote_ident(present)}), '')"
        if column.kind in ("iso3", "pcode"):
            value = f"upper({value})"
        elif column.kind not in ("code", "date", "count", "round") or (column.name in LOWER_CASE_CODES):
            value = f"lower({value})"
    if column.kind in ("sex", "age_group") and not column.required:
        value = f"coalesce({value}, 'unknown')"
    return f"{value} AS {column.name}"


def _header_problems(spec: TableSpec, label: str, header: list[str]) -> tuple[dict[str, str], list[Problem]]:
    problems: list[Problem] = []
    present: dict[str, str] = {}
    for original in header:
        normal = original.strip().lower()
        if normal not in spec.names:
            problems.append(Problem(label, 1, original, "unknown column"))
        elif normal in present:
            problems.append(Problem(label, 1, original, "column appears twice"))
        else:
            present[normal] = original
    for column in spec.columns:
        if column.required and column.name not in present:
            problems.append(Problem(label, 1, column.name, "missing required column"))
    return present, problems


def _value_checks(column: Column, today: dt.date) -> list[tuple[str, str]]:
    """(SQL condition that marks a bad row, message expression) for one column."""
    c = column.name
    shown = f"' (' || {c} || ')'"
    checks: list[tuple[str, str]] = []
    if column.required and column.kind != "consent":
        checks.append((f"{c} IS NULL", "'missing value'"))
    parsed = f"CAST(try_strptime({c}, '%Y-%m-%d') AS DATE)"
    enumerations = {
        "direction": DIRECTIONS,
        "sex": SEXES,
        "age_group": AGE_GROUPS,
        "assessment_type": ASSESSMENT_TYPES,
        "population_type": POPULATION_TYPES,
    }
    if column.kind == "date":
        checks += [
            (f"{c} IS NOT NULL AND {parsed} IS NULL", f"'not a date, expected YYYY-MM-DD' || {shown}"),
            (f"{parsed} > DATE '{today.isoformat()}'", f"'date in the future' || {shown}"),
            (f"{parsed} < DATE '{EARLIEST_DATE.isoformat()}'", f"'date before 1950' || {shown}"),
        ]
    elif column.kind == "count":
        checks += [
            (f"regexp_full_match({c}, '-[0-9]+')", f"'negative count' || {shown}"),
            (
                f"{c} IS NOT NULL AND NOT regexp_full_match({c}, '-?[0-9]+')",
                f"'not a whole number' || {shown}",
            ),
            (f"regexp_full_match({c}, '[0-9]{{13,}}')", f"'count too large' || {shown}"),
        ]
    elif column.kind == "round":
        checks.append(
            (
                f"{c} IS NOT NULL AND NOT regexp_full_match({c}, '0*[1-9][0-9]{{0,5}}')",
                f"'round must be a positive whole number' || {shown}",
            )
        )
    elif column.kind == "iso3":
        checks.append(
            (
                f"{c} IS NOT NULL AND NOT regexp_full_match({c}, '[A-Z]{{3}}')",
                f"'not an ISO 3166 alpha-3 code' || {shown}",
            )
        )
    elif column.kind == "pcode":
        checks.append(
            (
                f"{c} IS NOT NULL AND NOT regexp_full_match({c}, '[A-Z]{{2,3}}[A-Z0-9]*')",
                f"'not a P-code' || {shown}",
            )
        )
    elif column.kind == "code":
        checks.append((f"length({c}) > 100", "'longer than 100 characters'"))
    elif column.kind == "consent":
        checks += [
            (f"{c} IS NULL", "'survey row without consent (empty)'"),
            (f"{c} IN ({_sql_list(NO)})", f"'survey row without consent' || {shown}"),
            (
                f"{c} IS NOT NULL AND {c} NOT IN ({_sql_list(YES + NO)})",
                f"'consent must be yes or no' || {shown}",
            ),
        ]
    elif column.kind in enumerations:
        allowed = enumerations[column.kind]
        checks.append(
            (
                f"{c} IS NOT NULL AND {c} NOT IN ({_sql_list(allowed)})",
                f"'must be one of {', '.join(allowed)}' || {shown}",
            )
        )
    return checks


def typed_expression(column: Column, qualifier: str = "") -> str:
    """The stored value of a checked text column (codes are looked up by the store)."""
    c = f"{qualifier}{column.name}"
    if column.kind == "date":
        return f"CAST(try_strptime({c}, '%Y-%m-%d') AS DATE)"
    if column.kind == "count":
        return f"CAST({c} AS BIGINT)"
    if column.kind == "round":
        return f"CAST({c} AS INTEGER)"
    if column.kind == "consent":
        return f"({c} IN ({_sql_list(YES)}))"
    return c


def stage(
    con: duckdb.DuckDBPyConnection,
    spec: TableSpec,
    source: Source,
    *,
    slot: int,
    gazetteer: Gazetteer | None,
    today: dt.date,
    name: str | None = None,
) -> tuple[Staged | None, list[Problem]]:
    """Read and check one source; on success its checked text rows wait in a temp table."""
    text, rows_view = f"_text_{slot}", f"_rows_{slot}"
    con.execute(f"DROP VIEW IF EXISTS {rows_view}")
    con.execute(f"DROP TABLE IF EXISTS {text}")
    label, batch_id, relation, header, problems = _open_source(con, source, slot, name)
    if problems:
        return None, problems
    present, problems = _header_problems(spec, label, header)
    expressions = ", ".join(_text_expression(column, present.get(column.name)) for column in spec.columns)
    try:
        con.execute(f"CREATE TEMP TABLE {text} AS SELECT {expressions} FROM {relation}")
    except duckdb.Error as error:
        message = str(error).splitlines()[0]
        return None, [Problem(label, None, None, f"cannot read: {message}")]
    finally:
        if f"_arrow_{slot}" in relation:
            con.unregister(f"_arrow_{slot}")
    rejected: list[Problem] = []
    if f"_rejects_{slot}" in relation:
        # Malformed lines (too many or too few fields, bad quoting or encoding) were set aside
        # by the reader; each one is a problem, reported with its line number.
        rejected = _rejected_lines(con, slot, label)
    try:
        # rowid follows insertion order, which DuckDB keeps for a CSV scan: data row 1 is
        # spreadsheet row 2.
        con.execute(f"CREATE TEMP VIEW {rows_view} AS SELECT rowid + 2 AS _row, * FROM {text}")
        rows = con.execute(f"SELECT count(*) FROM {text}").fetchone()[0]
        if rows == 0:
            problems.append(Problem(label, None, None, "no data rows"))
        found = _row_problems(con, spec, rows_view, label, present, gazetteer, today)
        problems += _shift_past_rejected(found, sorted({p.row for p in rejected if p.row}))
        problems += rejected
        problems.sort(key=lambda p: (p.row or 0, p.field or "", p.message))
    finally:
        con.execute(f"DROP VIEW IF EXISTS {rows_view}")
    if problems:
        con.execute(f"DROP TABLE IF EXISTS {text}")
        return None, problems
    return Staged(label, text, rows, batch_id), []


def _row_problems(
    con: duckdb.DuckDBPyConnection,
    spec: TableSpec,
    text: str,
    label: str,
    present: dict[str, str],
    gazetteer: Gazetteer | None,
    today: dt.date,
) -> list[Problem]:
    selects: list[str] = []
    for column in spec.columns:
        # A missing column is already reported once, at the header; do not repeat it per row.
        if column.name not in present:
            continue
        field = _quote_literal(present[column.name])
        for condition, message in _value_checks(column, today):
            selects.append(f"SELECT _row, {field}, {message} FROM {text} WHERE {condition}")
    if gazetteer is not None:
        con.execute("DROP TABLE IF EXISTS _gazetteer")
        con.execute("CREATE TEMP TABLE _gazetteer (pcode VARCHAR)")
        con.executemany("INSERT INTO _gazetteer VALUES (?)", [(p,) for p in sorted(gazetteer.pcodes)])
        for column in spec.columns:
            if column.kind == "pcode" and column.name in present:
                c = column.name
                selects.append(
                    f"SELECT _row, {_quote_literal(present[c])}, 'unknown P-code (' || {c} || ')' "
                    f"FROM {text} ANTI JOIN _gazetteer g ON {c} = g.pcode WHERE {c} IS NOT NULL"
                )
    if "site_id" in spec.names and "assessment_type" in present:
        selects.append(
            f"SELECT _row, 'site_id', 'a site assessment needs a site_id' FROM {text} "
            "WHERE assessment_type = 'site' AND site_id IS NULL"
        )
    if "round" in present:
        # The file's round is the one most of its rows carry; every other row is reported.
        selects.append(
            f"""WITH rounds AS (
                  SELECT round, count(*) AS n, min(_row) AS first_row FROM {text}
                  WHERE round IS NOT NULL GROUP BY round),
                main AS (SELECT round, first_row FROM rounds ORDER BY n DESC, first_row LIMIT 1)
                SELECT t._row, {_quote_literal(present["round"])},
                  'file mixes assessment rounds: round ' || t.round || ' here, round '
                  || main.round || ' from row ' || main.first_row
                FROM {text} t, main WHERE t.round IS NOT NULL AND t.round <> main.round"""
        )
    if all(k in present or not spec.column(k).required for k in spec.natural_key):
        key = ", ".join(spec.natural_key)
        # A hash aggregate says cheaply whether any key repeats; only then find the rows.
        repeated = con.execute(
            f"SELECT count(*) FROM (SELECT 1 FROM {text} GROUP BY {key} HAVING count(*) > 1)"
        ).fetchone()[0]
        if repeated:
            selects.append(
                f"""SELECT _row, NULL, 'same key (' || {_quote_literal(", ".join(spec.natural_key))}
                      || ') as row ' || first_row
                    FROM (SELECT _row, min(_row) OVER (PARTITION BY {key}) AS first_row
                          FROM {text})
                    WHERE _row <> first_row"""
            )
    if not selects:
        return []
    found = con.execute(" UNION ALL ".join(f"({s})" for s in selects)).fetchall()
    found.sort(key=lambda r: (r[0], r[1] or "", r[2]))
    return [Problem(label, row, field, message) for row, field, message in found]
