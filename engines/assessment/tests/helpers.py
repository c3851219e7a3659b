"""Writing small input files the way spreadsheets export them."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

# A country outside the examples' members that takes up the rest of a UN scale summing to 100.
REST = "USA"


def write(path: Path, text: str, *, bom: bool = False) -> Path:
    path.write_text(("\ufeff" if bom else "") + text, encoding="utf-8")
    return path


def un_scale(tmp_path: Path, rates: dict[str, str], *, rest: bool = True) -> Path:
    """UN_SCALE.csv with these rates, and REST at whatever makes the scale sum to 100."""
    rows = dict(rates)
    if rest:
        rows[REST] = str(100 - sum(Decimal(r) for r in rates.values()))
    return write(tmp_path / "UN_SCALE.csv", "iso3,un_rate\n" + "".join(f"{c},{r}\n" for c, r in rows.items()))


def members(tmp_path: Path, codes: list[str]) -> Path:
    return write(tmp_path / "MEMBERS.csv", "iso3\n" + "".join(f"{c}\n" for c in codes))


def read_scale(path: Path) -> dict[str, str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "iso3,rate"
    return dict(line.split(",") for line in lines[1:])
