"""Connections between legs: which leg feeds which, and whether the time between them is enough."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from corridor.movements.models import DEFAULT_CONNECTION_MINUTES, Leg

# Two legs more than this far apart are two journeys, not a connection.
SAME_JOURNEY = dt.timedelta(hours=24)


def minimum_connection(onward: Leg, override_minutes: int | None) -> dt.timedelta:
    minutes = override_minutes if override_minutes is not None else \
        DEFAULT_CONNECTION_MINUTES.get(onward.mode, 90)
    return dt.timedelta(minutes=minutes)


def connects(first: Leg, onward: Leg) -> bool:
    """`onward` continues the journey of `first` (same place, within a day either way)."""
    if first.pk is not None and first.pk == onward.pk:
        return False
    if first.destination.strip().upper() != onward.origin.strip().upper():
        return False
    return -SAME_JOURNEY < onward.departure - first.arrival < SAME_JOURNEY


def connection_problems(legs: Iterable[Leg], override_minutes: int | None) -> list[str]:
    """One message per connection shorter than the minimum (or missed altogether)."""
    legs = sorted(legs, key=lambda leg: leg.departure)
    problems = []
    for first in legs:
        for onward in legs:
            if not connects(first, onward):
                continue
            gap = onward.departure - first.arrival
            needed = minimum_connection(onward, override_minutes)
            if gap < needed:
                minutes = int(gap.total_seconds() // 60)
                problems.append(
                    f"Connection at {onward.origin}: {minutes} min between {first} and {onward}; "
                    f"at least {int(needed.total_seconds() // 60)} min is needed.")
    return problems


def onward_chain(leg: Leg, legs: Iterable[Leg]) -> list[Leg]:
    """`leg` and the legs that continue from it, earliest connection first."""
    legs = list(legs)
    chain = [leg]
    while True:
        current = chain[-1]
        following = sorted((other for other in legs if other not in chain
                            and connects(current, other) and other.departure > current.arrival),
                           key=lambda other: other.departure)
        if not following:
            return chain
        chain.append(following[0])


def itineraries(legs: Iterable[Leg]) -> list[list[Leg]]:
    """Journeys through the operation: from each leg that nothing feeds, onward to the end."""
    legs = sorted(legs, key=lambda leg: leg.departure)
    starts = [leg for leg in legs if not any(connects(other, leg) and other.arrival <= leg.departure
                                             for other in legs)]
    return [onward_chain(start, legs) for start in starts]
