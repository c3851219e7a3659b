"""A proven upper bound on a corridor's priority total, from its linear relaxation.

The LP is solved with GLOP, but its floating-point answer is not trusted as is: only the transport
prices (capacity duals) are taken from it, clipped to be non-negative, and the household prices are
then recomputed so that the dual is feasible by construction. Any such dual solution bounds the LP,
hence the integer optimum, whatever numerical error GLOP made; a poor dual only loosens the bound.
"""

from __future__ import annotations

import math

from ortools.linear_solver import pywraplp

from engines.planner.households import Corridor

# Rounding slack when flooring a float sum that is mathematically a bound (errors are ~1e-12 here).
_SLACK = 1e-6


def trivial_bound(corridor: Corridor) -> int:
    """Every household that fits some transport travels: valid, and free to compute."""
    return sum(h.priority for h in corridor.households)


def lp_bound(corridor: Corridor) -> int:
    """Floor of a dual-feasible objective of the LP relaxation; never above `trivial_bound`."""
    prices = _capacity_prices(corridor)
    if prices is None:
        return trivial_bound(corridor)
    seat, wheel, escort = prices
    total = sum(
        t.seats * seat[j] + t.wheelchair_places * wheel[j] + t.escort_places * escort[j]
        for j, t in enumerate(corridor.transports)
    )
    for household, options in zip(corridor.households, corridor.options, strict=True):
        # The household's own price must cover its value on every transport it could take.
        reduced = max(
            household.priority
            - household.size * seat[j]
            - household.wheelchairs * wheel[j]
            - household.escorts * escort[j]
            for j in options
        )
        total += max(0.0, reduced)
    return min(trivial_bound(corridor), math.floor(total + _SLACK))


def _capacity_prices(corridor: Corridor) -> tuple[list[float], list[float], list[float]] | None:
    solver = pywraplp.Solver.CreateSolver("GLOP")
    if solver is None:
        return None
    n = len(corridor.transports)
    seat_terms: list[list] = [[] for _ in range(n)]
    wheel_terms: list[list] = [[] for _ in range(n)]
    escort_terms: list[list] = [[] for _ in range(n)]
    objective = solver.Objective()
    for h, (household, options) in enumerate(zip(corridor.households, corridor.options,
                                                 strict=True)):
        chosen = []
        for j in options:
            x = solver.NumVar(0.0, 1.0, f"x{h}_{j}")
            objective.SetCoefficient(x, household.priority)
            chosen.append(x)
            seat_terms[j].append((x, household.size))
            if household.wheelchairs:
                wheel_terms[j].append((x, household.wheelchairs))
            if household.escorts:
                escort_terms[j].append((x, household.escorts))
        once = solver.Constraint(0.0, 1.0)
        for x in chosen:
            once.SetCoefficient(x, 1.0)
    objective.SetMaximization()

    def capacity(terms: list, limit: int):
        row = solver.Constraint(-solver.infinity(), float(limit))
        for x, a in terms:
            row.SetCoefficient(x, float(a))
        return row

    rows = [
        (
            capacity(seat_terms[j], t.seats),
            capacity(wheel_terms[j], t.wheelchair_places),
            capacity(escort_terms[j], t.escort_places),
        )
        for j, t in enumerate(corridor.transports)
    ]
    status = solver.Solve()
    if status not in (pywraplp.Solver.OPTIMAL, pywraplp.Solver.FEASIBLE):
        return None
    # For a maximisation with <= rows the duals are >= 0; clipping guards against sign noise.
    return (
        [max(0.0, r[0].dual_value()) for r in rows],
        [max(0.0, r[1].dual_value()) for r in rows],
        [max(0.0, r[2].dual_value()) for r in rows],
    )
