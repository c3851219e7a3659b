"""Daily, weekly and monthly series, each period with its change against the previous one."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pyarrow as pa

from engines.flowstats.aggregation import aggregate
from engines.flowstats.breakdowns import DIMENSIONS, MEASURES
from engines.flowstats.errors import FlowQueryError
from engines.flowstats.filters import FlowFilter
from engines.flowstats.periods import (
    check_frequency,
    next_period,
    period_range,
    period_start,
    previous_period,
)
from engines.flowstats.results import FlowResult
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
    check_frequency(frequency)
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
    extra_where, extra_params = "", []
    if filters.date_from:
        # The first period may start before date_from: its days before date_from are outside
        # the period asked for, while the whole previous period is kept for the comparison.
        extra_where = "(date >= ? OR date < ?)"
        extra_params = [filters.date_from, period_start(filters.date_from, frequency)]
    # Group by day first (a cheap integer-like key), then by period on the small result.
    keys = [("day", "date")] + ([("grp", by)] if by else [])
    daily = aggregate(
        store,
        source,
        keys=keys,
        measures={"n": MEASURES[source]},
        filters=query_filters,
        extra_where=extra_where,
        extra_params=extra_params,
    )
    found_days = daily.to_pylist()
    counts: dict[tuple[dt.date, str], int] = {}
    for r in found_days:
        key = (period_start(r["day"], frequency), r["grp"] if by else "")
        counts[key] = counts.get(key, 0) + int(r["n"])
    if filters.date_from:
        first = filters.date_from
    elif found_days:
        first = min(r["day"] for r in found_days)
    else:
        first = None
    last = filters.date_to or (max(r["day"] for r in found_days) if found_days else None)
    groups = sorted({key[1] for key in counts}) or ([""] if not by else [])
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
