"""Surge alerts: a point's daily flow above its recent range (mean + k standard deviations)."""

# ruff: noqa: S608 -- SQL names come from schema.py and validated dimensions; values are bound
# parameters or quoted with _quote_literal, never pasted from input.

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pyarrow as pa

from engines.flowstats.errors import FlowQueryError
from engines.flowstats.filters import FlowFilter
from engines.flowstats.results import FlowResult
from engines.flowstats.store import FlowStore
from engines.flowstats.suppression import DEFAULT_THRESHOLD, check_threshold, mask_cells


def surge_alerts(
    store: FlowStore,
    *,
    filters: FlowFilter | None = None,
    window: int = 28,
    k: float = 3.0,
    threshold: int = DEFAULT_THRESHOLD,
) -> FlowResult:
    """Days on which a point's flow (after the filters) exceeds mean + k * sd of the `window`
    days before it.

    Days without counts are zero days: the calendar runs from each point's first to last
    counted day. A day is judged only with a full window behind it. The standard deviation is
    the sample one; with a flat history (sd 0) any rise above the mean is an alert.
    """
    check_threshold(threshold)
    if not isinstance(window, int) or window < 2:
        raise FlowQueryError("the window must be at least 2 days")
    if k < 0:
        raise FlowQueryError("k must not be negative")
    filters = filters or FlowFilter()
    # The first day in range needs `window` days of history before it.
    query_filters = filters
    if filters.date_from:
        query_filters = replace(filters, date_from=filters.date_from - dt.timedelta(days=window))
    where, params = query_filters.where("counts", codes=store._codes)
    period = []
    if filters.date_from:
        period.append(f"date >= DATE '{filters.date_from.isoformat()}'")
    if filters.date_to:
        period.append(f"date <= DATE '{filters.date_to.isoformat()}'")
    in_period = " AND ".join(period) or "TRUE"
    table = store._aggregate(
        f"""
        WITH daily AS (
            SELECT point, date, sum(count) AS n FROM flow_counts WHERE {where} GROUP BY ALL),
        calendar AS (
            SELECT point, CAST(unnest(generate_series(min(date), max(date), INTERVAL 1 DAY))
                AS DATE) AS date
            FROM daily GROUP BY point),
        filled AS (
            SELECT c.point, c.date, coalesce(d.n, 0) AS n
            FROM calendar c LEFT JOIN daily d USING (point, date)),
        judged AS (
            SELECT point, date, n,
                avg(n) OVER history AS mean,
                stddev_samp(n) OVER history AS sd,
                count(*) OVER history AS days
            FROM filled
            WINDOW history AS (PARTITION BY point ORDER BY date
                               ROWS BETWEEN {window} PRECEDING AND 1 PRECEDING))
        SELECT point, date, n, mean, sd FROM judged
        WHERE days = {window} AND n > mean + ? * sd AND {in_period}
        ORDER BY date, point
        """,
        [*params, float(k)],
    )
    found = table.to_pylist()
    labels = store._dictionary_labels("point")
    for row in found:
        row["point"] = labels[row["point"]]
    found.sort(key=lambda r: (r["date"], r["point"]))
    published = mask_cells([int(r["n"]) for r in found], threshold)
    rows = [
        {
            "point": r["point"],
            "date": r["date"],
            "count": value,
            "suppressed": value is None,
            "baseline_mean": round(float(r["mean"]), 2),
            "baseline_sd": round(float(r["sd"]), 2),
            "upper_bound": round(float(r["mean"]) + k * float(r["sd"]), 2),
        }
        for r, value in zip(found, published, strict=True)
    ]
    schema = pa.schema(
        [
            ("point", pa.string()),
            ("date", pa.date32()),
            ("count", pa.int64()),
            ("suppressed", pa.bool_()),
            ("baseline_mean", pa.float64()),
            ("baseline_sd", pa.float64()),
            ("upper_bound", pa.float64()),
        ]
    )
    result = pa.Table.from_pylist(rows, schema=schema)
    return FlowResult("surges", result, threshold, sum(1 for r in rows if r["suppressed"]))
