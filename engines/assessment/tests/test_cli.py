"""`corridor-scale` on real files: `main([...])` in this process, and the installed script once."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from engines.assessment.cli import main
from engines.assessment.tests.helpers import members, read_scale, un_scale, write


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str]:
    status = main([str(a) for a in args])
    return status, capsys.readouterr().err


def refused(capsys, tmp_path: Path, *args: str | Path) -> list[str]:
    """The problems listed for a refused run, checking it wrote nothing at all."""
    before = set(tmp_path.iterdir())
    out = tmp_path / "SCALE.csv"
    status, err = run(capsys, *args, "--out", out)
    assert status == 2
    assert set(tmp_path.iterdir()) == before  # no scale, no temporary file
    header, *problems = err.splitlines()
    assert header == f"corridor-scale: refused, {len(problems)} problem(s); nothing was written:"
    return problems


def test_it_writes_the_scale_and_says_what_it_did(capsys, tmp_path: Path) -> None:
    un = un_scale(tmp_path, {"TUV": "0.001", "FRA": "4", "DEU": "6", "CHN": "20"})
    mem = members(tmp_path, ["tuv", "FRA", "DEU", "CHN"])
    out = tmp_path / "SCALE.csv"
    status, err = run(capsys, un, mem, "--out", out, "--floor", "0.01", "--ceiling", "60", "--decimals", "2")
    assert status == 0, err
    # 0.001·k is under 0.01: raised; 20·k is over 60: cut; 4 and 6 share 39.99 (k = 3.999).
    assert read_scale(out) == {"TUV": "0.01", "FRA": "16.00", "DEU": "23.99", "CHN": "60.00"}
    assert err == (
        f"corridor-scale: 4 members, k = 3.999, 1 raised to the floor 0.01, 1 cut to the ceiling 60; "
        f"wrote {out}\n"
    )
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_defaults_are_no_floor_no_ceiling_and_three_decimals(capsys, tmp_path: Path) -> None:
    un = un_scale(tmp_path, {"FRA": "1", "DEU": "2"})
    out = tmp_path / "SCALE.csv"
    assert run(capsys, un, members(tmp_path, ["FRA", "DEU"]), "--out", out)[0] == 0
    assert out.read_text() == "iso3,rate\nFRA,33.333\nDEU,66.667\n"


def test_every_refusal_of_the_contract_is_listed_at_once(capsys, tmp_path: Path) -> None:
    un = write(tmp_path / "UN_SCALE.csv", "iso3,un_rate\nFRA,10\nXYZ,5\nDEU,-1\nfra,2\nITA,50\n")
    mem = write(tmp_path / "MEMBERS.csv", "iso3\nFRA\nGBR\nabc\nita\nITA\n")
    problems = refused(capsys, tmp_path, un, mem)
    assert problems == [
        f"{un}, row 3, iso3: 'XYZ' is not an ISO 3166-1 alpha-3 code",
        f"{un}, row 4, un_rate: '-1' is negative",
        f"{un}, row 5, iso3: 'FRA' appears twice (first in row 2)",
        f"{un}, un_rate: the UN rates sum to 66, not 100 (±0.01)",
        f"{mem}, row 3, iso3: 'GBR' is not in the UN scale ({un})",
        f"{mem}, row 4, iso3: 'abc' is not an ISO 3166-1 alpha-3 code",
        f"{mem}, row 6, iso3: 'ITA' appears twice (first in row 5)",
    ]


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (["--floor", "40"], "--floor: 40 for each of the 3 members sums to 120, more than 100"),
        (["--ceiling", "33"], "--ceiling: 33 for each of the 3 members sums to 99, less than 100"),
        (["--decimals", "-1"], "--decimals: -1 is not between 0 and 30"),
        (["--decimals", "two"], "--decimals: 'two' is not a whole number"),
        (["--floor", "abc"], "--floor: 'abc' is not a number"),
        (["--floor", "-0.5"], "--floor: -0.5 is negative"),
        (["--floor", "0.0001"], "--floor: 0.0001 has more decimals than --decimals 3: rates rounded to "
                                "3 decimals could not keep it"),
        (["--floor", "20", "--ceiling", "10"], "--floor: 20 is above the ceiling 10"),
    ],
)
def test_options_that_cannot_be_met(capsys, tmp_path: Path, options: list[str], expected: str) -> None:
    un = un_scale(tmp_path, {"FRA": "1", "DEU": "2", "ITA": "3"})
    assert refused(capsys, tmp_path, un, members(tmp_path, ["FRA", "DEU", "ITA"]), *options) == [expected]


def test_bad_options_are_listed_beside_the_problems_of_the_files(capsys, tmp_path: Path) -> None:
    un = un_scale(tmp_path, {"FRA": "1"})
    mem = members(tmp_path, ["FRA", "PRT"])
    problems = refused(capsys, tmp_path, un, mem, "--floor", "x", "--ceiling", "-1", "--decimals", "-2")
    assert problems == [
        f"{mem}, row 3, iso3: 'PRT' is not in the UN scale ({un})",
        "--floor: 'x' is not a number",
        "--decimals: -2 is not between 0 and 30",
        "--ceiling: -1 is negative",
    ]


def test_members_whose_un_rate_is_zero_can_make_a_floor_infeasible(capsys, tmp_path: Path) -> None:
    un = un_scale(tmp_path, {"FRA": "0", "DEU": "0", "ITA": "0"})
    problems = refused(capsys, tmp_path, un, members(tmp_path, ["FRA", "DEU", "ITA"]), "--floor", "1")
    assert problems == [
        "--ceiling: the 3 members with a UN rate of 0 keep the floor 1 whatever k is, so with the others "
        "at the ceiling 100 the rates sum to at most 3, less than 100"
    ]


def test_empty_files_and_missing_columns(capsys, tmp_path: Path) -> None:
    un = write(tmp_path / "UN_SCALE.csv", "")
    mem = write(tmp_path / "MEMBERS.csv", "code\nFRA\n")
    assert refused(capsys, tmp_path, un, mem) == [
        f"{un}: is empty (no header row)",
        f"{mem}, row 1: has no 'iso3' column (the header has 'code')",
    ]


def test_a_refusal_leaves_an_earlier_scale_as_it_was(capsys, tmp_path: Path) -> None:
    un = un_scale(tmp_path, {"FRA": "1"})
    out = write(tmp_path / "SCALE.csv", "iso3,rate\nFRA,100.000\n")
    assert run(capsys, un, members(tmp_path, ["GBR"]), "--out", out)[0] == 2
    assert out.read_text() == "iso3,rate\nFRA,100.000\n"


def test_a_scale_that_cannot_be_written_exits_1(capsys, tmp_path: Path) -> None:
    un = un_scale(tmp_path, {"FRA": "1"})
    status, err = run(capsys, un, members(tmp_path, ["FRA"]), "--out", tmp_path / "absent" / "SCALE.csv")
    assert status == 1
    assert "cannot write the scale" in err


def test_a_malformed_command_line_exits_2(capsys, tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as raised:
        main([str(tmp_path / "a.csv"), str(tmp_path / "b.csv")])  # no --out
    assert raised.value.code == 2


def test_the_console_script_is_installed_and_runs(tmp_path: Path) -> None:
    script = Path(sys.executable).parent / "corridor-scale"
    if not script.exists():
        pytest.skip("console script not installed in this environment")
    un = un_scale(tmp_path, {"FRA": "1", "DEU": "1", "ITA": "1"})
    out = tmp_path / "SCALE.csv"
    done = subprocess.run(
        [str(script), str(un), str(members(tmp_path, ["FRA", "DEU", "ITA"])), "--out", str(out),
         "--decimals", "1"],
        capture_output=True, text=True, timeout=60, check=False,
    )
    assert done.returncode == 0, done.stderr
    assert read_scale(out) == {"FRA": "33.3", "DEU": "33.4", "ITA": "33.3"}
    bad = subprocess.run(
        [str(script), str(un), str(members(tmp_path, ["GBR"])), "--out", str(tmp_path / "bad.csv")],
        capture_output=True, text=True, timeout=60, check=False,
    )
    assert bad.returncode == 2
    assert "'GBR' is not in the UN scale" in bad.stderr
    assert not (tmp_path / "bad.csv").exists()


def test_members_are_not_called_missing_from_a_un_scale_that_could_not_be_read(capsys, tmp_path) -> None:
    un = write(tmp_path / "UN_SCALE.csv", "iso3,rate\nFRA,100\n")
    mem = members(tmp_path, ["FRA", "DEU"])
    assert refused(capsys, tmp_path, un, mem) == [
        f"{un}, row 1: has no 'un_rate' column (the header has 'iso3', 'rate')"
    ]
