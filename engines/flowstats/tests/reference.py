"""Plain-Python answers to the engine's questions, written without DuckDB, to check it against.

Also an independent disclosure audit: a masked entry is recomputable when adding its unit
vector to the published-table equations does not raise their rank.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

import numpy as np

from engines.flowstats import FlowFilter

AREA_FILTERS = {
    "origin": ("origin",),
    "destination": ("destination",),
    "admin_area": ("origin", "destination"),
}


def keep(row: dict, filters: FlowFilter) -> bool:
    if filters.date_from and row["date"] < filters.date_from:
        return False
    if filters.date_to and row["date"] > filters.date_to:
        return False
    for name in ("point", "nationality", "direction", "sex", "age_group", "reason", "mode"):
        wanted = getattr(filters, name)
        if wanted and row[name] not in wanted:
            return False
    for name, columns in AREA_FILTERS.items():
        wanted = getattr(filters, name)
        if wanted and not any((row[c] or "").startswith(w) for c in columns for w in wanted):
            return False
    return True


def grouped(rows: Iterable[dict], keys: tuple[str, ...], measure: str | None = "count") -> dict:
    totals: dict = defaultdict(int)
    for row in rows:
        key = tuple("unknown" if row[k] is None else str(row[k]) for k in keys)
        totals[key] += 1 if measure is None else row[measure]
    return dict(totals)


def month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def disclosed(table: list[list[int]], masked: set[tuple[int, int]]) -> list[tuple[int, int]]:
    """Entries of a table with margins (last row and column are totals) that the published
    entries pin down exactly."""
    rows, columns = len(table), len(table[0])
    unknowns = sorted(masked)
    position = {entry: i for i, entry in enumerate(unknowns)}
    equations = []
    for r in range(rows):
        equation = np.zeros(len(unknowns))
        for c in range(columns):
            if (r, c) in position:
                equation[position[(r, c)]] += -1.0 if c == columns - 1 else 1.0
        equations.append(equation)
    for c in range(columns):
        equation = np.zeros(len(unknowns))
        for r in range(rows):
            if (r, c) in position:
                equation[position[(r, c)]] += -1.0 if r == rows - 1 else 1.0
        equations.append(equation)
    matrix = np.array(equations)
    rank = np.linalg.matrix_rank(matrix)
    found = []
    for entry, i in position.items():
        unit = np.zeros(len(unknowns))
        unit[i] = 1.0
        if np.linalg.matrix_rank(np.vstack([matrix, unit])) == rank:
            found.append(entry)
    return found
