"""Budget periods of at most a year, and amounts shared to the cent."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engines.iati.budgets import split_by_days, yearly_periods
from engines.iati.validator import one_year_after


def test_periods_are_consecutive_years_cut_at_the_end() -> None:
    assert yearly_periods(dt.date(2025, 3, 1), dt.date(2027, 6, 30)) == [
        (dt.date(2025, 3, 1), dt.date(2026, 2, 28)),
        (dt.date(2026, 3, 1), dt.date(2027, 2, 28)),
        (dt.date(2027, 3, 1), dt.date(2027, 6, 30))]
    assert yearly_periods(dt.date(2024, 2, 29), dt.date(2024, 2, 29)) == [
        (dt.date(2024, 2, 29), dt.date(2024, 2, 29))]
    with pytest.raises(ValueError, match="comes before"):
        yearly_periods(dt.date(2025, 1, 2), dt.date(2025, 1, 1))


@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2090, 1, 1)),
       st.integers(min_value=0, max_value=4000),
       st.decimals(min_value=0, max_value=10**9, places=2))
def test_periods_cover_the_span_each_within_a_year_and_the_parts_sum(start, length, total):
    end = start + dt.timedelta(days=length)
    periods = yearly_periods(start, end)
    assert periods[0][0] == start and periods[-1][1] == end
    for (_a, b), (c, _d) in itertools.pairwise(periods):
        assert c == b + dt.timedelta(days=1)
    assert all(s <= e <= one_year_after(s) for s, e in periods)
    parts = split_by_days(total, periods)
    assert sum(parts) == total
    assert all(p >= 0 and p == p.quantize(D("0.01")) for p in parts)
