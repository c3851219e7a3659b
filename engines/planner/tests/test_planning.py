"""Plans are feasible, bounded and no worse than greedy; checked by an independent referee."""

from __future__ import annotations

import datetime as dt

import pytest

from engines.planner import Plan, Problem, Transport, Traveller, plan, validate
from engines.planner.generator import generate_problem
from engines.planner.tests.feasibility import best_by_enumeration, score, violations

# Short budgets keep the suite fast; quality on the big instance is the benchmark's business.
QUICK = 1.0


def check(raw: dict, result: Plan) -> None:
    output = result.to_json()
    assert violations(raw, output) == []
    assert score(raw, output["assignments"]) == (result.priority_total, result.waiting_days)
    assert result.upper_bound >= result.priority_total


@pytest.mark.parametrize("seed", range(3))
def test_both_methods_give_feasible_bounded_plans(seed: int) -> None:
    raw = generate_problem(travellers=300, households=100, transports=12, corridors=3, seed=seed)
    problem = validate(raw)
    greedy = plan(problem, method="greedy")
    cpsat = plan(problem, method="cpsat", time_limit=0.5)
    check(raw, greedy)
    check(raw, cpsat)
    # CP-SAT starts from greedy and keeps it unless it finds better, so it is never worse.
    assert (cpsat.priority_total, -cpsat.waiting_days) >= (
        greedy.priority_total, -greedy.waiting_days)
    # Both methods report a proven bound on the same optimum, so each bounds the other's total.
    assert greedy.upper_bound >= cpsat.priority_total
    assert cpsat.upper_bound >= greedy.priority_total


@pytest.mark.parametrize("seed", range(6))
def test_cpsat_finds_the_optimum_of_tiny_instances(seed: int) -> None:
    raw = generate_problem(travellers=14, households=6, transports=3, corridors=1,
                           demand_ratio=1.5, horizon_days=20, seed=seed)
    best_priority, best_waiting = best_by_enumeration(raw)
    result = plan(validate(raw), method="cpsat", time_limit=QUICK)
    check(raw, result)
    assert (result.priority_total, result.waiting_days) == (best_priority, best_waiting)
    greedy = plan(validate(raw), method="greedy")
    assert greedy.upper_bound >= best_priority


def person(tid: str, household: str, priority: int = 3, ready: str = "2026-12-01",
           wheelchair: bool = False, escort: bool = False, origin: str = "KBL") -> Traveller:
    return Traveller(id=tid, household=household, priority=priority, origin=origin,
                     destination="IST", ready=dt.date.fromisoformat(ready),
                     wheelchair=wheelchair, needs_escort=escort)


def vehicle(tid: str, departure: str = "2026-12-05", seats: int = 10, wheelchair: int = 0,
            escort: int = 0) -> Transport:
    return Transport(id=tid, origin="KBL", destination="IST",
                     departure=dt.date.fromisoformat(departure), seats=seats,
                     wheelchair_places=wheelchair, escort_places=escort)


@pytest.mark.parametrize("method", ["greedy", "cpsat"])
def test_a_household_travels_together_or_not_at_all(method: str) -> None:
    # Three seats, a household of two (priority 10) and one of three (priority 9): taking the
    # pair strands a seat, but splitting the trio is not allowed.
    problem = Problem(
        travellers=(
            person("A1", "A", 5), person("A2", "A", 5),
            person("B1", "B", 3), person("B2", "B", 3), person("B3", "B", 3),
        ),
        transports=(vehicle("F1", seats=3),),
    )
    result = plan(problem, method=method, time_limit=QUICK)
    assert dict(result.assignments) == {"A1": "F1", "A2": "F1"}
    assert result.priority_total == 10


def test_cpsat_beats_greedy_where_density_misleads() -> None:
    # Greedy takes the densest household first (a single priority 5) and then cannot fit the
    # family of four whose total (16) is larger; the optimum leaves the single behind.
    problem = Problem(
        travellers=(person("S1", "S", 5), *(person(f"F{i}", "F", 4) for i in range(4))),
        transports=(vehicle("F1", seats=4),),
    )
    greedy = plan(problem, method="greedy")
    cpsat = plan(problem, method="cpsat", time_limit=QUICK)
    assert greedy.priority_total == 5
    assert cpsat.priority_total == 16
    assert cpsat.upper_bound == 16  # proven optimal
    assert greedy.upper_bound >= 16


@pytest.mark.parametrize("method", ["greedy", "cpsat"])
def test_wheelchair_and_escort_places_bind(method: str) -> None:
    problem = Problem(
        travellers=(
            person("W1", "W1", 5, wheelchair=True), person("W2", "W2", 4, wheelchair=True),
            person("E1", "E1", 5, escort=True), person("E2", "E2", 4, escort=True),
        ),
        transports=(vehicle("F1", seats=10, wheelchair=1, escort=1),),
    )
    result = plan(problem, method=method, time_limit=QUICK)
    assert dict(result.assignments) == {"W1": "F1", "E1": "F1"}


