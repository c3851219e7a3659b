"""Scales worked out by hand, through the library."""

from __future__ import annotations

from decimal import Decimal as D
from fractions import Fraction

import pytest

from engines.assessment import ScaleError, assess
from engines.assessment.solver import solve_k, total


def rates(scale) -> dict[str, str]:
    return {code: f"{rate:f}" for code, rate in scale.rates.items()}


def test_three_members_share_in_proportion_and_the_largest_remainder_gets_the_missing_unit() -> None:
    # k = 100/6: 16.6666…, 33.3333…, 50. Cut to 16.666 + 33.333 + 50.000 = 99.999; the one unit
    # missing goes to the larger remainder (0.6666… against 0.3333…).
    scale = assess({"FRA": D(1), "DEU": D(2), "ITA": D(3), "USA": D(94)}, ["FRA", "DEU", "ITA"])
    assert rates(scale) == {"FRA": "16.667", "DEU": "33.333", "ITA": "50.000"}
    assert scale.k == Fraction(100, 6)


def test_a_floor_lifts_the_smallest_member_and_the_others_share_what_is_left() -> None:
    # 0.001 × k would be 0.05: raised to 1, and the two others share 99 (k = 49.5).
    scale = assess({"TUV": D("0.001"), "FRA": D(1), "DEU": D(1)}, ["TUV", "FRA", "DEU"], floor=D(1))
    assert rates(scale) == {"TUV": "1.000", "FRA": "49.500", "DEU": "49.500"}
    assert scale.k == Fraction(99, 2)
    assert scale.raised_to_floor == ("TUV",)


def test_a_ceiling_cuts_the_largest_member_and_the_others_share_the_rest() -> None:
    # 70 is cut to 50; 10 and 20 share the other 50 (k = 5/3): 16.6666…, 33.3333….
    scale = assess({"FRA": D(10), "DEU": D(20), "CHN": D(70)}, ["FRA", "DEU", "CHN"], ceiling=D(50))
    assert rates(scale) == {"FRA": "16.667", "DEU": "33.333", "CHN": "50.000"}
    assert scale.cut_to_ceiling == ("CHN",)


def test_floor_and_ceiling_together() -> None:
    # k·0.01 stays under 0.5 and k·85 over 40: 0.5 + 40 fixed, 59.5 shared by 5 and 10 (k = 59.5/15).
    un = {"TUV": D("0.01"), "FRA": D(5), "DEU": D(10), "USA": D(85)}
    scale = assess(un, list(un), floor=D("0.5"), ceiling=D(40))
    assert scale.k == Fraction("59.5") / 15
    assert rates(scale) == {"TUV": "0.500", "FRA": "19.833", "DEU": "39.667", "USA": "40.000"}


def test_equal_members_end_at_most_one_unit_apart_ties_broken_by_code() -> None:
    scale = assess({"ITA": D(1), "DEU": D(1), "FRA": D(1)}, ["ITA", "DEU", "FRA"])
    assert rates(scale) == {"ITA": "33.333", "DEU": "33.334", "FRA": "33.333"}
    whole = assess({"ITA": D(1), "DEU": D(1), "FRA": D(1)}, ["ITA", "DEU", "FRA"], decimals=0)
    assert rates(whole) == {"ITA": "33", "DEU": "34", "FRA": "33"}


def test_a_member_with_a_un_rate_of_zero_gets_the_floor() -> None:
    scale = assess({"TUV": D(0), "FRA": D(1), "DEU": D(1)}, ["TUV", "FRA", "DEU"], floor=D(2))
    assert rates(scale) == {"TUV": "2.000", "FRA": "49.000", "DEU": "49.000"}


def test_everyone_at_the_floor_when_the_floor_takes_all_of_it() -> None:
    scale = assess({"TUV": D(0), "FRA": D(0)}, ["TUV", "FRA"], floor=D(50))
    assert rates(scale) == {"TUV": "50.000", "FRA": "50.000"}
    assert scale.k == 0


def test_more_decimals_and_csv_text() -> None:
    scale = assess({"FRA": D(1), "DEU": D(2)}, ["FRA", "DEU"], decimals=5)
    assert scale.to_csv() == "iso3,rate\nFRA,33.33333\nDEU,66.66667\n"


def test_the_solver_is_exact_on_each_segment() -> None:
    un = [Fraction(1), Fraction(3), Fraction(7, 10), Fraction(0), Fraction(40)]
    floor, ceiling = Fraction(2), Fraction(45)
    k = solve_k(un, floor, ceiling)
    assert total(un, k, floor, ceiling) == 100
    assert total(un, k - Fraction(1, 10**9), floor, ceiling) < 100  # the smallest such k


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ({"floor": D(40)}, "--floor: 40 for each of the 3 members sums to 120, more than 100"),
        ({"ceiling": D(30)}, "--ceiling: 30 for each of the 3 members sums to 90, less than 100"),
        ({"floor": D("0.0005")}, "--floor: 0.0005 has more decimals than --decimals 3"),
        ({"ceiling": D("50.5"), "decimals": 0}, "--ceiling: 50.5 has more decimals than --decimals 0"),
        ({"floor": D(20), "ceiling": D(10)}, "--floor: 20 is above the ceiling 10"),
        ({"decimals": -1}, "--decimals: -1 is not between 0 and 30"),
    ],
)
def test_the_library_refuses_what_cannot_be_met(options: dict, expected: str) -> None:
    with pytest.raises(ScaleError) as raised:
        assess({"FRA": D(1), "DEU": D(2), "ITA": D(3)}, ["FRA", "DEU", "ITA"], **options)
    assert any(str(p).startswith(expected) for p in raised.value.problems), raised.value.problems


def test_a_floor_written_with_trailing_zeros_is_representable() -> None:
    scale = assess({"FRA": D(1), "DEU": D(2)}, ["FRA", "DEU"], floor=D("1.5000"), decimals=1)
    assert rates(scale) == {"FRA": "33.3", "DEU": "66.7"}


def test_the_library_refuses_a_member_missing_from_the_un_rates() -> None:
    with pytest.raises(ScaleError, match="'GBR' is not in the UN scale"):
        assess({"FRA": D(1)}, ["FRA", "GBR"])
