"""Idempotent loads: the natural key makes a reload replace rows, never double them."""

from __future__ import annotations

from engines.flowstats import FlowStore, flow_breakdown, generator
from engines.flowstats.tests.conftest import TODAY


def _grand_total(store: FlowStore, source: str = "counts") -> int:
    by = ("point",) if source != "assessments" else ("round",)
    return flow_breakdown(store, by=by, source=source).to_pylist()[-1]["count"]


def test_reloading_the_same_rows_does_not_double_them(tmp_path, counts):
    path = tmp_path / "flows.duckdb"
    with FlowStore(path) as store:
        (first,) = store.load_counts(counts, today=TODAY)
        before = _grand_total(store)
    with FlowStore(path) as store:  # and the store survives being closed and reopened
        (second,) = store.load_counts(counts, today=TODAY)
        assert first.replaced == 0 and second.replaced == counts.num_rows
        assert _grand_total(store) == before == sum(counts.column("count").to_pylist())
        assert [r.kind for r in store.load_history()] == ["counts", "counts"]


def test_a_corrected_row_replaces_the_stored_one(tmp_path):
    header = "date,point,direction,nationality,sex,age_group,origin,count\n"
    store = FlowStore()
    first = tmp_path / "a.csv"
    first.write_text(header + "2025-06-01,P1,in,AFG,male,18-59,,10\n2025-06-01,P1,in,AFG,female,18-59,,20\n")
    fix = tmp_path / "b.csv"
    fix.write_text(header + "2025-06-01,P1,in,AFG,male,18-59,,12\n")
    store.load_counts(first, today=TODAY)
    (report,) = store.load_counts(fix, today=TODAY)
    assert report.replaced == 1  # the empty origin is part of the key too
    assert _grand_total(store) == 32


def test_assessment_rounds_and_surveys_reload_idempotently(assessment_rounds, surveys):
    store = FlowStore()
    gazetteer = generator.gazetteer()
    for _ in range(2):
        store.load_assessments(*assessment_rounds, gazetteer=gazetteer, today=TODAY)
        store.load_surveys(surveys, gazetteer=gazetteer, today=TODAY)
    expected = sum(sum(t.column("individuals").to_pylist()) for t in assessment_rounds)
    assert _grand_total(store, "assessments") == expected
    assert _grand_total(store, "surveys") == surveys.num_rows


def test_a_read_only_store_cannot_be_written(tmp_path, counts):
    path = tmp_path / "flows.duckdb"
    FlowStore(path).close()
    store = FlowStore.open_existing(path)
    try:
        store.load_counts(counts.slice(0, 10), today=TODAY)
    except Exception as error:  # DuckDB refuses writes on a read-only connection
        assert "read-only" in str(error).lower()
    else:
        raise AssertionError("a read-only store accepted a load")
