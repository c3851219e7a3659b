"""The synthetic generator is seedable and produces data the engine accepts."""

from __future__ import annotations

from engines.flowstats import (
    FlowStore,
    displaced_population,
    flow_series,
    generator,
    od_matrix,
    surge_alerts,
)
from engines.flowstats.cli import main


def test_same_seed_same_data_other_seed_other_data():
    first = generator.generate_flow_counts(seed=5, days=20, point_count=2)
    again = generator.generate_flow_counts(seed=5, days=20, point_count=2)
    other = generator.generate_flow_counts(seed=6, days=20, point_count=2)
    assert first.equals(again) and not first.equals(other)
    exact = generator.generate_flow_counts(seed=5, days=20, point_count=2, rows=1000)
    assert exact.num_rows == 1000


def test_counts_have_a_weekly_rhythm():
    table = generator.generate_flow_counts(seed=2, days=140, point_count=3)
    totals = [0] * 7
    for day, count in zip(table.column("date").to_pylist(), table.column("count").to_pylist(), strict=True):
        totals[day.weekday()] += count
    assert totals[4] > totals[6] * 1.4  # Friday markets against quiet Sundays


def test_the_generate_command_writes_files_that_load(tmp_path, capsys):
    folder = tmp_path / "data"
    assert main(["generate", str(folder), "--days", "60", "--seed", "4"]) == 0
    store = tmp_path / "flows.duckdb"
    gazetteer = str(folder / "admin_areas.csv")
    assert main(["load", str(store), "counts", str(folder / "counts.csv"), "--gazetteer", gazetteer]) == 0
    assert main(["load", str(store), "surveys", str(folder / "surveys.csv"), "--gazetteer", gazetteer]) == 0
    rounds = sorted(str(p) for p in folder.glob("assessments_round*.csv"))
    assert main(["load", str(store), "assessments", *rounds, "--gazetteer", gazetteer]) == 0
    assert "rows loaded as assessments" in capsys.readouterr().out


def test_queries_on_an_empty_store_return_empty_tables():
    store = FlowStore()
    assert od_matrix(store).to_pylist() == [
        {"origin": "TOTAL", "destination": "TOTAL", "count": 0, "suppressed": False}
    ]
    assert flow_series(store).table.num_rows == 0
    assert flow_series(store, filters=None, frequency="weekly").table.num_rows == 0
    assert surge_alerts(store).table.num_rows == 0
    assert displaced_population(store).table.num_rows == 0
    assert flow_series(store, frequency="monthly", by="point").table.num_rows == 0
