"""The two input files read as spreadsheets export them, and what is refused in them."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from engines.assessment import read_members, read_un_scale
from engines.assessment.tests.helpers import write


def messages(problems) -> list[str]:
    return [str(p) for p in problems]


def test_bom_extra_columns_whitespace_header_case_blank_rows_and_lower_case(tmp_path: Path) -> None:
    path = write(
        tmp_path / "un.csv",
        ' Name , ISO3 ,UN_Rate\r\nFrance, fra , 4.318\r\n\r\n"Germany, Fed. Rep.",DEU,95.682\r\n,,\r\n',
        bom=True,
    )
    scale, problems = read_un_scale(path)
    assert problems == []
    assert {code: r.rate for code, r in scale.rates.items()} == {
        "FRA": Decimal("4.318"), "DEU": Decimal("95.682")
    }
    assert scale.rates["DEU"].row == 4  # the blank row still counts, as in a spreadsheet


def test_members_keep_their_order_and_rows(tmp_path: Path) -> None:
    found, problems = read_members(write(tmp_path / "m.csv", "iso3,name\nita,Italy\n FRA ,France\n"))
    assert problems == []
    assert [(m.row, m.iso3) for m in found] == [(2, "ITA"), (3, "FRA")]


def test_every_problem_of_the_un_scale_is_listed_with_its_row_and_field(tmp_path: Path) -> None:
    path = write(
        tmp_path / "UN_SCALE.csv",
        "iso3,un_rate\nFRA,50\nXYZ,10\nfra,5\nDEU,-1\nITA,abc\nGBR,\n,3\nESP,NaN\nPRT,1_0\n",
    )
    _, problems = read_un_scale(path, "UN_SCALE.csv")
    assert messages(problems) == [
        "UN_SCALE.csv, row 3, iso3: 'XYZ' is not an ISO 3166-1 alpha-3 code",
        "UN_SCALE.csv, row 4, iso3: 'FRA' appears twice (first in row 2)",
        "UN_SCALE.csv, row 5, un_rate: '-1' is negative",
        "UN_SCALE.csv, row 6, un_rate: 'abc' is not a number",
        "UN_SCALE.csv, row 7, un_rate: is empty",
        "UN_SCALE.csv, row 8, iso3: is empty",
        "UN_SCALE.csv, row 9, un_rate: 'NaN' is not a number",
        "UN_SCALE.csv, row 10, un_rate: '1_0' is not a number",
    ]


@pytest.mark.parametrize(("rest", "accepted"), [("99.99", True), ("100.01", True), ("99.989", False)])
def test_the_un_scale_sums_to_100_within_a_hundredth(tmp_path: Path, rest: str, accepted: bool) -> None:
    _, problems = read_un_scale(write(tmp_path / "un.csv", f"iso3,un_rate\nFRA,{rest}\nTUV,0\n"), "un.csv")
    assert (problems == []) is accepted
    if not accepted:
        assert messages(problems) == ["un.csv, un_rate: the UN rates sum to 99.989, not 100 (±0.01)"]


def test_exponent_notation_is_read_exactly(tmp_path: Path) -> None:
    scale, problems = read_un_scale(write(tmp_path / "un.csv", "iso3,un_rate\nTUV,1E-03\nFRA,99.999\n"))
    assert problems == []
    assert scale.rates["TUV"].rate == Decimal("0.001")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "is empty (no header row)"),
        ("code,rate\nFRA,100\n", "has no 'iso3' column (the header has 'code', 'rate')"),
        ("iso3,un_rate\n", "has no data rows"),
        ("iso3,iso3,un_rate\nFRA,FRA,100\n", "has 2 'iso3' columns"),
    ],
)
def test_whole_file_problems(tmp_path: Path, text: str, expected: str) -> None:
    _, problems = read_un_scale(write(tmp_path / "un.csv", text), "un.csv")
    assert any(m.endswith(expected) for m in messages(problems)), problems


def test_a_file_that_is_not_utf8_or_not_there(tmp_path: Path) -> None:
    latin = tmp_path / "latin.csv"
    latin.write_bytes("iso3,nom\nFRA,Fédération\n".encode("latin-1"))
    assert messages(read_members(latin, "latin.csv")[1]) == ["latin.csv: is not UTF-8 text"]
    problems = read_members(tmp_path / "absent.csv", "absent.csv")[1]
    assert messages(problems) == ["absent.csv: cannot be read: No such file or directory"]


def test_duplicates_are_found_after_upper_casing(tmp_path: Path) -> None:
    _, problems = read_members(write(tmp_path / "m.csv", "iso3\nfra\nDEU\nFra\nxx\n"), "m.csv")
    assert messages(problems) == [
        "m.csv, row 4, iso3: 'FRA' appears twice (first in row 2)",
        "m.csv, row 5, iso3: 'xx' is not an ISO 3166-1 alpha-3 code",
    ]
