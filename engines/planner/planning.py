"""`plan()`: the engine's entry point, from a validated `Problem` to a feasible `Plan`."""

from __future__ import annotations

import time

from engines.planner.bound import lp_bound
from engines.planner.greedy import greedy_choice
from engines.planner.households import Choice, Corridor, corridors_of
from engines.planner.model import Plan, Problem

METHODS = ("cpsat", "greedy")
DEFAULT_TIME_LIMIT = 25.0  # seconds for the whole call, leaving room under a 30 s wall-clock budget
# Kept back from the budget for assembling the plan once the solver returns.
_RESERVE = 0.3


def plan(
    problem: Problem,
    *,
    method: str = "cpsat",
    time_limit: float = DEFAULT_TIME_LIMIT,
    workers: int = 2,
    seed: int = 0,
) -> Plan:
    """Assign households to transports; the result is always feasible.

    `time_limit` covers the whole call. With "cpsat", each corridor is solved from the greedy plan
    as a hint and the greedy plan is kept wherever CP-SAT does not beat it, so the result is never
    worse than "greedy" on (priority total, then waiting days).
    """
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}; expected one of {METHODS}")
    if time_limit <= 0:
        raise ValueError("time_limit must be positive")
    if method == "cpsat":
        # Imported here, before the clock starts: loading CP-SAT takes ~2 s, which the greedy
        # method need not pay and which would otherwise eat a short budget.
        from engines.planner.cpsat import solve_corridor
    deadline = time.monotonic() + time_limit - _RESERVE
    corridors = corridors_of(problem)
    choices = [greedy_choice(c) for c in corridors]
    bounds = [lp_bound(c) for c in corridors]
    notes = []
    if method == "cpsat":
        # Share the time left among corridors by model size, re-sharing whatever a corridor that
        # proved optimal early did not use.
        order = sorted(range(len(corridors)), key=lambda i: corridors[i].arcs)
        weight_left = sum(corridors[i].arcs for i in order)
        for i in order:
            share = (deadline - time.monotonic()) * corridors[i].arcs / max(1, weight_left)
            weight_left -= corridors[i].arcs
            if share <= 0.05:
                notes.append(f"{_name(corridors[i])}: no time left, greedy kept")
                continue
            result = solve_corridor(corridors[i], choices[i], time_limit=share, workers=workers,
                                    seed=seed)
            choices[i] = result.choice
            if result.bound is not None:
                bounds[i] = min(bounds[i], result.bound)
            notes.append(f"{_name(corridors[i])}: {result.log}")
    return _assemble(corridors, choices, bounds, method=method, notes=notes)


def _name(corridor: Corridor) -> str:
    return f"{corridor.origin}->{corridor.destination}"


def _assemble(
    corridors: list[Corridor], choices: list[Choice], bounds: list[int], *, method: str,
    notes: list[str],
) -> Plan:
    assignments: dict[str, str] = {}
    for corridor, choice in zip(corridors, choices, strict=True):
        for household, t in zip(corridor.households, choice, strict=True):
            if t >= 0:
                for member in household.members:
                    assignments[member] = corridor.transports[t].id
    return Plan(
        assignments=assignments,
        priority_total=sum(c.priority(ch) for c, ch in zip(corridors, choices, strict=True)),
        waiting_days=sum(c.waiting(ch) for c, ch in zip(corridors, choices, strict=True)),
        upper_bound=sum(bounds),
        method=method,
        notes=tuple(notes),
    )
