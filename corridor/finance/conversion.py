"""Exchange rates for a day, and conversion of a transaction's amounts into each fund's base
currency so that they still balance exactly (largest remainder, as the scale is rounded)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

from django.conf import settings

from corridor.finance import currencies
from corridor.finance.models import ExchangeRate

ONE = Decimal(1)


@dataclass(frozen=True)
class FoundRate:
    rate: Decimal
    day: date  # the day of the rate used: the amount's own, or earlier with a fallback
    source: str


def rate_for(code: str, base: str, day: date) -> FoundRate | None:
    """One unit of `code` in `base` on `day`: the rate recorded for that day; with
    FINANCE_RATE_FALLBACK_DAYS set, the latest of up to that many days before. None: missing."""
    if code == base:
        return FoundRate(ONE, day, "")
    earliest = day - timedelta(days=settings.FINANCE_RATE_FALLBACK_DAYS)
    found = (ExchangeRate.objects.filter(currency_id=code, base_id=base, day__lte=day,
                                         day__gte=earliest)
             .order_by("-day").values_list("rate", "day", "source").first())
    return FoundRate(*found) if found else None


def missing_rate_message(code: str, base: str, day: date) -> str:
    fallback = settings.FINANCE_RATE_FALLBACK_DAYS
    message = f"no {code}→{base} exchange rate is recorded for {day.isoformat()}"
    if fallback:
        message += f" nor for the {fallback} days before"
    return message + "; record the day's rate first"


def exact_base(amount_minor: int, code: str, base: str, rate: Decimal) -> Fraction:
    """`amount_minor` of `code` in minor units of `base`, exactly."""
    shift = (currencies.get(base).minor_units or 0) - (currencies.get(code).minor_units or 0)
    return Fraction(amount_minor) * Fraction(rate) * Fraction(10) ** shift


def balanced_base(amounts: list[int], code: str, base: str, rate: Decimal) -> list[int]:
    """The base amounts of one fund's postings in one currency, which sum to zero: each is its
    exact value cut down to whole units, and the units the cuts lost go one each to the largest
    remainders (ties to the earlier posting). So every base amount is within one unit of
    amount × rate, and the group still sums to exactly zero."""
    exact = [exact_base(a, code, base, rate) for a in amounts]
    floors = [value.numerator // value.denominator for value in exact]
    missing = -sum(floors)  # the exact values sum to 0, so the floors fall short by whole units
    order = sorted(range(len(exact)), key=lambda i: (-(exact[i] - floors[i]), i))
    for i in order[:missing]:
        floors[i] += 1
    return floors
