"""From checked records to the columns the model compares and blocks on."""

from __future__ import annotations

import numpy as np
import pandas as pd

from engines.linkage.dates import PartialDate, parse_birth_date_lenient
from engines.linkage.normalise import (
    digits,
    is_known_name,
    metaphone,
    name_skeleton,
    normalise_address,
    normalise_document,
    normalise_name,
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
    mapped = np.array([func(u) for u in uniques], dtype=object)
    return pd.Series(mapped[codes] if len(uniques) else [], index=series.index, dtype=object)


def _date_parts(series: pd.Series) -> pd.DataFrame:
    codes, uniques = pd.factorize(series, sort=False)
    parsed = [parse_birth_date_lenient(u) for u in uniques] or [PartialDate()]
    year = np.array([p.year if p.year is not None else -1 for p in parsed])[codes]
    month = np.array([p.month if p.month is not None else -1 for p in parsed])[codes]
    day = np.array([p.day if p.day is not None else -1 for p in parsed])[codes]
    frame = pd.DataFrame(
        {"by": year, "bm": month, "bd": day},
        index=series.index,
    ).astype("Int64")
    return frame.mask(frame < 0)


def _nullify(series: pd.Series) -> pd.Series:
    return series.where(series.astype(bool), None)


def build_features(records: pd.DataFrame) -> pd.DataFrame:
    """One row per record: canonical names, skeleton keys, date parts, cleaned contact fields.

    Missing columns count as blank; corrupt dates keep their year (check_records is the strict
    gate for user files).
    """
    missing = [f for f in FIELDS if f not in records.columns]
    if missing:
        records = records.assign(**dict.fromkeys(missing, ""))
    records = records.fillna("")
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
    out["given1"] = _mapped(out["given"], lambda s: s.split(" ")[0] if s else "")
    out["given1_sk"] = _mapped(out["given1"], name_skeleton)
    out["given_mp"] = _mapped(out["given"], metaphone)
    out["family_mp"] = _mapped(out["family"], metaphone)
    # Order-free key of the two main names: a record whose given and family names were swapped
    # lands in the same block as the original.
    pair = out["given1_sk"] + "|" + out["family_sk"]
    out["name_set"] = _mapped(pair, lambda s: "|".join(sorted(s.split("|"))) if s != "|" else "")
    dates = _date_parts(records["birth_date"])
    out = pd.concat([out, dates], axis=1)
    full = dates["bd"].notna()
    ymd = (
        dates["by"].astype(str).str.zfill(4)
        + "-"
        + dates["bm"].astype(str).str.zfill(2)
        + "-"
        + dates["bd"].astype(str).str.zfill(2)
    )
    out["dob"] = ymd.where(full, None)
    # Copies for EM blocks that estimate the date comparison itself (see model.TRAINING_RULES).
    out["by_b"] = dates["by"]
    out["dob_b"] = out["dob"]
    # Day and month swapped (04/03 vs 03/04) is a classic clerical error; only possible when
    # the day could be a month.
    swapped = (
        dates["by"].astype(str).str.zfill(4)
        + "-"
        + dates["bd"].astype(str).str.zfill(2)
        + "-"
        + dates["bm"].astype(str).str.zfill(2)
    )
    out["dob_swap"] = swapped.where(full & (dates["bd"] <= 12).fillna(False), None)
    out["sex"] = _mapped(records["sex"], lambda s: _SEX.get(s.strip().lower(), ""))
    out["place"] = _mapped(records["birth_place"], normalise_name)
    out["nationality"] = _mapped(records["nationality"], normalise_name)
    out["address"] = _mapped(records["address"], normalise_address)
    out["locality"] = _mapped(records["locality"], normalise_name)
    out["postcode"] = _mapped(records["postcode"], lambda s: s.replace(" ", "").upper())
    out["phone"] = _mapped(records["phone"], digits)
    out["document"] = _mapped(records["document_number"], normalise_document)
    for column in out.columns:
        if out[column].dtype == object:
            # An explicit string type: an all-blank column must still be text to the SQL engine.
            out[column] = _nullify(out[column].fillna("")).astype("string")
    return out
