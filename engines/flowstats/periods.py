"""Calendar periods for series: days, ISO weeks (starting Monday) and months."""

from __future__ import annotations

import datetime as dt

from engines.flowstats.errors import FlowQueryError

FREQUENCIES = {"daily": "day", "weekly": "week", "monthly": "month"}


def check_frequency(frequency: str) -> str:
    if frequency not in FREQUENCIES:
        raise FlowQueryError(f"frequency must be one of {', '.join(FREQUENCIES)}")
    return FREQUENCIES[frequency]


def period_start(day: dt.date, frequency: str) -> dt.date:
    if frequency == "weekly":
        return day - dt.timedelta(days=day.weekday())
    if frequency == "monthly":
        return day.replace(day=1)
    return day


def next_period(start: dt.date, frequency: str) -> dt.date:
    if frequency == "weekly":
        return start + dt.timedelta(days=7)
    if frequency == "monthly":
        return (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return start + dt.timedelta(days=1)


def previous_period(start: dt.date, frequency: str) -> dt.date:
    return period_start(start - dt.timedelta(days=1), frequency)


def period_range(first: dt.date, last: dt.date, frequency: str) -> list[dt.date]:
    """Every period start from the one holding `first` to the one holding `last`."""
    starts = []
    current = period_start(first, frequency)
    while current <= last:
        starts.append(current)
        current = next_period(current, frequency)
    return starts
