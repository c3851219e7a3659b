"""Daily, weekly and monthly series, and their change, against plain Python."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import pytest

from engines.flowstats import FlowFilter, flow_series
from engines.flowstats.periods import period_start
from engines.flowstats.tests.reference import keep


def _truth(count_rows, filters, frequency, by=None) -> dict:
    totals: dict = defaultdict(int)
    for row in count_rows:
        if keep(row, filters):
            totals[(period_start(row["date"], frequency), row[by] if by else "")] += row["count"]
    return totals


@pytest.mark.parametrize("frequency", ["daily", "weekly", "monthly"])
def test_series_and_change_match_python(store, count_rows, frequency):
    filters = FlowFilter(
        date_from=dt.date(2025, 2, 10),
        date_to=dt.date(2025, 4, 20),
        nationality=("SSD", "ERI"),
        sex=("male",),
        age_group=("0-4", "60+"),
    )
    truth = _truth(
        count_rows,
        FlowFilter(nationality=filters.nationality, sex=filters.sex, age_group=filters.age_group),
        frequency,
    )
    # partial first and last periods count only the days inside the period asked for
    clipped = _truth(count_rows, filters, frequency)
    rows = flow_series(store, frequency=frequency, filters=filters).to_pylist()
    starts = [r["period"] for r in rows]
    assert starts[0] == period_start(filters.date_from, frequency)
    assert starts == sorted(starts) and len(set(starts)) == len(starts)
    for i, row in enumerate(rows):
        expected = clipped.get((row["period"], ""), 0)
        if 0 < expected < 5:
            assert row["suppressed"] and row["count"] is None
        else:
            assert row["count"] == expected and not row["suppressed"]
        if i == 0:
            previous = truth.get((period_start(row["period"] - dt.timedelta(days=1), frequency), ""), 0)
        else:
            previous = clipped.get((rows[i - 1]["period"], ""), 0)
        if row["count"] is None or 0 < previous < 5:
            assert row["change"] is None
        else:
            assert row["previous_count"] == previous
            assert row["change"] == row["count"] - previous
    masked = sum(r["suppressed"] for r in rows)
    assert masked > 0 or frequency != "daily"  # daily cells of this filter include small ones


def test_series_by_point_covers_every_period_of_every_point(store, count_rows):
    filters = FlowFilter(date_from=dt.date(2025, 1, 1), date_to=dt.date(2025, 5, 31))
    truth = _truth(count_rows, filters, "monthly", by="point")
    rows = flow_series(store, frequency="monthly", filters=filters, by="point").to_pylist()
    assert len(rows) == 4 * 5
    for row in rows:
        assert row["count"] == truth[(row["period"], row["point"])]
    january = [r for r in rows if r["period"] == dt.date(2025, 1, 1)]
    # nothing was counted in December: the change is the whole January, with no percentage
    assert all(r["previous_count"] == 0 and r["change"] == r["count"] for r in january)
    assert all(r["change_percent"] is None for r in january)
    assert all(r["days"] == 31 for r in january)
