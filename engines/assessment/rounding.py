"""Rounding the exact rates to D decimals so that they still sum to exactly 100.

Largest remainder (Hamilton): every rate is cut down to D decimals, then the units of 10^-D
still missing go one each to the members with the largest remainders. Ties in the remainder go
to the larger exact rate, then the larger UN rate, then the code in alphabetical order, so the
result never depends on the order of the input files.

Why this keeps the promises, given a floor and a ceiling written with at most D decimals (the
checks refuse others):
- the floor: a rate of at least F is cut to at least F, since F is a whole number of units;
- the ceiling: only a rate with a remainder gets a unit, and a rate below C with a remainder
  rounds up to at most C. A member exactly at F or C has no remainder and never gets a unit:
  the missing units m equal the sum of the remainders, each below 1, so at least m + 1 members
  have a remainder whenever m > 0;
- order: a larger UN rate gives an exact rate at least as large; if it is cut to more units it
  stays ahead, if to the same units its remainder is larger or, on a tie, the tie-break ranks it
  first, so a smaller member never gets a unit that it does not. Equal UN rates can end one unit
  apart: dividing 100 into three equal parts at D decimals cannot be done otherwise.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction


def largest_remainder(
    rates: Sequence[Fraction],
    decimals: int,
    *,
    un_rates: Sequence[Fraction],
    codes: Sequence[str],
    total: int = 100,
) -> list[int]:
    """Each rate in whole units of 10^-decimals, summing to `total` × 10^decimals.

    `rates` must sum to exactly `total`; `un_rates` and `codes` only break ties.
    """
    scale = 10**decimals
    scaled = [rate * scale for rate in rates]
    if sum(scaled, Fraction(0)) != total * scale:
        raise ValueError(f"the exact rates do not sum to {total}")
    units = [math.floor(value) for value in scaled]
    missing = total * scale - sum(units)  # a whole number, below the number of members
    ranking = sorted(
        range(len(rates)),
        key=lambda i: (-(scaled[i] - units[i]), -rates[i], -un_rates[i], codes[i]),
    )
    for i in ranking[:missing]:
        units[i] += 1
    return units
