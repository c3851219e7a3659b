"""Loads are checked as a whole: every problem reported with file, row and field; nothing written."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pyarrow as pa
import pytest

from engines.flowstats import FlowDataError, FlowStore, Gazetteer, flow_breakdown
from engines.flowstats.tests.conftest import TODAY

HEADER = "date,point,direction,nationality,sex,age_group,mode,reason,origin,destination,count\n"
GOOD = (
    "2025-06-01,P1,in,AFG,female,18-59,bus,economic,SD0101,TD0101,10\n"
    "2025-06-01,P1,out,AFG,male,18-59,bus,economic,TD0101,SD0101,7\n"
)
GAZETTEER = Gazetteer.of(["SD0101", "TD0101"])


def _write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text)
    return path


def _stored_rows(store: FlowStore) -> int:
    return store._aggregate("SELECT count(*) AS n FROM flow_counts").column("n")[0].as_py()


def _problems(error: pytest.ExceptionInfo) -> set[tuple[int | None, str | None]]:
    return {(p.row, p.field) for p in error.value.problems}


def test_a_good_file_loads(tmp_path):
    store = FlowStore()
    (report,) = store.load_counts(_write(tmp_path, "ok.csv", HEADER + GOOD), gazetteer=GAZETTEER, today=TODAY)
    assert report.rows == 2 and report.replaced == 0
    assert _stored_rows(store) == 2


def test_every_bad_value_is_reported_with_row_and_field_and_nothing_is_written(tmp_path):
    bad = (
        "2025-13-01,P1,in,AFG,female,18-59,bus,economic,SD0101,TD0101,10\n"  # row 2: date
        "2026-02-01,P1,up,AFG,female,18-59,bus,economic,SD0101,TD0101,-4\n"  # row 3: 3 problems
        "2025-06-01,P1,in,AF,robot,18-59,bus,economic,XX9999,TD0101,2.5\n"  # row 4: 4 problems
        "2025-06-02,,in,AFG,male,99+,bus,economic,SD0101,TD0101,\n"  # row 5: 3 problems
    )
    store = FlowStore()
    path = _write(tmp_path, "bad.csv", HEADER + GOOD + bad)
    with pytest.raises(FlowDataError) as error:
        store.load_counts(path, gazetteer=GAZETTEER, today=TODAY)
    assert _problems(error) == {
        (4, "date"),
        (5, "date"),
        (5, "direction"),
        (5, "count"),
        (6, "nationality"),
        (6, "sex"),
        (6, "origin"),
        (6, "count"),
        (7, "point"),
        (7, "age_group"),
        (7, "count"),
    }
    assert all(p.source == str(path) for p in error.value.problems)
    messages = {(p.row, p.field): p.message for p in error.value.problems}
    assert messages[(5, "date")].startswith("date in the future")
    assert messages[(5, "count")].startswith("negative count")
    assert messages[(6, "origin")].startswith("unknown P-code")
    assert "header as row 1" in str(error.value)
    assert _stored_rows(store) == 0


def test_unknown_and_missing_columns_are_reported_on_the_header_row(tmp_path):
    text = "date,point,direction,nationality,sex,colour,count\n2025-06-01,P1,in,AFG,male,red,3\n"
    with pytest.raises(FlowDataError) as error:
        FlowStore().load_counts(_write(tmp_path, "cols.csv", text), today=TODAY)
    assert _problems(error) == {(1, "colour"), (1, "age_group")}


def test_a_failed_load_leaves_earlier_loads_untouched(tmp_path):
    store = FlowStore()
    store.load_counts(_write(tmp_path, "ok.csv", HEADER + GOOD), today=TODAY)
    changed = GOOD.replace(",10\n", ",99\n") + "2025-06-03,P1,in,AFG,male,18-59,,,,,x\n"
    with pytest.raises(FlowDataError):
        store.load_counts(_write(tmp_path, "bad.csv", HEADER + changed), today=TODAY)
    total = flow_breakdown(store, by=("point",)).to_pylist()[-1]["count"]
    assert total == 17


def test_several_files_are_all_or_nothing(tmp_path):
    store = FlowStore()
    good = _write(tmp_path, "good.csv", HEADER + GOOD)
    bad = _write(tmp_path, "bad.csv", HEADER + GOOD.replace("AFG", "A1G"))
    with pytest.raises(FlowDataError) as error:
        store.load_counts(good, bad, today=TODAY)
    assert {p.source for p in error.value.problems} == {str(bad)}
    assert _stored_rows(store) == 0


def test_duplicate_keys_within_a_file_are_reported(tmp_path):
    text = HEADER + GOOD + GOOD.splitlines()[0].replace(",10", ",3") + "\n"
    with pytest.raises(FlowDataError) as error:
        FlowStore().load_counts(_write(tmp_path, "dup.csv", text), today=TODAY)
    (problem,) = error.value.problems
    assert problem.row == 4 and "as row 2" in problem.message


def test_survey_rows_need_consent(tmp_path):
    text = (
        "survey_id,date,point,direction,nationality,consent\n"
        "s1,2025-06-01,P1,in,AFG,yes\n"
        "s2,2025-06-01,P1,in,AFG,no\n"
        "s3,2025-06-01,P1,in,AFG,\n"
        "s4,2025-06-01,P1,in,AFG,maybe\n"
    )
    store = FlowStore()
    with pytest.raises(FlowDataError) as error:
        store.load_surveys(_write(tmp_path, "s.csv", text), today=TODAY)
    assert _problems(error) == {(3, "consent"), (4, "consent"), (5, "consent")}
    assert "without consent" in error.value.problems[0].message


ASSESSMENT_HEADER = "round,assessment_type,date,admin_pcode,site_id,population_type,individuals\n"


def test_an_assessment_file_must_hold_one_round(tmp_path):
    text = ASSESSMENT_HEADER + (
        "2,baseline,2025-06-01,SD0101,,idp,100\n"
        "2,baseline,2025-06-01,TD0101,,idp,50\n"
        "3,baseline,2025-06-01,SD0102,,idp,20\n"
        "2,site,2025-06-01,SD0101,,idp,20\n"
    )
    with pytest.raises(FlowDataError) as error:
        FlowStore().load_assessments(_write(tmp_path, "a.csv", text), gazetteer=GAZETTEER, today=TODAY)
    assert _problems(error) == {(4, "admin_pcode"), (4, "round"), (5, "site_id")}
    mixed = next(p for p in error.value.problems if p.field == "round")
    assert "mixes assessment rounds" in mixed.message and "round 2" in mixed.message


def test_arrow_and_pandas_tables_are_checked_the_same_way():
    table = pa.table(
        {
            "date": pa.array([dt.date(2025, 6, 1), dt.date(2030, 1, 1)], pa.date32()),
            "point": ["P1", "P1"],
            "direction": ["in", "in"],
            "nationality": ["AFG", "IRN"],
            "sex": ["female", "male"],
            "age_group": ["18-59", "18-59"],
            "count": [4, -1],
        }
    )
    for source in (table, table.to_pandas()):
        with pytest.raises(FlowDataError) as error:
            FlowStore().load_counts(source, today=TODAY)
        assert _problems(error) == {(3, "date"), (3, "count")}


def test_pandas_float_counts_and_timestamps_load():
    frame = pd.DataFrame(
        {
            "date": pd.to_datetime(["2025-06-01", "2025-06-02"]),
            "point": ["P1", "P1"],
            "direction": ["IN", "out"],
            "nationality": ["afg", "IRN"],
            "sex": ["Female", "male"],
            "age_group": ["18-59", "60+"],
            "origin": [None, "SD0101"],
            "count": [4.0, 12.0],
        }
    )
    store = FlowStore()
    (report,) = store.load_counts(frame, today=TODAY)
    assert report.rows == 2
    rows = flow_breakdown(store, by=("nationality",), threshold=2).to_pylist()
    assert {r["nationality"]: r["count"] for r in rows} == {"AFG": 4, "IRN": 12, "TOTAL": 16}


def test_an_unreadable_or_missing_file_is_a_problem_not_a_crash(tmp_path):
    with pytest.raises(FlowDataError) as error:
        FlowStore().load_counts(tmp_path / "missing.csv", _write(tmp_path, "empty.csv", HEADER))
    messages = [p.message for p in error.value.problems]
    assert messages == ["file not found", "no data rows"]


def test_excel_style_csv_with_bom_semicolons_and_crlf_loads(tmp_path):
    path = tmp_path / "excel.csv"
    path.write_bytes(
        "\ufeffdate;point;direction;nationality;sex;age_group;count\r\n"
        "2025-06-01;P1;in;AFG;male;18-59;7\r\n2025-06-02;P1;in;AFG;male;18-59;8\r\n".encode()
    )
    store = FlowStore()
    (report,) = store.load_counts(path, today=TODAY)
    assert report.rows == 2 and _stored_rows(store) == 2


def test_malformed_lines_are_reported_and_other_rows_keep_their_numbers(tmp_path):
    text = HEADER.replace(",mode,reason,origin,destination", "") + (
        "2025-06-01,P1,in,AFG,male,18-59,7\n"
        "2025-06-02,P1,in,AFG,male,18-59,8,9,10\n"
        "2025-06-03,P1,in,AFG\n"
        "2025-06-04,P1,up,AFG,male,18-59,8\n"
    )
    with pytest.raises(FlowDataError) as error:
        FlowStore().load_counts(_write(tmp_path, "ragged.csv", text), today=TODAY)
    assert _problems(error) == {(3, None), (4, None), (5, "direction")}
    assert "malformed CSV line" in error.value.problems[1].message


def test_parquet_files_load_and_are_checked_like_tables(tmp_path, counts):
    import pyarrow.parquet as pq

    good = tmp_path / "counts.parquet"
    pq.write_table(counts.slice(0, 50), good)
    store = FlowStore()
    (report,) = store.load_counts(good, today=TODAY)
    assert report.rows == 50 and report.source == str(good)
    bad = tmp_path / "bad.parquet"
    broken = counts.slice(0, 3).set_column(
        counts.schema.get_field_index("direction"), "direction", pa.array(["in", "up", "out"])
    )
    pq.write_table(broken, bad)
    with pytest.raises(FlowDataError) as error:
        store.load_counts(bad, today=TODAY)
    assert _problems(error) == {(3, "direction")}
