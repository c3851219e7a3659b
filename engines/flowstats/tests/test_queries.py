"""OD matrices and breakdowns against plain-Python sums over the generated rows."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from engines.flowstats import (
    TOTAL,
    FlowFilter,
    FlowQueryError,
    flow_breakdown,
    od_matrix,
)
from engines.flowstats.tests.reference import grouped, keep

FILTERS = {
    "date_from": dt.date(2025, 2, 1),
    "date_to": dt.date(2025, 3, 15),
    "nationality": ("SSD", "SDN", "ETH"),
    "direction": ("in",),
    "sex": ("female",),
    "age_group": ("18-59", "5-17"),
    "point": ("FMP001", "FMP003"),
    "reason": ("conflict", "economic", "family"),
    "origin": ("SD",),
    "admin_area": ("TD01", "SD02"),
}


def _check_two_way(result, truth: dict, first: str, second: str, threshold: int) -> None:
    rows = result.to_pylist()
    cells = {(r[first], r[second]): r for r in rows if TOTAL not in (r[first], r[second])}
    assert set(cells) == set(truth)
    for key, row in cells.items():
        if row["suppressed"]:
            assert row["count"] is None
        else:
            assert row["count"] == truth[key] and row["count"] >= threshold
        if 0 < truth[key] < threshold:
            assert row["suppressed"]
    grand = next(r for r in rows if r[first] == TOTAL and r[second] == TOTAL)
    total = sum(truth.values())
    assert grand["count"] in (total, None)
    if total >= threshold and grand["count"] is None:
        # a masked grand total must have a reason: it completes a masked line
        assert any(r["suppressed"] for r in rows if (r[first] == TOTAL) != (r[second] == TOTAL))
    for r in rows:
        if r[second] == TOTAL and r[first] != TOTAL and not r["suppressed"]:
            assert r["count"] == sum(v for (a, _), v in truth.items() if a == r[first])
        if r[first] == TOTAL and r[second] != TOTAL and not r["suppressed"]:
            assert r["count"] == sum(v for (_, b), v in truth.items() if b == r[second])
    # a row (or column) never has exactly one masked entry among cells and its total
    for key_index, name in ((0, first), (1, second)):
        for value in {k[key_index] for k in cells}:
            line = [r for r in rows if r[name] == value]
            assert sum(r["suppressed"] for r in line) != 1


def test_od_matrix_without_filters_matches_python(store, count_rows):
    truth = grouped(count_rows, ("origin", "destination"))
    result = od_matrix(store)
    _check_two_way(result, truth, "origin", "destination", 5)
    assert result.masked_cells > 0  # the generator makes small cells on purpose


@pytest.mark.parametrize(
    "names", [c for n in (1, 2, 3) for c in itertools.combinations(sorted(FILTERS), n)][::6]
)
def test_od_matrix_under_any_filter_combination_matches_python(store, count_rows, names):
    filters = FlowFilter(**{n: FILTERS[n] for n in names})
    rows = [r for r in count_rows if keep(r, filters)]
    truth = grouped(rows, ("origin", "destination"))
    _check_two_way(od_matrix(store, filters=filters), truth, "origin", "destination", 5)


@pytest.mark.parametrize("threshold", [2, 5, 20])
def test_two_way_breakdown_by_sex_and_age(store, count_rows, threshold):
    filters = FlowFilter(point=("FMP004",), nationality=("ERI", "SOM", "YEM"))
    truth = grouped([r for r in count_rows if keep(r, filters)], ("sex", "age_group"))
    result = flow_breakdown(store, by=("sex", "age_group"), filters=filters, threshold=threshold)
    _check_two_way(result, truth, "sex", "age_group", threshold)


@pytest.mark.parametrize("dimension", ["nationality", "reason", "sex", "age_group", "mode"])
def test_one_way_breakdowns(store, count_rows, dimension):
    filters = FlowFilter(date_from=dt.date(2025, 3, 1), date_to=dt.date(2025, 3, 3))
    truth = grouped([r for r in count_rows if keep(r, filters)], (dimension,))
    rows = flow_breakdown(store, by=(dimension,), filters=filters).to_pylist()
    body = {r[dimension]: r for r in rows if r[dimension] != TOTAL}
    assert set(body) == {k[0] for k in truth}
    for (value,), n in truth.items():
        row = body[value]
        assert row["count"] == (None if row["suppressed"] else n)
        assert row["suppressed"] or n >= 5
        if n < 5:
            assert row["suppressed"]
    assert sum(r["suppressed"] for r in rows) != 1
    assert rows[-1][dimension] == TOTAL


def test_survey_breakdown_counts_respondents(store, surveys):
    truth = grouped(surveys.to_pylist(), ("nationality",), measure=None)
    rows = flow_breakdown(store, by=("nationality",), source="surveys").to_pylist()
    assert {r["nationality"]: r["count"] for r in rows if r["nationality"] != TOTAL} == {
        k[0]: v for k, v in truth.items()
    }


def test_assessment_breakdown(store, assessment_rounds):
    rows = [r for t in assessment_rounds for r in t.to_pylist()]
    truth = grouped(rows, ("round", "population_type"), measure="individuals")
    result = flow_breakdown(store, by=("round", "population_type"), source="assessments")
    _check_two_way(result, truth, "round", "population_type", 5)


def test_bad_queries_are_refused_with_a_reason(store):
    with pytest.raises(FlowQueryError, match="cannot break"):
        flow_breakdown(store, by=("colour",))
    with pytest.raises(FlowQueryError, match="does not apply"):
        flow_breakdown(store, by=("round",), source="assessments", filters=FlowFilter(nationality=("AFG",)))
    with pytest.raises(FlowQueryError):
        FlowFilter.parse(["nationality"])
    with pytest.raises(FlowQueryError):
        FlowFilter(date_from=dt.date(2025, 2, 1), date_to=dt.date(2025, 1, 1))
    with pytest.raises(ValueError):
        od_matrix(store, threshold=1)


def test_filter_parsing_normalises_case_and_splits_values():
    parsed = FlowFilter.parse(["nationality=afg, irn", "direction=IN", "origin=sd01"])
    assert parsed.nationality == ("AFG", "IRN")
    assert parsed.direction == ("in",)
    assert parsed.origin == ("SD01",)
