"""Reading and checking person records: the CSV contract of the console command and the API."""

from __future__ import annotations

import codecs
import io
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from engines.linkage.dates import DateError, parse_birth_date, written_as_a_date

FIELDS: tuple[str, ...] = (
    "given_name",
    "family_name",
    "father_name",
    "mother_name",
    "sex",
    "birth_date",
    "birth_place",
    "nationality",
    "address",
    "locality",
    "postcode",
    "phone",
    "document_number",
)
COLUMNS: tuple[str, ...] = ("id", *FIELDS)


class InputError(ValueError):
    """Input that cannot be linked; the message names the file, row and column."""


def parse_mapping(text: str | None) -> dict[str, str]:
    """`--map A=B,C=D` -> {"A": "B", "C": "D"} (input column A is read as field B)."""
    mapping: dict[str, str] = {}
    for part in (text or "").split(","):
        if not part.strip():
            continue
        source, sep, target = part.partition("=")
        if not sep or not source.strip() or not target.strip():
            raise InputError(f"--map entry {part!r} is not of the form SOURCE=FIELD")
        mapping[source.strip()] = target.strip()
    return mapping


def decode(raw: bytes, *, name: str) -> str:
    """UTF-8 (with or without BOM) and UTF-16 with BOM are read; anything else is refused."""
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8) :]
    elif raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError as err:
            raise InputError(f"{name}: starts as UTF-16 but is not valid UTF-16 ({err})") from err
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        row = line - 1
        raise InputError(
            f"{name}: not UTF-8 (invalid byte 0x{raw[err.start]:02x} on line {line}, row {row}); "
            "the file looks like a legacy encoding (e.g. Windows-1252 or Windows-1256): "
            "save it as UTF-8 and try again"
        ) from err


def frame_from_csv_text(
    text: str,
    *,
    name: str = "input",
    mapping: Mapping[str, str] | None = None,
    strict: bool = True,
) -> pd.DataFrame:
    if not text.strip():
        raise InputError(f"{name}: the file is empty")
    # Arrow's reader keeps the text in Arrow buffers: a million records take a fifth of the
    # memory of one Python string per cell (the 3 GB budget of a 1M dedupe).
    frame = pd.read_csv(
        io.BytesIO(text.encode("utf-8")),
        dtype="string[pyarrow]",
        keep_default_na=False,
        na_values=[],
        engine="pyarrow",
    )
    return check_records(frame, name=name, mapping=mapping, strict=strict)


def read_records(
    path: Path | str, *, mapping: Mapping[str, str] | None = None, strict: bool = True
) -> pd.DataFrame:
    """Read and check a records CSV; raises InputError naming row and column (an impossible
    birth date too when `strict`; see check_records)."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise InputError(f"{path}: cannot read ({err.strerror})") from err
    return frame_from_csv_text(
        decode(raw, name=str(path)), name=str(path), mapping=mapping, strict=strict
    )


def _stripped(series: pd.Series) -> np.ndarray:
    """Values as stripped strings, blanks for missing — computed once per distinct value."""
    codes, uniques = pd.factorize(series, sort=False, use_na_sentinel=True)
    cleaned = np.array([str(u).strip() for u in uniques] + [""], dtype=object)
    return cleaned[codes]  # the NA sentinel -1 picks the trailing ""


def check_records(
    frame: pd.DataFrame,
    *,
    name: str = "input",
    mapping: Mapping[str, str] | None = None,
    strict: bool = True,
) -> pd.DataFrame:
    """Apply the column mapping, check ids and dates, return the known columns as strings.

    Rows are numbered from 1 for the first record (the header is line 1 of the file, so record
    row N is on line N + 1). With `strict`, a birth date that is not a real date refuses the
    file; without it, such a date is kept as written (the linkage compares its text, see
    dates.read_as_written) and `date_problems` lists it for a warning.
    """
    mapping = dict(mapping or {})
    columns = [str(c).strip() for c in frame.columns]
    for source, target in mapping.items():
        if source not in columns and target not in columns:
            raise InputError(f"{name}: --map names column {source!r}, which the file does not have")
        if target not in COLUMNS:
            raise InputError(
                f"{name}: --map {source}={target}: unknown column {target!r} "
                f"(known: {', '.join(COLUMNS)})"
            )
    frame = frame.copy()
    frame.columns = [mapping.get(c, c) for c in columns]
    if frame.columns.duplicated().any():
        dup = frame.columns[frame.columns.duplicated()][0]
        raise InputError(f"{name}: column {dup!r} appears twice (after --map)")
    if "id" not in frame.columns:
        raise InputError(f"{name}: no column 'id' (use --map YOUR_ID_COLUMN=id)")
    if len(frame) == 0:
        raise InputError(f"{name}: the file has a header but no records")
    out = pd.DataFrame(
        {
            column: _stripped(frame[column]) if column in frame.columns else ""
            for column in COLUMNS
        }
    )
    empty = out.index[out["id"] == ""]
    if len(empty):
        raise InputError(f"{name}: row {empty[0] + 1}, column 'id': empty id")
    duplicated = out["id"].duplicated(keep="first")
    if duplicated.any():
        row = int(duplicated.to_numpy().nonzero()[0][0])
        first = int((out["id"] == out["id"][row]).to_numpy().nonzero()[0][0])
        raise InputError(
            f"{name}: row {row + 1}, column 'id': duplicate id {out['id'][row]!r} "
            f"(first seen on row {first + 1})"
        )
    for problem in date_problems(out, name=name):
        # Without --strict only a mistyped date (a date's shape, impossible values) is kept;
        # text that is no date at all is refused as before.
        if strict or not written_as_a_date(problem.value):
            raise InputError(problem.message)
    return out


@dataclass(frozen=True)
class DateProblem:
    """A birth date that is not a real date: the first row holding it and how many do."""

    value: str
    row: int  # from 1, as in InputError messages
    rows: int
    message: str


def date_problems(records: pd.DataFrame, *, name: str = "input") -> list[DateProblem]:
    """The distinct impossible birth dates of checked records, in the order of their first row.

    Dates are checked once per distinct value: registries repeat them heavily."""
    dates = records["birth_date"]
    problems = []
    for value in pd.unique(dates):
        try:
            parse_birth_date(value)
        except DateError as err:
            held = (dates == value).to_numpy()
            row = int(held.nonzero()[0][0]) + 1
            problems.append(
                DateProblem(value, row, int(held.sum()), f"{name}: row {row}, column 'birth_date': {err}")
            )
    return sorted(problems, key=lambda p: p.row)
