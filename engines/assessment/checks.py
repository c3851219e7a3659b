"""Whether a floor, a ceiling and a number of decimals can give a scale for these members."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction

from engines.assessment.errors import Problem
from engines.assessment.numbers import MAX_DECIMALS, decimals_of, exact
from engines.assessment.solver import TOTAL, highest_total

FLOOR = "--floor"
CEILING = "--ceiling"
DECIMALS = "--decimals"


def option_problems(floor: Decimal | None, ceiling: Decimal | None, decimals: int | None) -> list[Problem]:
    """What is wrong with the options; None stands for one that was not even a number (and
    already has its problem), so that the others are still checked."""
    problems: list[Problem] = []
    if decimals is not None and not 0 <= decimals <= MAX_DECIMALS:
        problems.append(Problem(DECIMALS, None, None, f"{decimals} is not between 0 and {MAX_DECIMALS}"))
        decimals = None
    for source, value in ((FLOOR, floor), (CEILING, ceiling)):
        if value is None:
            continue
        if value < 0:
            problems.append(Problem(source, None, None, f"{value} is negative"))
        elif decimals is not None and decimals_of(value) > decimals:
            # Rounded rates are whole units of 10^-D: a floor between two units could not be kept
            # by every member at it, nor could such a ceiling. Refused rather than moved silently.
            problems.append(
                Problem(
                    source, None, None,
                    f"{value} has more decimals than --decimals {decimals}: rates rounded to "
                    f"{decimals} decimals could not keep it",
                )
            )
    if floor is not None and ceiling is not None and floor > ceiling:
        problems.append(Problem(FLOOR, None, None, f"{floor} is above the ceiling {ceiling}"))
    return problems


def feasibility_problems(
    member_un_rates: Sequence[Fraction], floor: Decimal, ceiling: Decimal
) -> list[Problem]:
    """Why no k makes the members' rates sum to 100 (empty when one does).

    Call it only with a valid floor and ceiling (`option_problems` empty).
    """
    members = len(member_un_rates)
    low, high = exact(floor), exact(ceiling)
    if members == 0:
        return []  # the members file says it has no rows
    if members * low > TOTAL:
        return [
            Problem(FLOOR, None, None,
                    f"{floor} for each of the {members} members sums to {floor * members}, more than 100")
        ]
    if members * high < TOTAL:
        return [
            Problem(CEILING, None, None,
                    f"{ceiling} for each of the {members} members sums to {ceiling * members}, less than 100")
        ]
    if highest_total(member_un_rates, low, high) < TOTAL:
        zeros = sum(1 for u in member_un_rates if u == 0)
        reach = floor * zeros + ceiling * (members - zeros)
        return [
            Problem(CEILING, None, None,
                    f"the {zeros} members with a UN rate of 0 keep the floor {floor} whatever k is, "
                    f"so with the others at the ceiling {ceiling} the rates sum to at most {reach}, "
                    "less than 100")
        ]
    return []
