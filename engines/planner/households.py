"""Households and corridors: the units the planner reasons about.

A household travels together or not at all, so every algorithm here decides per household, never per
traveller. Corridors (origin, destination) share no transport and no household, so each is an
independent sub-problem.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace

from engines.planner.model import Problem, Transport

# A corridor plan: for each household (by index), the index of its transport, or NOT_ASSIGNED.
NOT_ASSIGNED = -1
Choice = list[int]


@dataclass(frozen=True, slots=True)
class Household:
    id: str
    members: tuple[str, ...]
    size: int
    wheelchairs: int
    escorts: int
    priority: int  # sum over members: what assigning the household adds to the priority total
    ready: int  # date ordinal of the latest member: nobody leaves before everyone is ready
    ready_sum: int  # sum of members' ready ordinals, so waiting is size * departure - ready_sum

    def waiting(self, departure: int) -> int:
        return self.size * departure - self.ready_sum


@dataclass(frozen=True, slots=True)
class Corridor:
    origin: str
    destination: str
    households: tuple[Household, ...]
    transports: tuple[Transport, ...]  # sorted by departure
    departures: tuple[int, ...]  # date ordinals, aligned with transports
    options: tuple[tuple[int, ...], ...]  # per household: transports it fits, earliest first

    @property
    def arcs(self) -> int:
        return sum(len(o) for o in self.options)

    def with_options(self, options: tuple[tuple[int, ...], ...]) -> Corridor:
        """The same corridor with fewer arcs (options), e.g. after reduced-cost pruning."""
        return replace(self, options=options)

    def priority(self, choice: Choice) -> int:
        return sum(h.priority for h, t in zip(self.households, choice, strict=True) if t >= 0)

    def waiting(self, choice: Choice) -> int:
        return sum(
            h.waiting(self.departures[t])
            for h, t in zip(self.households, choice, strict=True)
            if t >= 0
        )

    def score(self, choice: Choice) -> tuple[int, int]:
        """Lexicographic quality, larger is better: (priority total, -waiting days)."""
        return self.priority(choice), -self.waiting(choice)


def fits(household: Household, transport: Transport, departure: int) -> bool:
    """Whether the household could take this transport if it were empty."""
    return (
        departure >= household.ready
        and household.size <= transport.seats
        and household.wheelchairs <= transport.wheelchair_places
        and household.escorts <= transport.escort_places
    )


def corridors_of(problem: Problem) -> list[Corridor]:
    """Group the problem into independent corridors; households with no transport are dropped."""
    members = defaultdict(list)
    for traveller in problem.travellers:
        members[traveller.household].append(traveller)
    by_corridor: dict[tuple[str, str], list[Household]] = defaultdict(list)
    for household_id, people in members.items():
        routes = {(p.origin, p.destination) for p in people}
        if len(routes) != 1:
            # validate() refuses such input; this guards callers who build a Problem by hand.
            raise ValueError(f"household {household_id!r} is split across corridors {routes}")
        by_corridor[routes.pop()].append(Household(
            id=household_id,
            members=tuple(p.id for p in people),
            size=len(people),
            wheelchairs=sum(p.wheelchair for p in people),
            escorts=sum(p.needs_escort for p in people),
            priority=sum(p.priority for p in people),
            ready=max(p.ready.toordinal() for p in people),
            ready_sum=sum(p.ready.toordinal() for p in people),
        ))
    transports = defaultdict(list)
    for transport in problem.transports:
        transports[(transport.origin, transport.destination)].append(transport)

    corridors = []
    for key in sorted(by_corridor):
        if key not in transports:
            continue
        route_transports = sorted(transports[key], key=lambda t: (t.departure, t.id))
        departures = tuple(t.departure.toordinal() for t in route_transports)
        households = []
        options = []
        for household in sorted(by_corridor[key], key=lambda h: h.id):
            fitting = tuple(
                i for i, (t, d) in enumerate(zip(route_transports, departures, strict=True))
                if fits(household, t, d)
            )
            if fitting:
                households.append(household)
                options.append(fitting)
        if households:
            corridors.append(Corridor(
                origin=key[0], destination=key[1], households=tuple(households),
                transports=tuple(route_transports), departures=departures, options=tuple(options),
            ))
    return corridors
