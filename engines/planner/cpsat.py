"""CP-SAT model of one corridor, solved lexicographically in two phases.

Decision: x[h, t] = household h takes transport t, only for transports the household fits.
Phase 1 maximises the priority total; phase 2 fixes the priority total at phase 1's best and
minimises waiting days. Both phases start from a complete, feasible hint (the greedy plan, then
the phase 1 plan): without it CP-SAT spends a short budget finding what greedy finds at once
(measured here: a plain model given 25 s ended below greedy on the 10k instance).
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from ortools.sat.python import cp_model

from engines.planner.households import NOT_ASSIGNED, Choice, Corridor

# Share of a corridor's budget given to phase 1 before it must hand over to phase 2; time it does
# not use (it stops early when it proves optimality) goes to phase 2. A single weighted objective
# (priority * big - waiting) was tried too: no better on the 10k instance, and its bound is looser.
PHASE_ONE_SHARE = 0.5


@dataclass(frozen=True, slots=True)
class CorridorResult:
    choice: Choice
    bound: int | None  # CP-SAT's proven bound on the priority total, if phase 1 ran
    optimal_priority: bool
    log: str


def solve_corridor(
    corridor: Corridor, hint: Choice, *, time_limit: float, workers: int, seed: int = 0,
    known_bound: int | None = None,
) -> CorridorResult:
    """Improve on `hint`; `known_bound` (e.g. the LP bound) lets phase 1 stop once it is reached."""
    started = time.monotonic()
    model = cp_model.CpModel()
    x: dict[tuple[int, int], cp_model.IntVar] = {}
    for h, options in enumerate(corridor.options):
        for t in options:
            x[h, t] = model.new_bool_var(f"x{h}_{t}")
        model.add_at_most_one(x[h, t] for t in options)

    on = [[] for _ in corridor.transports]
    for (h, t), var in x.items():
        on[t].append((corridor.households[h], var))
    for t, transport in enumerate(corridor.transports):
        for attribute, limit in (
            ("size", transport.seats),
            ("wheelchairs", transport.wheelchair_places),
            ("escorts", transport.escort_places),
        ):
            terms = [(getattr(h, attribute), v) for h, v in on[t] if getattr(h, attribute)]
            if sum(a for a, _ in terms) > limit:  # rows that can never bind are left out
                model.add(sum(a * v for a, v in terms) <= limit)

    priority = sum(corridor.households[h].priority * v for (h, _), v in x.items())
    if known_bound is not None:
        # Redundant for the optimum, but CP-SAT proves optimality as soon as it reaches it,
        # instead of searching on for a bound its own relaxation cannot see.
        model.add(priority <= known_bound)
    waiting = sum(
        corridor.households[h].waiting(corridor.departures[t]) * v for (h, t), v in x.items()
    )

    def solve(seconds: float) -> tuple[cp_model.CpSolver, int]:
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = max(0.05, seconds)
        solver.parameters.num_workers = workers
        solver.parameters.random_seed = seed
        return solver, solver.solve(model)

    def set_hint(choice: Choice) -> None:
        model.clear_hints()
        for (h, t), var in x.items():
            model.add_hint(var, choice[h] == t)

    def read(solver: cp_model.CpSolver) -> Choice:
        choice = [NOT_ASSIGNED] * len(corridor.households)
        for (h, t), var in x.items():
            if solver.boolean_value(var):
                choice[h] = t
        return choice

    best = list(hint)
    log = []
    # Phase 1: priority total.
    set_hint(best)
    model.maximize(priority)
    # Building the model is part of the budget; only what is left is shared between phases.
    solver, status = solve((time_limit - (time.monotonic() - started)) * PHASE_ONE_SHARE)
    bound = None
    optimal = False
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        candidate = read(solver)
        if corridor.score(candidate) > corridor.score(best):
            best = candidate
        # The objective is integral, so CP-SAT's bound can be floored.
        bound = math.floor(solver.best_objective_bound + 1e-6)
        optimal = status == cp_model.OPTIMAL
    log.append(f"phase1 {solver.status_name(status)} {solver.wall_time:.1f}s "
               f"priority {corridor.priority(best)} bound {bound}")

    # Phase 2: waiting days, keeping the priority total reached.
    remaining = time_limit - (time.monotonic() - started)
    if remaining > 0.05:
        model.add(priority >= corridor.priority(best))
        model.minimize(waiting)
        set_hint(best)
        solver, status = solve(remaining)
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            candidate = read(solver)
            if corridor.score(candidate) > corridor.score(best):
                best = candidate
        log.append(f"phase2 {solver.status_name(status)} {solver.wall_time:.1f}s "
                   f"waiting {corridor.waiting(best)}")
    return CorridorResult(choice=best, bound=bound, optimal_priority=optimal, log="; ".join(log))
