"""`corridor-flows` end to end, through a real subprocess."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pyarrow.csv as pacsv
import pytest

from engines.flowstats import generator
from engines.flowstats.cli import main
from engines.flowstats.tests.conftest import TODAY
from engines.flowstats.tests.reference import grouped, keep

ROOT = Path(__file__).resolve().parents[3]


def run(*arguments: str, script: bool = False) -> subprocess.CompletedProcess:
    """Run the command as `python -m engines.flowstats.cli`, or as the installed
    `corridor-flows` console script (the entry point declared in pyproject.toml)."""
    command = [sys.executable, "-m", "engines.flowstats.cli"]
    if script:
        command = [str(Path(sys.executable).parent / "corridor-flows")]
    return subprocess.run(
        [*command, *arguments],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def loaded(tmp_path_factory, counts, assessment_rounds):
    folder = tmp_path_factory.mktemp("cli")
    pacsv.write_csv(counts, str(folder / "counts.csv"))
    for number, table in enumerate(assessment_rounds, 1):
        pacsv.write_csv(table, str(folder / f"round{number}.csv"))
    (folder / "areas.csv").write_text("pcode\n" + "\n".join(sorted(generator.gazetteer().pcodes)))
    store = folder / "flows.duckdb"
    done = run(
        "load",
        str(store),
        "counts",
        str(folder / "counts.csv"),
        "--gazetteer",
        str(folder / "areas.csv"),
        "--today",
        TODAY.isoformat(),
    )
    assert done.returncode == 0, done.stderr
    assert f"{counts.num_rows} rows loaded" in done.stdout
    rounds = [str(folder / f"round{n}.csv") for n in range(1, len(assessment_rounds) + 1)]
    assert main(["load", str(store), "assessments", *rounds, "--today", TODAY.isoformat()]) == 0
    return folder, store


def test_od_with_filters_to_stdout(loaded, counts):
    _, store = loaded
    done = run(
        "od",
        str(store),
        "--from",
        "2025-02-01",
        "--to",
        "2025-02-28",
        "--filter",
        "nationality=SSD,SDN",
        "--filter",
        "direction=in",
        "--format",
        "csv",
        script=True,
    )
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    import datetime as dt

    from engines.flowstats import FlowFilter

    filters = FlowFilter(
        date_from=dt.date(2025, 2, 1),
        date_to=dt.date(2025, 2, 28),
        nationality=("SSD", "SDN"),
        direction=("in",),
    )
    truth = grouped([r for r in counts.to_pylist() if keep(r, filters)], ("origin", "destination"))
    for row in rows:
        if row["origin"] != "TOTAL" and row["destination"] != "TOTAL":
            value = truth[(row["origin"], row["destination"])]
            assert row["count"] == ("" if row["suppressed"] == "true" else str(value))
    assert rows[-1]["origin"] == rows[-1]["destination"] == "TOTAL"
    assert int(rows[-1]["count"]) == sum(truth.values())


def test_every_query_command_writes_csv_or_json(loaded, capsys):
    # In-process through main(): the same code path as the console script, without paying a
    # Python start-up per command (the subprocess tests above and below cover the wiring).
    folder, store = loaded
    out = folder / "series.csv"
    assert main(["series", str(store), "--frequency", "weekly", "--out", str(out)]) == 0
    assert out.read_text().startswith('"period","days","count"')
    assert main(["surges", str(store), "--window", "14", "--k", "3", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["kind"] == "surges"
    assert main(["displaced", str(store), "--filter", "admin_area=SD01"]) == 0
    assert capsys.readouterr().out.startswith('"admin_pcode"')
    assert main(["breakdown", str(store), "--by", "sex,age_group", "--threshold", "10"]) == 0
    assert '"sex","age_group","count","suppressed"' in capsys.readouterr().out


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (("od", "{store}", "--filter", "colour=red"), "bad filter"),
        (("od", "{store}", "--from", "2025-02-30"), "not a date"),
        (("breakdown", "{store}", "--by", "height"), "cannot break"),
        (("od", "{folder}/missing.duckdb"), "no flow store"),
        (("series", "{store}", "--threshold", "1"), "threshold"),
        (("surges",), "required"),
    ],
)
def test_bad_input_exits_2_with_a_message(loaded, capsys, arguments, message):
    folder, store = loaded
    assert main([a.format(store=store, folder=folder) for a in arguments]) == 2
    assert message in capsys.readouterr().err


def test_a_bad_file_is_refused_whole_with_exit_2(loaded, capsys):
    folder, store = loaded
    bad = folder / "bad.csv"
    bad.write_text(
        "date,point,direction,nationality,sex,age_group,count\n"
        "2025-06-01,P9,in,AFG,male,18-59,3\n2025-06-01,P9,sideways,AFG,male,18-59,4\n"
    )
    done = run("load", str(store), "counts", str(bad), "--today", TODAY.isoformat())
    assert done.returncode == 2
    assert "row 3, field 'direction'" in done.stderr
    assert main(["breakdown", str(store), "--by", "point", "--threshold", "2"]) == 0
    assert "P9" not in capsys.readouterr().out  # the good row of the bad file was not written
