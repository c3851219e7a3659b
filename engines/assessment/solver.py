"""The factor k: each member pays min(C, max(F, k × un_rate)), and the rates sum to 100.

The total T(k) = Σ min(C, max(F, k·u)) is continuous, non-decreasing and linear between the
breakpoints F/u and C/u (where a member leaves the floor, reaches the ceiling). So k is found
exactly, not by bisection on floats: find the segment where T crosses 100, then solve the one
linear equation there. Everything is a `Fraction`, so T(k) is exactly 100.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from fractions import Fraction

TOTAL = Fraction(100)


def member_rate(un_rate: Fraction, k: Fraction, floor: Fraction, ceiling: Fraction) -> Fraction:
    return min(ceiling, max(floor, k * un_rate))


def total(un_rates: Sequence[Fraction], k: Fraction, floor: Fraction, ceiling: Fraction) -> Fraction:
    return sum((member_rate(u, k, floor, ceiling) for u in un_rates), Fraction(0))


def highest_total(un_rates: Sequence[Fraction], floor: Fraction, ceiling: Fraction) -> Fraction:
    """T for a k large enough: a member with a UN rate of 0 keeps the floor whatever k is."""
    return sum((ceiling if u > 0 else floor for u in un_rates), Fraction(0))


def solve_k(
    un_rates: Sequence[Fraction], floor: Fraction, ceiling: Fraction, target: Fraction = TOTAL
) -> Fraction:
    """The smallest k >= 0 with T(k) = target; ValueError when there is none.

    When T is flat at the target (no member strictly between floor and ceiling) many k fit, but
    they all give every member the same rate, so the scale does not depend on the choice.
    """
    if floor > ceiling:
        raise ValueError("the floor is above the ceiling")
    if len(un_rates) * floor > target or highest_total(un_rates, floor, ceiling) < target:
        raise ValueError(f"no k makes the rates sum to {target}")
    if len(un_rates) * floor == target:
        return Fraction(0)  # T(0) = n·F: everyone at the floor
    breakpoints = sorted(
        {Fraction(0)} | {floor / u for u in un_rates if u > 0} | {ceiling / u for u in un_rates if u > 0}
    )
    # T at the last breakpoint is the highest total, which reaches the target: j exists, and
    # j > 0 because T(0) = n·F is below it.
    j = bisect_left(breakpoints, target, key=lambda k: total(un_rates, k, floor, ceiling))
    right = breakpoints[j]
    if total(un_rates, right, floor, ceiling) == target:
        return right
    # Strictly inside (left, right) no member changes regime; classify them at the midpoint.
    middle = (breakpoints[j - 1] + right) / 2
    fixed = Fraction(0)
    free = Fraction(0)
    for u in un_rates:
        if middle * u <= floor:
            fixed += floor
        elif middle * u >= ceiling:
            fixed += ceiling
        else:
            free += u
    # T rises across the segment, so some member is free there and `free` > 0.
    return (target - fixed) / free
