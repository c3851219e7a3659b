"""Properties of every scale, on random members, UN rates, floors, ceilings and decimals."""

from __future__ import annotations

import random
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pycountry
from hypothesis import given, settings
from hypothesis import strategies as st

from engines.assessment import ScaleError, assess, read_un_scale
from engines.assessment.checks import feasibility_problems
from engines.assessment.solver import member_rate, solve_k, total

CODES = sorted(country.alpha_3 for country in pycountry.countries)


@st.composite
def cases(draw: st.DrawFn) -> tuple[dict[str, Decimal], list[str], Decimal, Decimal, int]:
    """Members with UN rates (zeros and ties included), and a floor and ceiling at D decimals
    that the number of members allows (whether the zero rates allow them is left to chance)."""
    codes = draw(st.lists(st.sampled_from(CODES), min_size=1, max_size=25, unique=True))
    pool = draw(st.lists(st.integers(0, 30_000), min_size=1, max_size=6))  # few values: ties
    un = {code: Decimal(draw(st.sampled_from(pool))).scaleb(-3) for code in codes}
    decimals = draw(st.integers(0, 4))
    whole = 100 * 10**decimals  # 100 in units of 10^-D
    n = len(codes)
    floor = Decimal(draw(st.integers(0, whole // n) | st.just(0))).scaleb(-decimals)
    ceiling = Decimal(draw(st.integers(-(-whole // n), whole) | st.just(whole))).scaleb(-decimals)
    return un, codes, floor, ceiling, decimals


def _feasible(un, codes, floor, ceiling) -> bool:
    return not feasibility_problems([Fraction(un[c]) for c in codes], floor, ceiling)


@settings(max_examples=300, deadline=None, database=None)
@given(case=cases())
def test_the_scale_sums_to_100_keeps_floor_ceiling_and_order(case) -> None:
    un, codes, floor, ceiling, decimals = case
    if not _feasible(un, codes, floor, ceiling):
        # Only members with a UN rate of 0 can make a floor and ceiling the count allows fail.
        assert any(un[c] == 0 for c in codes)
        try:
            assess(un, codes, floor=floor, ceiling=ceiling, decimals=decimals)
        except ScaleError:
            return
        raise AssertionError("an infeasible scale was not refused")
    scale = assess(un, codes, floor=floor, ceiling=ceiling, decimals=decimals)
    rates = scale.rates
    assert list(rates) == codes
    assert sum(rates.values()) == 100  # exactly: every rate is a whole number of units
    unit = Decimal(1).scaleb(-decimals)
    for code, rate in rates.items():
        assert rate.as_tuple().exponent == -decimals
        assert floor <= rate <= ceiling
        # Within one unit of the exact share min(C, max(F, k·u)).
        exact = member_rate(Fraction(un[code]), scale.k, Fraction(floor), Fraction(ceiling))
        assert abs(Fraction(rate) - exact) < Fraction(unit)
    for a in codes:
        for b in codes:
            if un[a] > un[b]:
                assert rates[a] >= rates[b], (a, b)


@settings(max_examples=150, deadline=None, database=None)
@given(case=cases(), seed=st.integers(0, 2**32))
def test_the_scale_does_not_depend_on_the_order_of_the_members(case, seed: int) -> None:
    un, codes, floor, ceiling, decimals = case
    if not _feasible(un, codes, floor, ceiling):
        return
    shuffled = list(codes)
    random.Random(seed).shuffle(shuffled)
    first = assess(un, codes, floor=floor, ceiling=ceiling, decimals=decimals).rates
    second = assess(un, shuffled, floor=floor, ceiling=ceiling, decimals=decimals).rates
    assert first == second


@settings(max_examples=150, deadline=None, database=None)
@given(case=cases())
def test_a_scale_is_its_own_scale_and_its_text_reads_back_unchanged(case, tmp_path_factory) -> None:
    un, codes, floor, ceiling, decimals = case
    if not _feasible(un, codes, floor, ceiling):
        return
    scale = assess(un, codes, floor=floor, ceiling=ceiling, decimals=decimals)
    # Its rates already sum to 100 within floor and ceiling at D decimals: k = 1, no rounding.
    again = assess(scale.rates, codes, floor=floor, ceiling=ceiling, decimals=decimals)
    assert again.rates == scale.rates
    assert again.to_csv() == scale.to_csv()
    # Written with exactly D decimals, read back as a UN scale: the same numbers, the same text.
    path: Path = tmp_path_factory.mktemp("scale") / "SCALE.csv"
    path.write_text(scale.to_csv().replace("iso3,rate", "iso3,un_rate", 1), encoding="utf-8")
    read, problems = read_un_scale(path)
    assert problems == []
    assert {c: r.rate for c, r in read.rates.items()} == scale.rates
    for line in scale.to_csv().splitlines()[1:]:
        text = line.split(",")[1]
        assert len(text.partition(".")[2]) == decimals
        assert f"{Decimal(text):f}" == text


@settings(max_examples=300, deadline=None, database=None)
@given(
    un=st.lists(st.fractions(min_value=0, max_value=50, max_denominator=1000), min_size=1, max_size=30),
    bounds=st.tuples(st.fractions(0, 100, max_denominator=100), st.fractions(0, 100, max_denominator=100)),
)
def test_the_solver_finds_the_smallest_k_whose_total_is_exactly_100(un, bounds) -> None:
    floor, ceiling = sorted(bounds)
    n = len(un)
    high = sum((ceiling if u > 0 else floor for u in un), Fraction(0))
    if n * floor > 100 or high < 100:
        return
    k = solve_k(un, floor, ceiling)
    assert total(un, k, floor, ceiling) == 100
    assert k == 0 or total(un, k * (1 - Fraction(1, 10**12)), floor, ceiling) < 100
