"""The scale of assessment: each member's share of the budget, in percent, summing to 100."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from engines.assessment.checks import feasibility_problems, option_problems
from engines.assessment.errors import Problem, ScaleError
from engines.assessment.numbers import exact, format_units
from engines.assessment.rounding import largest_remainder
from engines.assessment.solver import member_rate, solve_k

DEFAULT_FLOOR = Decimal(0)
DEFAULT_CEILING = Decimal(100)
DEFAULT_DECIMALS = 3


@dataclass(frozen=True)
class Scale:
    """Rates in percent with exactly `decimals` decimals, in the members' order, summing to 100."""

    rates: dict[str, Decimal]
    decimals: int
    k: Fraction
    floor: Decimal
    ceiling: Decimal
    # Members whose k × UN rate the floor raised or the ceiling cut (before rounding).
    raised_to_floor: tuple[str, ...]
    cut_to_ceiling: tuple[str, ...]

    def to_csv(self) -> str:
        lines = ["iso3,rate"]
        lines += [f"{code},{rate:f}" for code, rate in self.rates.items()]
        return "\n".join(lines) + "\n"


def assess(
    un_rates: Mapping[str, Decimal],
    members: Sequence[str],
    *,
    floor: Decimal = DEFAULT_FLOOR,
    ceiling: Decimal = DEFAULT_CEILING,
    decimals: int = DEFAULT_DECIMALS,
) -> Scale:
    """The members' scale from the UN rates (percent); ScaleError lists every problem.

    `un_rates` may hold other countries too (the whole UN scale); only the members' rates count.
    Codes are compared as given: the readers upper-case them.
    """
    problems = option_problems(floor, ceiling, decimals)
    missing = [code for code in members if code not in un_rates]
    problems += [Problem("members", None, None, f"{code!r} is not in the UN scale") for code in missing]
    if len(set(members)) != len(members):
        problems.append(Problem("members", None, None, "a member is named twice"))
    if any(rate < 0 for rate in un_rates.values()):
        problems.append(Problem("UN scale", None, None, "a UN rate is negative"))
    if not members:
        problems.append(Problem("members", None, None, "there are no members"))
    if problems:
        raise ScaleError(problems)
    member_un = [exact(un_rates[code]) for code in members]
    problems = feasibility_problems(member_un, floor, ceiling)
    if problems:
        raise ScaleError(problems)

    low, high = exact(floor), exact(ceiling)
    k = solve_k(member_un, low, high)
    exact_rates = [member_rate(u, k, low, high) for u in member_un]
    units = largest_remainder(exact_rates, decimals, un_rates=member_un, codes=members)
    # Built from text so the Decimal keeps exactly `decimals` decimals, with no context rounding.
    rates = {code: Decimal(format_units(n, decimals)) for code, n in zip(members, units, strict=True)}
    return Scale(
        rates=rates,
        decimals=decimals,
        k=k,
        floor=floor,
        ceiling=ceiling,
        raised_to_floor=tuple(c for c, u in zip(members, member_un, strict=True) if k * u < low),
        cut_to_ceiling=tuple(c for c, u in zip(members, member_un, strict=True) if k * u > high),
    )
