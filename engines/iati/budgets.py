"""A multi-year budget as IATI wants it: periods of at most a year, amounts to the cent."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_DOWN, Decimal

from engines.iati.validator import one_year_after

CENT = Decimal("0.01")


def yearly_periods(start: dt.date, end: dt.date) -> list[tuple[dt.date, dt.date]]:
    """Consecutive periods from `start` to `end` (inclusive), each a year less a day at most,
    the last cut at `end`: 2025-03-01..2027-06-30 gives 2025-03-01..2026-02-28,
    2026-03-01..2027-02-28, 2027-03-01..2027-06-30."""
    if end < start:
        raise ValueError(f"the end {end} comes before the start {start}")
    periods = []
    cursor = start
    while cursor <= end:
        stop = min(one_year_after(cursor) - dt.timedelta(days=1), end)
        periods.append((cursor, stop))
        cursor = stop + dt.timedelta(days=1)
    return periods


def split_by_days(total: Decimal, periods: list[tuple[dt.date, dt.date]]) -> list[Decimal]:
    """`total` shared in proportion to each period's days, in cents, by largest remainder: the
    parts sum to exactly `total`."""
    if not periods:
        return []
    days = [(stop - start).days + 1 for start, stop in periods]
    all_days = sum(days)
    cents = int((total / CENT).to_integral_value())
    exact = [Decimal(cents) * d / all_days for d in days]
    floors = [int(e.to_integral_value(rounding=ROUND_DOWN)) for e in exact]
    left = cents - sum(floors)
    order = sorted(range(len(days)), key=lambda i: (-(exact[i] - floors[i]), i))
    for i in order[:left]:
        floors[i] += 1
    return [Decimal(f) * CENT for f in floors]
