"""The two input files: the UN scale (`iso3,un_rate`) and the members (`iso3`).

Both are read as people export them from spreadsheets: a UTF-8 byte order mark, extra columns,
whitespace around cells and headers, header names in any case, blank rows and lower-case codes
are accepted. Codes are upper-cased before anything is compared, so `fra` and `FRA` are the same
member (and one code twice). Every problem is collected; nothing stops at the first.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pycountry

from engines.assessment.errors import Problem
from engines.assessment.numbers import exact, parse_number

ISO3 = "iso3"
UN_RATE = "un_rate"
# The UN scale sums to 100 up to the rounding of its published figures.
UN_TOTAL_TOLERANCE = Decimal("0.01")

_ALPHA3 = re.compile(r"[A-Z]{3}")


@dataclass(frozen=True)
class UnRate:
    row: int
    rate: Decimal


@dataclass(frozen=True)
class UnScale:
    """The rates that could be read, by code, and every valid code listed (a row whose rate is
    bad still puts its country on the scale: a member there is not also reported missing)."""

    rates: dict[str, UnRate]
    listed: frozenset[str]
    # False when the file could not be read through (unreadable, no header, a missing column, no
    # rows): then a member absent from `listed` may well be on the real scale.
    complete: bool = True


@dataclass(frozen=True)
class Member:
    row: int
    iso3: str


def iso3_problem(code: str) -> str | None:
    """Why `code` (already stripped and upper-cased) is not an ISO 3166-1 alpha-3 code."""
    if not code:
        return "is empty"
    if not _ALPHA3.fullmatch(code) or pycountry.countries.get(alpha_3=code) is None:
        return f"{code!r} is not an ISO 3166-1 alpha-3 code"
    return None


def _records(path: Path, source: str, problems: list[Problem]) -> Iterator[tuple[int, list[str]]]:
    """(row number, cells) for every record, the header first as row 1."""
    try:
        # utf-8-sig drops the byte order mark Excel writes; newline="" lets csv see quoted newlines.
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            number = 0
            while True:
                try:
                    record = next(reader)
                except StopIteration:
                    return
                except csv.Error as error:
                    problems.append(Problem(source, number + 1, None, f"is not readable as CSV: {error}"))
                    return
                # A record is a spreadsheet row even when a quoted cell spans several lines.
                number += 1
                yield number, record
    except UnicodeDecodeError:
        problems.append(Problem(source, None, None, "is not UTF-8 text"))
    except OSError as error:
        problems.append(Problem(source, None, None, f"cannot be read: {error.strerror or error}"))


def _table(
    path: Path, source: str, columns: tuple[str, ...], problems: list[Problem]
) -> Iterator[tuple[int, dict[str, str]]]:
    """The rows that are not blank, as {column: stripped cell} for the `columns` asked for."""
    records = _records(path, source, problems)
    first = next(records, None)
    if first is None:
        if not problems:  # an unreadable file already said why
            problems.append(Problem(source, None, None, "is empty (no header row)"))
        return
    header = [name.strip().lower() for name in first[1]]
    positions: dict[str, int] = {}
    for column in columns:
        found = [index for index, name in enumerate(header) if name == column]
        if not found:
            listed = ", ".join(repr(name) for name in header)
            problems.append(Problem(source, 1, None, f"has no {column!r} column (the header has {listed})"))
        elif len(found) > 1:
            problems.append(Problem(source, 1, None, f"has {len(found)} {column!r} columns"))
        else:
            positions[column] = found[0]
    if len(positions) < len(columns):
        return
    rows = 0
    for number, record in records:
        if not any(cell.strip() for cell in record):
            continue  # blank rows (often ',,' at the end of an export) hold nothing
        rows += 1
        yield number, {
            column: record[index].strip() if index < len(record) else ""
            for column, index in positions.items()
        }
    if rows == 0:
        problems.append(Problem(source, None, None, "has no data rows"))


def _code(source: str, number: int, cell: str, seen: dict[str, int], problems: list[Problem]) -> str | None:
    """The row's upper-cased code if it is valid and new, else None with the problem listed."""
    code = cell.upper()
    why = iso3_problem(code)
    if why is not None:
        # Named as written, not as upper-cased, so the user finds it in the file.
        problems.append(Problem(source, number, ISO3, why.replace(repr(code), repr(cell))))
        return None
    if code in seen:
        problems.append(Problem(source, number, ISO3, f"{code!r} appears twice (first in row {seen[code]})"))
        return None
    seen[code] = number
    return code


def read_un_scale(path: Path, source: str | None = None) -> tuple[UnScale, list[Problem]]:
    """The UN rates by code (percent), and every problem of the file (then the rates are partial)."""
    source = source or str(path)
    problems: list[Problem] = []
    rates: dict[str, UnRate] = {}
    seen: dict[str, int] = {}
    total = Fraction(0)  # exact: a Decimal sum rounds past 28 digits
    rows = 0
    every_rate_read = True
    for number, row in _table(path, source, (ISO3, UN_RATE), problems):
        rows += 1
        code = _code(source, number, row[ISO3], seen, problems)
        try:
            rate = parse_number(row[UN_RATE])
        except ValueError as error:
            problems.append(Problem(source, number, UN_RATE, str(error)))
            every_rate_read = False
            continue
        total += exact(rate)  # every row counts towards the file's total, even one refused below
        if rate < 0:
            problems.append(Problem(source, number, UN_RATE, f"{row[UN_RATE]!r} is negative"))
            continue
        if code is not None:
            rates[code] = UnRate(number, rate)
    # The total means something only when every rate could be read (and the file had rows).
    if every_rate_read and rows and abs(total - 100) > exact(UN_TOTAL_TOLERANCE):
        shown = Decimal(total.numerator) / Decimal(total.denominator)  # for the message only
        problems.append(
            Problem(source, None, UN_RATE, f"the UN rates sum to {shown}, not 100 (±{UN_TOTAL_TOLERANCE})")
        )
    # Problems of the whole file are the ones without a field; a bad cell names its column.
    complete = not any(p.field is None for p in problems)
    return UnScale(rates, frozenset(seen), complete), problems


def read_members(path: Path, source: str | None = None) -> tuple[list[Member], list[Problem]]:
    """The members in the file's order, and every problem of the file."""
    source = source or str(path)
    problems: list[Problem] = []
    members: list[Member] = []
    seen: dict[str, int] = {}
    for number, row in _table(path, source, (ISO3,), problems):
        code = _code(source, number, row[ISO3], seen, problems)
        if code is not None:
            members.append(Member(number, code))
    return members, problems
