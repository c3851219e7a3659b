"""Proven upper bounds on a corridor's priority total, from its linear relaxation.

The LP (households choose at most one transport, fractional; seats, wheelchair and escort places as
capacities) is solved by column generation with GLOP: start from a few arcs per household, price
every other arc against the duals with numpy, add those that would improve, repeat. Its
floating-point answer is never trusted as is: only the transport prices (capacity duals) are kept,
clipped to be non-negative, and each household's price is recomputed over all its arcs, so the dual
is feasible by construction. Any feasible dual bounds the LP, hence the integer optimum, whatever
numerical error or early stop happened; a poor dual only loosens the bound.

The same dual gives reduced costs, which prove that some arcs cannot be in any plan at least as good
as a known one (`Relaxation.prune`), which is what keeps the CP-SAT models small.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

import numpy as np

from engines.planner.households import Choice, Corridor

# Rounding slack for float sums that are mathematically bounds (their errors are ~1e-9 here).
_SLACK = 1e-6
_INITIAL_ARCS_PER_HOUSEHOLD = 3
_MAX_ROUNDS = 40
_ARCS_ADDED_PER_ROUND = 20_000


@dataclass(frozen=True)
class Relaxation:
    value: float  # objective of a feasible dual: an upper bound, before rounding down
    reduced_costs: np.ndarray  # per arc in `Corridor.options` order; all <= 0

    @property
    def bound(self) -> int:
        return math.floor(self.value + _SLACK)

    def prune(
        self, corridor: Corridor, known: Choice, *, max_arcs: int | None = None
    ) -> tuple[Corridor, bool]:
        """The corridor restricted to the arcs most worth a solver's time; True if exactly so.

        Exact step: for a feasible dual, priority(x) <= value + the sum of the reduced costs of
        the arcs x uses, and every reduced cost is <= 0; so an arc whose reduced cost is below
        priority(known) - value is in no plan at least as good as `known`, and dropping it loses
        nothing. If more than `max_arcs` remain, the worst-priced are dropped as well (each
        household keeps its best arc and its arc in `known`); a solver's bound on that smaller
        model is then no longer a bound on the corridor, which the caller must know.
        """
        costs = self.reduced_costs
        keep = costs >= corridor.priority(known) - self.value - _SLACK
        exact = max_arcs is None or int(keep.sum()) <= max_arcs
        if not exact:
            # Best reduced cost first; among equals, earlier departures (the option order).
            order = np.lexsort((np.arange(len(costs)), -costs))
            keep = np.zeros(len(costs), dtype=bool)
            keep[order[:max_arcs]] = True
        options = []
        position = 0
        for h, fitting in enumerate(corridor.options):
            mine = keep[position:position + len(fitting)]
            best = int(np.argmax(costs[position:position + len(fitting)]))
            options.append(tuple(
                t for k, t in enumerate(fitting)
                if mine[k] or known[h] == t or (not exact and k == best)
            ))
            position += len(fitting)
        return corridor.with_options(tuple(options)), exact


class _Arcs:
    """The corridor's arcs (household, transport) as flat numpy arrays, for vectorised pricing."""

    def __init__(self, corridor: Corridor) -> None:
        households = corridor.households
        self.household = np.repeat(
            np.arange(len(households)), [len(o) for o in corridor.options]
        ).astype(np.int64)
        self.transport = np.fromiter(
            (t for o in corridor.options for t in o), dtype=np.int64, count=len(self.household)
        )
        self.value = np.array([h.priority for h in households], dtype=float)
        # Columns: seats, wheelchair places, escort places.
        self.use = np.array([[h.size, h.wheelchairs, h.escorts] for h in households],
                            dtype=float).reshape(-1, 3)
        self.capacity = np.array(
            [[t.seats, t.wheelchair_places, t.escort_places] for t in corridor.transports],
            dtype=float,
        ).reshape(-1, 3)

    def margin(self, prices: np.ndarray) -> np.ndarray:
        """Per arc: the household's value minus what its places cost on that transport."""
        return self.value[self.household] - np.einsum(
            "ij,ij->i", self.use[self.household], prices[self.transport]
        )

    def dual_value(self, prices: np.ndarray) -> tuple[float, np.ndarray]:
        """Objective of the feasible dual built on `prices`, and the arcs' reduced costs."""
        margin = self.margin(prices)
        household_price = np.zeros(len(self.value))
        np.maximum.at(household_price, self.household, margin)
        value = float(household_price.sum() + (self.capacity * prices).sum())
        return value, margin - household_price[self.household]


