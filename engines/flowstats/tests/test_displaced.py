"""Displaced population per admin area and round, from baseline assessments only."""

from __future__ import annotations

from collections import defaultdict

from engines.flowstats import TOTAL, FlowFilter, displaced_population


def _truth(rounds, prefix: str = "") -> dict:
    totals: dict = defaultdict(int)
    for table in rounds:
        for row in table.to_pylist():
            if row["assessment_type"] == "baseline" and row["admin_pcode"].startswith(prefix):
                totals[(row["round"], row["population_type"], row["admin_pcode"])] += row["individuals"]
    return totals


def test_displaced_per_area_and_round_with_change(store, assessment_rounds):
    truth = _truth(assessment_rounds)
    rows = displaced_population(store).to_pylist()
    areas = [r for r in rows if r["admin_pcode"] != TOTAL]
    assert {(r["round"], r["population_type"], r["admin_pcode"]) for r in areas} == set(truth)
    for row in areas:
        value = truth[(row["round"], row["population_type"], row["admin_pcode"])]
        assert row["individuals"] == (None if row["suppressed"] else value)
        if value < 5:
            assert row["suppressed"]
        if row["round"] > 1:
            before = truth.get((row["round"] - 1, row["population_type"], row["admin_pcode"]))
            assert row["previous_round"] == row["round"] - 1
            if row["individuals"] is not None and row["previous_individuals"] is not None:
                assert row["previous_individuals"] == before
                assert row["change"] == value - before
            else:
                assert row["change"] is None
    for (round_number, population), group in _by_round(rows).items():
        assert sum(r["suppressed"] for r in group) != 1
        total = next(r for r in group if r["admin_pcode"] == TOTAL)
        expected = sum(v for (n, p, _), v in truth.items() if (n, p) == (round_number, population))
        assert total["individuals"] in (expected, None)


def _by_round(rows) -> dict:
    groups: dict = defaultdict(list)
    for row in rows:
        groups[(row["round"], row["population_type"])].append(row)
    return groups


def test_filtered_to_an_admin_area(store, assessment_rounds):
    truth = _truth(assessment_rounds, prefix="SD01")
    rows = displaced_population(
        store, filters=FlowFilter(admin_area=("SD01",), population_type=("idp",))
    ).to_pylist()
    areas = {
        (r["round"], r["admin_pcode"]): r["individuals"]
        for r in rows
        if r["admin_pcode"] != TOTAL and not r["suppressed"]
    }
    assert areas == {(n, a): v for (n, p, a), v in truth.items() if p == "idp" and (n, a) in areas}
    assert {r["population_type"] for r in rows} == {"idp"}
