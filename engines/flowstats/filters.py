"""Filters every query takes, in any combination: a period and values per dimension.

Values within one dimension are alternatives (nationality AFG or IRN); dimensions combine with
AND. P-code filters (origin, destination, admin_area) match an area and everything inside it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, fields
from typing import Any, Protocol

from engines.flowstats.errors import FlowQueryError

# Which stored column each filter reads, per source; None: the filter makes no sense there.
_EXACT = {
    "counts": {
        "point": "point",
        "nationality": "nationality",
        "direction": "direction",
        "sex": "sex",
        "age_group": "age_group",
        "reason": "reason",
        "mode": "mode",
    },
    "assessments": {
        "population_type": "population_type",
        "assessment_type": "assessment_type",
        "sex": "sex",
        "age_group": "age_group",
        "reason": "reason",
        "round": "round",
        "site": "site_id",
    },
}
_EXACT["surveys"] = _EXACT["counts"]
_AREAS = {
    "counts": {
        "origin": ("origin",),
        "destination": ("destination",),
        "admin_area": ("origin", "destination"),
    },
    "assessments": {"origin": ("origin_pcode",), "admin_area": ("admin_pcode",)},
}
_AREAS["surveys"] = _AREAS["counts"]
_UPPER = ("nationality", "origin", "destination", "admin_area")
_LOWER = ("direction", "sex", "age_group", "reason", "mode", "population_type", "assessment_type")


class CodeLookup(Protocol):
    def __call__(self, dictionary: str, values: tuple[str, ...], *, prefix: bool) -> list[int]: ...


# Flow counts store these columns as dictionary codes (schema.FLOW_COUNTS): a filter on them
# is turned into the matching codes first, so that DuckDB compares integers.
CODED_COUNTS = {
    "point": "point",
    "nationality": "nationality",
    "direction": "direction",
    "sex": "sex",
    "age_group": "age_group",
    "reason": "reason",
    "mode": "mode",
    "origin": "area",
    "destination": "area",
}


def _in_list(column: str, codes: list[int]) -> str:
    if not codes:
        return "FALSE"
    if len(codes) == 1:  # an equality is pushed into the scan itself
        return f"{column} = {int(codes[0])}"
    # DuckDB 1.4 re-checks an IN list as a chain of ORs after the scan; list_contains on the
    # integer codes measured about 25% faster on 10M rows (bench/bench_flows.py).
    return f"list_contains([{', '.join(str(int(c)) for c in codes)}], {column})"


@dataclass(frozen=True)
class FlowFilter:
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    point: tuple[str, ...] = ()
    nationality: tuple[str, ...] = ()
    direction: tuple[str, ...] = ()
    sex: tuple[str, ...] = ()
    age_group: tuple[str, ...] = ()
    reason: tuple[str, ...] = ()
    mode: tuple[str, ...] = ()
    origin: tuple[str, ...] = ()
    destination: tuple[str, ...] = ()
    admin_area: tuple[str, ...] = ()
    population_type: tuple[str, ...] = ()
    assessment_type: tuple[str, ...] = ()
    round: tuple[str, ...] = ()
    site: tuple[str, ...] = ()

    @classmethod
    def dimensions(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls) if f.name not in ("date_from", "date_to"))

    @classmethod
    def parse(
        cls,
        pairs: Iterable[str] = (),
        *,
        date_from: dt.date | None = None,
        date_to: dt.date | None = None,
    ) -> FlowFilter:
        """Build a filter from `name=value[,value...]` strings, as the console takes them."""
        values: dict[str, tuple[str, ...]] = {}
        for pair in pairs:
            name, sep, raw = pair.partition("=")
            name = name.strip().lower().replace("-", "_")
            if not sep or name not in cls.dimensions():
                raise FlowQueryError(
                    f"bad filter {pair!r}: expected NAME=VALUE[,VALUE] with NAME one of "
                    + ", ".join(cls.dimensions())
                )
            items = tuple(v.strip() for v in raw.split(",") if v.strip())
            if not items:
                raise FlowQueryError(f"bad filter {pair!r}: no value")
            values[name] = values.get(name, ()) + items
        return cls(date_from=date_from, date_to=date_to, **values)

    def __post_init__(self) -> None:
        for name in ("date_from", "date_to"):
            value = getattr(self, name)
            if isinstance(value, dt.datetime):
                value = value.date()
            elif isinstance(value, str):
                try:
                    value = dt.date.fromisoformat(value)
                except ValueError as error:
                    raise FlowQueryError(f"{name} is not a date: {value!r}") from error
            elif value is not None and not isinstance(value, dt.date):
                raise FlowQueryError(f"{name} is not a date: {value!r}")
            object.__setattr__(self, name, value)
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise FlowQueryError(f"period starts ({self.date_from}) after it ends ({self.date_to})")
        for name in self.dimensions():
            value = getattr(self, name)
            if isinstance(value, str):  # a lone string would otherwise become its letters
                value = (value,)
            value = tuple(str(v).strip() for v in value)
            if name in _UPPER:
                value = tuple(v.upper() for v in value)
            elif name in _LOWER:
                value = tuple(v.lower() for v in value)
            object.__setattr__(self, name, value)

    def active(self) -> tuple[str, ...]:
        return tuple(name for name in self.dimensions() if getattr(self, name))

    def where(
        self, source: str, *, codes: CodeLookup | None = None, skip_dates: bool = False
    ) -> tuple[str, list[Any]]:
        """SQL condition and parameters for one source (counts, surveys, assessments).

        `codes` looks values up in the store's dictionaries; flow counts need it.
        """
        coded = source == "counts"
        if coded and codes is None:
            raise ValueError("filters on flow counts need the store's code lookup")
        clauses: list[str] = ["TRUE"]
        params: list[Any] = []
        if not skip_dates:
            # Dates are written as literals (they are date objects, see __post_init__): DuckDB
            # prunes row groups by a literal more readily than by a bound parameter.
            if self.date_from:
                clauses.append(f"date >= DATE '{self.date_from.isoformat()}'")
            if self.date_to:
                clauses.append(f"date <= DATE '{self.date_to.isoformat()}'")
        for name in self.active():
            values = getattr(self, name)
            if name in _EXACT[source]:
                column = _EXACT[source][name]
                if name == "round":
                    try:
                        values = tuple(int(v) for v in values)
                    except ValueError as error:
                        raise FlowQueryError(f"round must be a whole number: {values}") from error
                if coded:
                    clauses.append(_in_list(column, codes(CODED_COUNTS[column], values, prefix=False)))
                    continue
                clauses.append(f"{column} IN ({', '.join('?' for _ in values)})")
                params += list(values)
            elif name in _AREAS[source]:
                alternatives = []
                if coded:
                    area_codes = codes("area", values, prefix=True)
                    alternatives = [_in_list(c, area_codes) for c in _AREAS[source][name]]
                    clauses.append("(" + " OR ".join(alternatives) + ")")
                    continue
                for column in _AREAS[source][name]:
                    for value in values:
                        alternatives.append(f"starts_with({column}, ?)")
                        params.append(value)
                clauses.append("(" + " OR ".join(alternatives) + ")")
            else:
                raise FlowQueryError(f"filter {name!r} does not apply to {source}")
        return " AND ".join(clauses), params