def trivial_bound(corridor: Corridor) -> int:
    """Every household that fits some transport travels: valid, and free to compute."""
    return sum(h.priority for h in corridor.households)


def relax(corridor: Corridor, start: Choice, *, time_limit: float = 10.0) -> Relaxation:
    """Solve the LP relaxation by column generation, starting from the arcs of `start`."""
    deadline = time.monotonic() + time_limit
    arcs = _Arcs(corridor)
    n_transports = len(corridor.transports)
    # Columns to begin with: the start plan's arcs and each household's earliest few.
    chosen = np.zeros(len(arcs.household), dtype=bool)
    position = 0
    for h, fitting in enumerate(corridor.options):
        chosen[position:position + min(len(fitting), _INITIAL_ARCS_PER_HOUSEHOLD)] = True
        if start[h] >= 0:
            chosen[position + fitting.index(start[h])] = True
        position += len(fitting)

    # OR-Tools is loaded when a plan is solved, not when the app imports the planner (ADR 0020).
    from ortools.linear_solver import pywraplp

    solver = pywraplp.Solver.CreateSolver("GLOP")
    once = [solver.Constraint(0.0, 1.0) for _ in corridor.households]
    rows = [[solver.Constraint(-solver.infinity(), float(c)) for c in caps]
            for caps in arcs.capacity]
    objective = solver.Objective()
    objective.SetMaximization()

    def add_columns(indices: np.ndarray) -> None:
        for i in indices.tolist():
            h, t = int(arcs.household[i]), int(arcs.transport[i])
            x = solver.NumVar(0.0, 1.0, "")
            objective.SetCoefficient(x, float(arcs.value[h]))
            once[h].SetCoefficient(x, 1.0)
            for k in range(3):
                if arcs.use[h, k]:
                    rows[t][k].SetCoefficient(x, float(arcs.use[h, k]))

    best_value = float(trivial_bound(corridor))
    best_costs = np.zeros(len(arcs.household))
    prices = np.zeros((n_transports, 3))
    add_columns(np.flatnonzero(chosen))
    for _ in range(_MAX_ROUNDS):
        if solver.Solve() not in (pywraplp.Solver.OPTIMAL, pywraplp.Solver.FEASIBLE):
            break
        # Duals of <= rows in a maximisation are >= 0; clipping only guards against sign noise.
        prices = np.array([[max(0.0, r.dual_value()) for r in row] for row in rows]).reshape(-1, 3)
        value, costs = arcs.dual_value(prices)
        if value < best_value:
            best_value, best_costs = value, costs
        household_dual = np.array([max(0.0, c.dual_value()) for c in once])
        # Arcs that price out positively against the restricted LP's duals would raise its value.
        improving = arcs.margin(prices) - household_dual[arcs.household] > 1e-7
        candidates = np.flatnonzero(improving & ~chosen)
        if len(candidates) == 0 or time.monotonic() > deadline:
            break
        gain = (arcs.margin(prices) - household_dual[arcs.household])[candidates]
        candidates = candidates[np.argsort(-gain)[:_ARCS_ADDED_PER_ROUND]]
        chosen[candidates] = True
        add_columns(candidates)
    if best_value >= trivial_bound(corridor):
        # Either no LP was solved or its dual is no better than counting everyone: the trivial
        # bound with zero prices is itself a feasible dual.
        best_value, best_costs = arcs.dual_value(np.zeros((n_transports, 3)))
    return Relaxation(value=best_value, reduced_costs=best_costs)


def lp_bound(corridor: Corridor, start: Choice) -> int:
    return min(trivial_bound(corridor), relax(corridor, start).bound)
