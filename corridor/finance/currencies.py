"""ISO 4217 currencies, current and withdrawn, from the committed list (data/iso4217.csv), and
exact conversion between Decimal amounts and whole minor units (cents), which is how every
amount is stored: SQLite keeps a DECIMAL column as a float, a count of cents is exact on both."""

from __future__ import annotations

import calendar
import csv
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path

DATA_FILE = Path(__file__).parent / "data" / "iso4217.csv"


@dataclass(frozen=True)
class Currency:
    code: str
    numeric: str
    minor_units: int | None  # None: List One's "N.A." (gold, SDR): no amount is booked in it
    name: str
    withdrawn: str  # "YYYY-MM" of withdrawal (List Three), "" while current

    @property
    def last_day(self) -> date | None:
        """The last day an amount may be dated in this currency (end of the withdrawal month)."""
        if not self.withdrawn:
            return None
        year, month = (int(part) for part in self.withdrawn.split("-"))
        return date(year, month, calendar.monthrange(year, month)[1])


@cache
def all_currencies() -> dict[str, Currency]:
    with DATA_FILE.open(encoding="utf-8") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        return {row["code"]: Currency(
            code=row["code"], numeric=row["numeric"],
            minor_units=int(row["minor_units"]) if row["minor_units"] else None,
            name=row["name"], withdrawn=row["withdrawn"]) for row in rows}


def get(code: str) -> Currency | None:
    return all_currencies().get((code or "").strip().upper())


def currency_problem(code: str, on: date | None = None) -> str | None:
    """Why `code` cannot carry an amount dated `on`, or None."""
    currency = get(code)
    if currency is None:
        return f"{code!r} is not an ISO 4217 currency code"
    if currency.minor_units is None:
        return f"{currency.code} ({currency.name}) has no minor unit: no amount is booked in it"
    if on is not None and currency.last_day is not None and on > currency.last_day:
        return (f"{currency.code} ({currency.name}) was withdrawn in {currency.withdrawn}: "
                f"no amount is dated {on.isoformat()} in it")
    return None


def to_minor(amount: Decimal, code: str) -> int:
    """`amount` in whole minor units; ValueError when it has more decimals than the currency."""
    units = get(code).minor_units  # type: ignore[union-attr]
    scaled = amount.scaleb(units)
    if scaled != scaled.to_integral_value():
        raise ValueError(f"{code} has {units} decimal{'s' if units != 1 else ''}")
    return int(scaled)


def from_minor(minor: int, code: str) -> Decimal:
    units = get(code).minor_units or 0  # type: ignore[union-attr]
    return Decimal(minor).scaleb(-units).quantize(Decimal(1).scaleb(-units))


def choices() -> list[tuple[str, str]]:
    """Currencies an amount may be booked in today's lists (withdrawn ones included: a 1996
    contribution is in Deutsche Mark), for forms."""
    return [(c.code, f"{c.code} — {c.name}") for c in all_currencies().values()
            if c.minor_units is not None]