@pytest.mark.parametrize("method", ["greedy", "cpsat"])
def test_nobody_leaves_before_ready_and_waiting_is_counted(method: str) -> None:
    problem = Problem(
        travellers=(person("A1", "A", 3, ready="2026-12-04"), person("A2", "A", 3,
                                                                      ready="2026-12-06")),
        transports=(vehicle("EARLY", departure="2026-12-05"),
                    vehicle("LATE", departure="2026-12-09"),
                    vehicle("LATER", departure="2026-12-20")),
    )
    result = plan(problem, method=method, time_limit=QUICK)
    # The household is ready when its last member is: the 6th, so the 9th is its first transport.
    assert dict(result.assignments) == {"A1": "LATE", "A2": "LATE"}
    assert result.waiting_days == (9 - 4) + (9 - 6)


def test_cpsat_prefers_less_waiting_at_equal_priority() -> None:
    # Two seats; a pair (priority 6, ready on the 1st) or two singles (3 each, ready on the 4th).
    # Greedy puts the larger household first and waits 8 days; at equal priority the optimum
    # takes the singles, who wait 2.
    problem = Problem(
        travellers=(person("P1", "P", 3, ready="2026-12-01"),
                    person("P2", "P", 3, ready="2026-12-01"),
                    person("X", "X", 3, ready="2026-12-04"),
                    person("Y", "Y", 3, ready="2026-12-04")),
        transports=(vehicle("F1", departure="2026-12-05", seats=2),),
    )
    greedy = plan(problem, method="greedy")
    result = plan(problem, method="cpsat", time_limit=QUICK)
    assert (greedy.priority_total, greedy.waiting_days) == (6, 8)
    assert (result.priority_total, result.waiting_days) == (6, 2)
    assert dict(result.assignments) == {"X": "F1", "Y": "F1"}


def test_window_search_gives_feasible_plans_no_worse_than_greedy(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Force every corridor through the window search, with windows small enough to slide.
    monkeypatch.setattr("engines.planner.planning.FULL_MODEL_ARCS", 0)
    monkeypatch.setattr("engines.planner.windows.WINDOW_ARCS", 150)
    raw = generate_problem(travellers=400, households=130, transports=16, corridors=2, seed=11)
    problem = validate(raw)
    greedy = plan(problem, method="greedy")
    result = plan(problem, method="cpsat", time_limit=1.0)
    check(raw, result)
    assert (result.priority_total, -result.waiting_days) >= (
        greedy.priority_total, -greedy.waiting_days)
    assert any("windows" in note for note in result.notes)


@pytest.mark.parametrize("method", ["greedy", "cpsat"])
def test_edge_cases_give_empty_but_valid_plans(method: str) -> None:
    nobody = Problem(travellers=(), transports=(vehicle("F1"),))
    no_transport = Problem(travellers=(person("A1", "A"),), transports=())
    other_corridor = Problem(travellers=(person("A1", "A", origin="DAM"),),
                             transports=(vehicle("F1"),))
    too_big = Problem(travellers=(person("A1", "A"), person("A2", "A")),
                      transports=(vehicle("F1", seats=1), vehicle("F0", seats=0)))
    too_late = Problem(travellers=(person("A1", "A", ready="2027-01-01"),),
                       transports=(vehicle("F1"),))
    for problem in (nobody, no_transport, other_corridor, too_big, too_late):
        result = plan(problem, method=method, time_limit=QUICK)
        assert (dict(result.assignments), result.priority_total, result.upper_bound) == ({}, 0, 0)


def test_it_refuses_a_hand_built_problem_with_a_split_household() -> None:
    problem = Problem(travellers=(person("A1", "A"), person("A2", "A", origin="DAM")),
                      transports=(vehicle("F1"),))
    with pytest.raises(ValueError, match="split"):
        plan(problem, method="greedy")


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"method": "magic"}, "unknown method"), ({"time_limit": 0}, "time_limit"),
])
def test_it_refuses_bad_arguments(kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        plan(Problem((), ()), **kwargs)


def test_the_generator_is_seedable_and_sized() -> None:
    first = generate_problem(travellers=500, households=150, transports=20, seed=7)
    assert first == generate_problem(travellers=500, households=150, transports=20, seed=7)
    assert first != generate_problem(travellers=500, households=150, transports=20, seed=8)
    assert len(first["travellers"]) == 500
    assert len({t["household"] for t in first["travellers"]}) == 150
    assert len(first["transports"]) == 20
    validate(first)  # generated instances are valid input
    seats = sum(t["seats"] for t in first["transports"])
    assert seats < 500  # demand above capacity, so choices matter
