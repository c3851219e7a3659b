"""Large-neighbourhood search by departure windows, for corridors too big for one CP-SAT model.

A window is a run of consecutive transports. Everyone on them, plus the most promising households
left behind who could take them, is freed; everyone else stays put. CP-SAT then re-plans the window
exactly (priority first, then waiting, as one weighted objective), starting from the current plan
as a hint, and the result is kept only if the corridor's plan improves. Windows slide along the
departures with overlap, so households can move step by step to where they are worth most.
"""

from __future__ import annotations

import time

from ortools.sat.python import cp_model

from engines.planner.households import NOT_ASSIGNED, Choice, Corridor

WINDOW_ARCS = 3_000  # a sub-model CP-SAT solves to optimality in well under a second
_MAX_SECONDS_PER_WINDOW = 3.0


def improve_by_windows(
    corridor: Corridor, start: Choice, *, time_limit: float, workers: int, seed: int = 0
) -> tuple[Choice, str]:
    deadline = time.monotonic() + time_limit
    best = list(start)
    n_transports = len(corridor.transports)
    first, windows, improved = 0, 0, 0
    width = max(2, n_transports // 10)
    while time.monotonic() < deadline - 0.1:
        window = range(first, min(n_transports, first + width))
        free, arcs = _free_households(corridor, best, set(window))
        if arcs > 2 * WINDOW_ARCS and width > 2:
            width = max(2, width * 2 // 3)  # too big a neighbourhood: narrow it and retry
            continue
        seconds = min(_MAX_SECONDS_PER_WINDOW, deadline - time.monotonic())
        candidate, optimal = _solve_window(corridor, best, free, set(window), seconds, workers,
                                           seed + windows)
        windows += 1
        if candidate is not None and corridor.score(candidate) > corridor.score(best):
            best = candidate
            improved += 1
        if optimal and arcs < WINDOW_ARCS // 2 and width < n_transports:
            width += 1  # solved easily: look wider next time
        # Half-overlapping windows, wrapping around to sweep the corridor again.
        first = 0 if first + width >= n_transports else first + max(1, width // 2)
    return best, f"windows {windows}, improved {improved}, last width {width}"


def _free_households(
    corridor: Corridor, current: Choice, window: set[int]
) -> tuple[list[int], int]:
    """Households re-planned in this window: those on it, then the best of those left behind."""
    placed = [h for h, t in enumerate(current) if t in window]
    arcs = sum(sum(t in window for t in corridor.options[h]) for h in placed)
    waiting_room = []
    for h, t in enumerate(current):
        if t == NOT_ASSIGNED:
            reach = sum(o in window for o in corridor.options[h])
            if reach:
                household = corridor.households[h]
                # Densest first (what greedy would want); among equals, ready latest (waits less).
                waiting_room.append((-household.priority / household.size, -household.ready,
                                     h, reach))
    waiting_room.sort()
    free = list(placed)
    for _, _, h, reach in waiting_room:
        if arcs + reach > WINDOW_ARCS:
            break
        free.append(h)
        arcs += reach
    return free, arcs


def _solve_window(
    corridor: Corridor, current: Choice, free: list[int], window: set[int], seconds: float,
    workers: int, seed: int,
) -> tuple[Choice | None, bool]:
    model = cp_model.CpModel()
    x = {}
    for h in free:
        for t in corridor.options[h]:
            if t in window:
                x[h, t] = model.new_bool_var("")
        model.add_at_most_one(x[h, t] for t in corridor.options[h] if t in window)
    for t in window:
        transport = corridor.transports[t]
        members = [(corridor.households[h], v) for (h, tt), v in x.items() if tt == t]
        for attribute, limit in (("size", transport.seats),
                                 ("wheelchairs", transport.wheelchair_places),
                                 ("escorts", transport.escort_places)):
            terms = [(getattr(hh, attribute), v) for hh, v in members if getattr(hh, attribute)]
            if sum(a for a, _ in terms) > limit:
                model.add(sum(a * v for a, v in terms) <= limit)
    waits = {key: corridor.households[key[0]].waiting(corridor.departures[key[1]]) for key in x}
    longest: dict[int, int] = {}
    for (h, _), w in waits.items():
        longest[h] = max(longest.get(h, 0), w)
    # Weight priority above any possible difference in waiting: lexicographic in one objective.
    weight = sum(longest.values()) + 1
    model.maximize(sum((weight * corridor.households[h].priority - waits[h, t]) * v
                       for (h, t), v in x.items()))
    for (h, t), v in x.items():
        model.add_hint(v, current[h] == t)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.05, seconds)
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None, False
    result = list(current)
    for h in free:
        result[h] = NOT_ASSIGNED
    for (h, t), v in x.items():
        if solver.boolean_value(v):
            result[h] = t
    return result, status == cp_model.OPTIMAL
