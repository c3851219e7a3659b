"""Surge alerts find the injected surge, and match a plain-Python rolling computation."""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict

import pytest

from engines.flowstats import FlowFilter, FlowQueryError, surge_alerts
from engines.flowstats.tests.conftest import SURGE
from engines.flowstats.tests.reference import keep


def _python_alerts(count_rows, filters: FlowFilter, window: int, k: float) -> set:
    daily: dict = defaultdict(lambda: defaultdict(int))
    for row in count_rows:
        if keep(row, FlowFilter(**{n: getattr(filters, n) for n in filters.active()})):
            daily[row["point"]][row["date"]] += row["count"]
    alerts = set()
    for point, days in daily.items():
        first, last = min(days), max(days)
        series = [days.get(first + dt.timedelta(days=i), 0) for i in range((last - first).days + 1)]
        for i in range(window, len(series)):
            history = series[i - window : i]
            day = first + dt.timedelta(days=i)
            if filters.date_from and day < filters.date_from:
                continue
            if filters.date_to and day > filters.date_to:
                continue
            mean = sum(history) / window
            sd = math.sqrt(sum((x - mean) ** 2 for x in history) / (window - 1))
            if series[i] > mean + k * sd:
                alerts.add((point, day))
    return alerts


def test_the_injected_surge_is_found(store):
    alerts = surge_alerts(store).to_pylist()
    assert (SURGE.point, SURGE.start) in {(a["point"], a["date"]) for a in alerts}
    first = next(a for a in alerts if a["point"] == SURGE.point and a["date"] == SURGE.start)
    assert first["count"] > first["upper_bound"]


@pytest.mark.parametrize(
    ("window", "k", "filters"),
    [
        (28, 3.0, FlowFilter()),
        (14, 2.0, FlowFilter(nationality=("SSD", "SDN"))),
        (
            7,
            1.5,
            FlowFilter(
                date_from=dt.date(2025, 3, 1),
                date_to=dt.date(2025, 4, 30),
                direction=("out",),
                sex=("female",),
            ),
        ),
    ],
)
def test_alerts_match_python(store, count_rows, window, k, filters):
    result = surge_alerts(store, window=window, k=k, filters=filters)
    found = {(a["point"], a["date"]) for a in result.to_pylist()}
    assert found == _python_alerts(count_rows, filters, window, k)
    for alert in result.to_pylist():
        assert alert["suppressed"] == (alert["count"] is None)


def test_window_must_be_sensible(store):
    with pytest.raises(FlowQueryError):
        surge_alerts(store, window=1)
