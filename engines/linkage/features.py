"""From checked records to the columns the model compares and blocks on."""

from __future__ import annotations

import numpy as np
import pandas as pd

from engines.linkage.dates import PartialDate, read_as_written
from engines.linkage.normalise import (
    digits,
    full_name,
    is_known_name,
    metaphone,
    name_skeleton,
    normalise_address,
    normalise_document,
    normalise_name,
    normalise_place,
)
from engines.linkage.records import FIELDS

_SEX = {
    "m": "m",
    "male": "m",
    "man": "m",
    "1": "m",
    "h": "m",
    "f": "f",
    "female": "f",
    "woman": "f",
    "2": "f",
    "w": "f",
    "ذكر": "m",
    "انثى": "f",
    "أنثى": "f",
    "ч": "m",
    "ж": "f",
    "чоловіча": "m",
    "жіноча": "f",
    "мужской": "m",
    "женский": "f",
}


# The sex codes understood in records, for callers that normalise one value at a time.
SEX_CODES = _SEX


def _mapped(series: pd.Series, func) -> pd.Series:
    """Apply `func` once per distinct value (names repeat a lot in registries)."""
    codes, uniques = pd.factorize(series, sort=False)
    # The last entry serves missing values (factorize codes them -1).
    mapped = np.array([func(str(u)) for u in uniques] + [func("")], dtype=object)
    return pd.Series(mapped[codes], index=series.index, dtype=object)


def _date_columns(series: pd.Series) -> pd.DataFrame:
    """by, bm, bd (Int64) and the dob / dob_swap keys, computed once per distinct date text."""
    codes, uniques = pd.factorize(series, sort=False)
    # The last entry serves missing values (factorize codes them -1).
    read = [read_as_written(str(u)) for u in uniques] + [(PartialDate(), "")]
    parsed = [p for p, _ in read]
    year = np.array([-1 if p.year is None else p.year for p in parsed])
    month = np.array([-1 if p.month is None else p.month for p in parsed])
    day = np.array([-1 if p.day is None else p.day for p in parsed])
    # An impossible date keeps its text here ("1945-04-93"): compared as text, not as parts.
    dob = np.array([written for _, written in read], dtype=object)
    # Day and month swapped (04/03 vs 03/04) is a classic clerical error; only possible when
    # the day could be a month.
    swap = np.array(
        [
            f"{p.year:04d}-{p.day:02d}-{p.month:02d}" if p.day is not None and p.day <= 12 else ""
            for p in parsed
        ],
        dtype=object,
    )
    frame = pd.DataFrame(
        {"by": year[codes], "bm": month[codes], "bd": day[codes]}, index=series.index
    ).astype("Int64")
    frame = frame.mask(frame < 0)
    frame["dob"] = dob[codes]
    frame["dob_swap"] = swap[codes]
    return frame


def _as_text(values: pd.Series) -> pd.Series:
    """Blank strings to SQL NULL, as an explicit string type (an all-blank column must still be
    text to the SQL engine). Arrow-backed: a million names take a few MB, not a Python object
    each, and DuckDB reads the buffers without copying."""
    array = values.to_numpy(dtype=object, na_value="")
    array = np.where(array == "", None, array)
    return pd.Series(array, index=values.index, dtype="string[pyarrow]")


def build_features(records: pd.DataFrame) -> pd.DataFrame:
    """One row per record: canonical names, skeleton keys, date parts, cleaned contact fields.

    Missing columns count as blank; an impossible date keeps its readable parts and its text
    (dates.read_as_written; check_records with strict=True is the gate that refuses them).
    """
    missing = [f for f in FIELDS if f not in records.columns]
    if missing:
        records = records.assign(**dict.fromkeys(missing, ""))
    out = pd.DataFrame({"unique_id": records["id"].astype(str)})
    for field, short in (
        ("given_name", "given"),
        ("family_name", "family"),
        ("father_name", "father"),
        ("mother_name", "mother"),
    ):
        canonical = _mapped(records[field], normalise_name)
        out[short] = canonical
        out[f"{short}_sk"] = _mapped(canonical, name_skeleton)
    out["given_kn"] = _mapped(out["given"], lambda s: 1 if is_known_name(s) else 0).astype(int)
    # Copies used only by the "swapped names" levels, so that EM blocking on one name does not
    # switch off estimation of the other (Splink drops comparisons sharing a blocking column).
    out["given_x_sk"] = out["given_sk"]
    out["family_x_sk"] = out["family_sk"]
    # Patronymic naming: one record's family name is the other's father's name.
    out["father_x_sk"] = out["father_sk"]
    out["given1"] = _mapped(out["given"], lambda s: s.split(" ")[0] if s else "")
    out["given1_sk"] = _mapped(out["given1"], name_skeleton)
    # Nicknames and short forms read as the full name (Tunde: Babatunde), as a skeleton.
    full = _mapped(out["given"], full_name)
    out["given_nk"] = _mapped(full, name_skeleton)
    given1_nk = _mapped(_mapped(full, lambda s: s.split(" ")[0] if s else ""), name_skeleton)
    out["given_mp"] = _mapped(out["given"], metaphone)
    out["family_mp"] = _mapped(out["family"], metaphone)
    # Order-free key of the two main names: a record whose given and family names were swapped
    # lands in the same block as the original.
    pair = given1_nk + "|" + out["family_sk"]
    out["name_set"] = _mapped(pair, lambda s: "|".join(sorted(s.split("|"))) if s != "|" else "")
    dates = _date_columns(records["birth_date"])
    for column in ("by", "bm", "bd", "dob", "dob_swap"):
        out[column] = dates[column]
    out["bdec"] = dates["by"] // 10
    # An estimated age (1 January, or a year only): a block of its own, since each office
    # estimates its own year and the year keys miss them.
    estimated = dates["by"].notna() & (dates["bd"].isna() | ((dates["bm"] == 1) & (dates["bd"] == 1)))
    out["est"] = np.where(estimated.to_numpy(dtype=bool), "estimated", "")
    # Copies for EM blocks that estimate the date comparison itself (see model.TRAINING_RULES).
    out["by_b"] = dates["by"]
    out["dob_b"] = dates["dob"]
    out["sex"] = _mapped(records["sex"], lambda s: _SEX.get(s.strip().lower(), ""))
    out["place"] = _mapped(records["birth_place"], normalise_place)
    out["nationality"] = _mapped(records["nationality"], normalise_name)
    out["address"] = _mapped(records["address"], normalise_address)
    out["locality"] = _mapped(records["locality"], normalise_name)
    out["postcode"] = _mapped(records["postcode"], lambda s: s.replace(" ", "").upper())
    out["phone"] = _mapped(records["phone"], digits)
    out["document"] = _mapped(records["document_number"], normalise_document)
    for column in out.columns:
        if out[column].dtype == object:
            out[column] = _as_text(out[column])
    return out
