"""Reading and writing the numbers of a scale: decimal text in, exact fractions inside.

Rates are read with `decimal.Decimal` (exact for any decimal text) and computed as
`fractions.Fraction`: the factor k is a quotient such as 100/3 that no Decimal holds exactly, and
the rounding compares remainders, where an error in the 28th digit could give a unit to the wrong
member. Floats never touch a rate.
"""

from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction

# Plain decimal notation, optionally with an exponent as spreadsheets write tiny values (1E-03).
# Decimal itself also takes 'NaN', 'Infinity' and '1_000', none of which is a rate; the exponent
# is bounded so '1e-999999999' cannot ask for a billion-digit denominator.
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d{1,3})?")

# The most decimals a scale is written with: more says nothing about a contribution, and an
# absurd --decimals would only build enormous integers.
MAX_DECIMALS = 30


def parse_number(text: str) -> Decimal:
    """The number `text` writes (surrounding whitespace ignored); ValueError if it is none."""
    stripped = text.strip()
    if not stripped:
        raise ValueError("is empty")
    if not _NUMBER.fullmatch(stripped):
        raise ValueError(f"{text!r} is not a number")
    return Decimal(stripped)


def decimals_of(value: Decimal) -> int:
    """How many decimals `value` needs (trailing zeros do not count: 0.100 needs 1)."""
    _, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)  # finite: parse_number refuses NaN and Infinity
    # Counted on the digits rather than with normalize(), which rounds to the context's 28 digits.
    places = -exponent
    for digit in reversed(digits):
        if places <= 0 or digit != 0:
            break
        places -= 1
    return max(0, places)


def exact(value: Decimal) -> Fraction:
    return Fraction(value)  # exact: a finite Decimal is a fraction with a power of ten below


def format_units(units: int, decimals: int) -> str:
    """`units` of 10^-decimals written with exactly `decimals` decimals (12345, 3 -> '12.345').

    Integer arithmetic, so no Decimal context can round a long number.
    """
    if units < 0:
        raise ValueError("a rate is never negative")
    if decimals == 0:
        return str(units)
    whole, part = divmod(units, 10**decimals)
    return f"{whole}.{part:0{decimals}d}"
