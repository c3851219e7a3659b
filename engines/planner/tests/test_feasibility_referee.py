"""The referee the other tests rely on must itself catch each kind of infeasible plan."""

from __future__ import annotations

from engines.planner.tests.feasibility import best_by_enumeration, score, violations


def instance() -> dict:
    def traveller(tid: str, household: str, ready: str = "2026-12-01", **flags: bool) -> dict:
        return {"id": tid, "household": household, "priority": 2, "origin": "KBL",
                "destination": "IST", "ready": ready, "wheelchair": flags.get("wheelchair", False),
                "needs_escort": flags.get("escort", False)}

    return {
        "travellers": [
            traveller("A1", "A"), traveller("A2", "A"),
            traveller("B1", "B", wheelchair=True), traveller("C1", "C", escort=True),
            traveller("D1", "D", ready="2026-12-10"),
        ],
        "transports": [
            {"id": "F1", "origin": "KBL", "destination": "IST", "departure": "2026-12-05",
             "seats": 2, "wheelchair_places": 0, "escort_places": 0},
            {"id": "F2", "origin": "KBL", "destination": "BER", "departure": "2026-12-05",
             "seats": 9, "wheelchair_places": 9, "escort_places": 9},
        ],
    }


def test_it_accepts_a_feasible_plan_and_scores_it() -> None:
    assert violations(instance(), {"assignments": {"A1": "F1", "A2": "F1"}}) == []
    assert score(instance(), {"A1": "F1", "A2": "F1"}) == (4, 8)


def test_it_catches_each_kind_of_violation() -> None:
    raw = instance()
    assert any("split" in v for v in violations(raw, {"assignments": {"A1": "F1"}}))
    assert any("seats" in v for v in violations(
        raw, {"assignments": {"A1": "F1", "A2": "F1", "D1": "F1"}}))
    assert any("wheelchair_places" in v for v in violations(raw, {"assignments": {"B1": "F1"}}))
    assert any("escort_places" in v for v in violations(raw, {"assignments": {"C1": "F1"}}))
    assert any("before ready" in v for v in violations(raw, {"assignments": {"D1": "F1"}}))
    assert any("corridor" in v for v in violations(raw, {"assignments": {"C1": "F2"}}))
    assert any("unknown" in v for v in violations(raw, {"assignments": {"Z9": "F1"}}))


def test_enumeration_finds_the_optimum() -> None:
    assert best_by_enumeration(instance()) == (4, 8)
