"""Daily, weekly and monthly series, each period with its change against the previous one."""

# ruff: noqa: S608 -- SQL names come from schema.py and validated dimensions; values are bound
# parameters or quoted with _quote_literal, never pasted from input.

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pyarrow as pa

from engines.flowstats.breakdowns import DIMENSIONS, MEASURES, TABLES
from engines.flowstats.errors import FlowQueryError
from engines.flowstats.filters import FlowFilter
from engines.flowstats.periods import (
    check_frequency,
    next_period,
    period_range,
    period_start,
    previous_period,
)
from engines.flowstats.results import UNKNOWN, FlowResult
from engines.flowstats.store import FlowStore
from engines.flowstats.suppression import DEFAULT_THRESHOLD, check_threshold, mask_cells


def flow_series(
    store: FlowStore,
    *,
    frequency: str = "daily",
    filters: FlowFilter | None = None,
    by: str | None = None,
    source: str = "counts",
    threshold: int = DEFAULT_THRESHOLD,
) -> FlowResult:
    """One row per period (and per value of `by`), every period present, empty ones as 0.

    Series are published without totals, so primary suppression is enough here; a change is
    shown only when both periods are published (else it would reveal the masked one).
    """
    check_threshold(threshold)
    unit = check_frequency(frequency)
    filters = filters or FlowFilter()
    if source not in ("counts", "surveys"):
        raise FlowQueryError("series are built from counts or surveys")
    if by is not None and by not in DIMENSIONS[source]:
        raise FlowQueryError(f"cannot split a series by {by!r}")
    # Reach one period back so that the first period in range has its previous period.
    query_filters = filters
    if filters.date_from:
        query_filters = replace(
            filters, date_from=previous_period(period_start(filters.date_from, frequency), frequency)
        )
    where, params = query_filters.where(source)
    group = f", coalesce(CAST({by} AS VARCHAR), '{UNKNOWN}') AS grp" if by else ", '' AS grp"
    table = store._aggregate(
        f"SELECT CAST(date_trunc('{unit}', date) AS DATE) AS period{group}, "
        f"{MEASURES[source]} AS n, min(date) AS first_day, max(date) AS last_day "
        f"FROM {TABLES[source]} WHERE {where} GROUP BY ALL",
        params,
    )
    found = table.to_pylist()
    counts = {(r["period"], r["grp"]): int(r["n"]) for r in found}
    if filters.date_from:
        first = filters.date_from
    elif found:
        first = min(r["first_day"] for r in found)
    else:
        first = None
    last = filters.date_to or (max(r["last_day"] for r in found) if found else None)
    groups = sorted({r["grp"] for r in found}) or ([""] if not by else [])
    starts = period_range(first, last, frequency) if first and last else []

    rows = []
    for group_value in groups:
        previous = previous_period(starts[0], frequency) if starts else None
        values = [counts.get((previous, group_value), 0)] + [counts.get((s, group_value), 0) for s in starts]
        published = mask_cells(values, threshold)
        # Only a previous period that was queried in full can be compared with.
        has_previous = filters.date_from is not None
        for i, start in enumerate(starts, start=1):
            end = next_period(start, frequency) - dt.timedelta(days=1)
            covered = (min(end, last) - max(start, first)).days + 1
            before = published[i - 1] if (i > 1 or has_previous) else None
            now = published[i]
            change = now - before if now is not None and before is not None else None
            percent = round(100.0 * change / before, 1) if change is not None and before else None
            row = {"period": start, "days": covered}
            if by:
                row[by] = group_value
            row.update(
                count=now,
                suppressed=now is None,
                previous_count=before,
                change=change,
                change_percent=percent,
            )
            rows.append(row)
    schema = [("period", pa.date32()), ("days", pa.int32())]
    if by:
        schema.append((by, pa.string()))
    schema += [
        ("count", pa.int64()),
        ("suppressed", pa.bool_()),
        ("previous_count", pa.int64()),
        ("change", pa.int64()),
        ("change_percent", pa.float64()),
    ]
    result = pa.Table.from_pylist(rows, schema=pa.schema(schema))
    masked = sum(1 for r in rows if r["suppressed"])
    return FlowResult(f"series:{frequency}", result, threshold, masked)
