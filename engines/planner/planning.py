"""`plan()`: the engine's entry point, from a validated `Problem` to a feasible `Plan`."""

from __future__ import annotations

import importlib
import math
import time

from engines.planner.bound import Relaxation, relax, trivial_bound
from engines.planner.greedy import best_greedy_choice, greedy_choice
from engines.planner.households import Choice, Corridor, corridors_of
from engines.planner.model import Plan, Problem

METHODS = ("cpsat", "greedy")
DEFAULT_TIME_LIMIT = 25.0  # seconds for the whole call, leaving room under a 30 s wall-clock budget
# Kept back from the budget for assembling the plan once the solver returns.
_RESERVE = 0.3
# At most this share of the budget goes on the LP bounds; column generation rarely needs it.
_RELAXATION_SHARE = 0.3
# Largest corridor (household-transport arcs) solved as one CP-SAT model; beyond it, 2 workers
# given ~20 s spend the time in presolve, so the corridor is improved window by window instead.
FULL_MODEL_ARCS = 12_000


def plan(
    problem: Problem,
    *,
    method: str = "cpsat",
    time_limit: float = DEFAULT_TIME_LIMIT,
    workers: int = 2,
    seed: int = 0,
) -> Plan:
    """Assign households to transports; the result is always feasible.

    `time_limit` covers the whole call (not the ~2 s import of CP-SAT on first use). With "cpsat",
    each corridor starts from the greedy plan, given to CP-SAT as a hint, and the best of that and
    a few other greedy orders is kept wherever CP-SAT does not beat it; so the result is never
    worse than "greedy" on (priority total, then waiting days). `upper_bound` is proven either way
    (see bound.py).
    """
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}; expected one of {METHODS}")
    if time_limit <= 0:
        raise ValueError("time_limit must be positive")
    if method == "cpsat":
        # Loaded before the clock starts: CP-SAT takes ~2 s to import, which the greedy method
        # need not pay and which would otherwise eat a short budget.
        importlib.import_module("engines.planner.cpsat")
    deadline = time.monotonic() + time_limit - _RESERVE
    corridors = corridors_of(problem)
    choices = [greedy_choice(c) for c in corridors]
    relaxations = []
    total_arcs = max(1, sum(c.arcs for c in corridors))
    relaxation_budget = (deadline - time.monotonic()) * _RELAXATION_SHARE
    for corridor, choice in zip(corridors, choices, strict=True):
        seconds = max(0.05, relaxation_budget * corridor.arcs / total_arcs)
        relaxations.append(relax(corridor, choice, time_limit=seconds))
    bounds = [min(trivial_bound(c), r.bound) for c, r in zip(corridors, relaxations, strict=True)]
    notes: list[str] = []
    if method == "cpsat":
        # CP-SAT starts from the baseline greedy, whose ties favour short waits; other greedy
        # orders sometimes gain a priority point at hundreds of waiting days, a poor start for
        # phase 2 (measured: 36,919 waiting days against 37,163 from the best greedy, same
        # priority). They still stand as fallbacks, so no greedy plan beats the result.
        fallbacks = [best_greedy_choice(c) for c in corridors]
        notes = _improve(corridors, choices, relaxations, bounds, deadline=deadline,
                         workers=workers, seed=seed)
        choices = [max(mine, other, key=c.score)
                   for c, mine, other in zip(corridors, choices, fallbacks, strict=True)]
    return _assemble(corridors, choices, bounds, method=method, notes=notes)


def _improve(
    corridors: list[Corridor], choices: list[Choice], relaxations: list[Relaxation],
    bounds: list[int], *, deadline: float, workers: int, seed: int,
) -> list[str]:
    """Improve `choices` and tighten `bounds` in place, corridor by corridor, until `deadline`."""
    from engines.planner.cpsat import solve_corridor
    from engines.planner.windows import improve_by_windows

    # Reduced-cost pruning drops arcs that no plan as good as the start can use (exact), so
    # CP-SAT's bound on the pruned model is still a bound on the corridor.
    models = [r.prune(c, ch)[0] for c, r, ch in zip(corridors, relaxations, choices, strict=True)]
    # Time is shared by the square root of model size, smallest first, each passing on what it
    # did not use: small corridors are proved optimal in a second or two if they get that long,
    # which a share in proportion to size (tried first) did not give them. A corridor searched by
    # windows progresses per window, not per arc, so its weight is capped too.
    weights = [math.sqrt(max(1, min(m.arcs, FULL_MODEL_ARCS))) for m in models]
    weight_left = sum(weights)
    notes = []
    for i in sorted(range(len(models)), key=lambda i: weights[i]):
        share = (deadline - time.monotonic()) * weights[i] / max(1, weight_left)
        weight_left -= weights[i]
        if share <= 0.05:
            notes.append(f"{_name(corridors[i])}: no time left, start plan kept")
            continue
        if models[i].arcs > FULL_MODEL_ARCS:
            choices[i], log = improve_by_windows(models[i], choices[i], time_limit=share,
                                                 workers=workers, seed=seed)
        else:
            result = solve_corridor(models[i], choices[i], time_limit=share, workers=workers,
                                    seed=seed, known_bound=bounds[i])
            choices[i], log = result.choice, result.log
            if result.bound is not None:
                bounds[i] = min(bounds[i], result.bound)
        notes.append(f"{_name(corridors[i])}: {corridors[i].arcs} arcs, {models[i].arcs} kept; "
                     f"{log}")
    return notes


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
