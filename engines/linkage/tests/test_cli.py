import csv
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
HEADER = "id,given_name,family_name,father_name,birth_date,phone\n"
ROWS = (
    "a1,Mohammed,Al-Hassan,Ali,1990-03-04,+963944123456\n"
    "a2,MUHAMAD,ALHASAN,Aly,19900403,0944123456\n"
    "b1,Omar,Al-Hassan,Ali,1992-07-15,+963944123456\n"
)


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "engines.linkage.cli", *args],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )


def test_dedupe_end_to_end(tmp_path: Path) -> None:
    records = tmp_path / "records.csv"
    records.write_text(HEADER + ROWS, encoding="utf-8")
    out = tmp_path / "pairs.csv"
    result = run("dedupe", str(records), "--out", str(out))
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(out.open()))
    assert [(r["id_l"], r["id_r"]) for r in rows] == [("a1", "a2")]
    assert float(rows[0]["match_probability"]) > 0.9


def test_map_renames_columns_and_search_writes_ranks(tmp_path: Path) -> None:
    registry = tmp_path / "registry.csv"
    registry.write_text(
        (HEADER + ROWS).replace("id,given_name", "case_no,first", 1), encoding="utf-8-sig"
    )
    requests = tmp_path / "requests.csv"
    requests.write_text("id,given_name,family_name,birth_date\nq1,Muhammad,Hasan,1990\n")
    out = tmp_path / "results.csv"
    result = run("search", str(registry), str(requests), "--out", str(out), "--top", "2",
                 "--map", "case_no=id,first=given_name")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(out.open()))
    assert rows[0]["request_id"] == "q1" and rows[0]["rank"] == "1"
    assert rows[0]["record_id"] in {"a1", "a2"}
    assert len(rows) <= 2


def test_utf16_is_decoded(tmp_path: Path) -> None:
    records = tmp_path / "records.csv"
    records.write_text(HEADER + ROWS, encoding="utf-16")
    result = run("dedupe", str(records), "--out", str(tmp_path / "p.csv"))
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("given_name\nAli\n", "no column 'id'"),
        (HEADER + ROWS + "a1,Ali,Hassan,,1990,\n", "row 4, column 'id': duplicate id 'a1'"),
        (HEADER + ",Ali,Hassan,,1990,\n", "row 1, column 'id': empty id"),
        ("", "empty"),
    ],
)
def test_bad_input_is_refused_without_output(tmp_path: Path, content: str, expected: str) -> None:
    records = tmp_path / "records.csv"
    records.write_text(content, encoding="utf-8")
    out = tmp_path / "pairs.csv"
    result = run("dedupe", str(records), "--out", str(out))
    assert result.returncode == 2
    assert expected in result.stderr
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [records]


def test_legacy_encoding_is_named(tmp_path: Path) -> None:
    records = tmp_path / "records.csv"
    records.write_bytes((HEADER + "x1,Andr\xe9,Dupont,,1990,\n").encode("cp1252"))
    result = run("dedupe", str(records), "--out", str(tmp_path / "p.csv"))
    assert result.returncode == 2
    assert "not UTF-8" in result.stderr and "line 2" in result.stderr


def test_unknown_mapped_column(tmp_path: Path) -> None:
    records = tmp_path / "records.csv"
    records.write_text(HEADER + ROWS)
    result = run("dedupe", str(records), "--out", str(tmp_path / "p.csv"), "--map", "phone=mobile")
    assert result.returncode == 2
    assert "unknown column 'mobile'" in result.stderr


# A file as registries have them: one impossible date (day 93, as FEBRL4 has 64 of) that is
# one typo of its duplicate's real date.
DIRTY = (
    "id,given_name,family_name,father_name,birth_date,phone\n"
    "a1,Mohammed,Al-Hassan,Ali,19450423,+963944123456\n"
    "a2,MUHAMAD,ALHASAN,Aly,19450493,0944123456\n"
    "b1,Omar,Al-Hassan,Ali,1952-07-15,+963944123456\n"
)


def test_impossible_date_is_kept_and_warned_about(tmp_path: Path) -> None:
    records = tmp_path / "records.csv"
    records.write_text(DIRTY, encoding="utf-8")
    out = tmp_path / "pairs.csv"
    result = run("dedupe", str(records), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "warning" in result.stderr and "1 birth date(s)" in result.stderr
    assert "row 2, column 'birth_date'" in result.stderr and "19450493" in result.stderr
    # Kept as text, the date is one typo from the real one: the two records still meet.
    rows = list(csv.DictReader(out.open()))
    assert [(r["id_l"], r["id_r"]) for r in rows] == [("a1", "a2")]


def test_strict_refuses_an_impossible_date(tmp_path: Path) -> None:
    records = tmp_path / "records.csv"
    records.write_text(DIRTY, encoding="utf-8")
    out = tmp_path / "pairs.csv"
    result = run("dedupe", str(records), "--out", str(out), "--strict")
    assert result.returncode == 2
    assert "row 2, column 'birth_date': no such day: '19450493'" in result.stderr
    assert not out.exists()


def test_link_warns_per_file(tmp_path: Path) -> None:
    left, right = tmp_path / "left.csv", tmp_path / "right.csv"
    left.write_text(HEADER + ROWS, encoding="utf-8")
    right.write_text(DIRTY, encoding="utf-8")
    out = tmp_path / "pairs.csv"
    result = run("link", str(left), str(right), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("warning") == 1 and "right.csv" in result.stderr
