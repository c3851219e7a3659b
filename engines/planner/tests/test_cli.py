"""`corridor-plan` end to end, as a separate process, the way outside checks will run it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from engines.planner.generator import generate_problem
from engines.planner.tests.feasibility import score, violations

ROOT = Path(__file__).resolve().parents[3]


def run(*args: str | Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "engines.planner.cli", *map(str, args)],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
    )


@pytest.mark.parametrize("method", ["cpsat", "greedy"])
def test_it_writes_a_feasible_plan(tmp_path: Path, method: str) -> None:
    raw = generate_problem(travellers=200, households=70, transports=10, corridors=2, seed=5)
    source = tmp_path / "problem.json"
    source.write_text(json.dumps(raw))
    out = tmp_path / "plan.json"
    done = run(source, "--out", out, "--time-limit", "2.5", "--method", method)
    assert done.returncode == 0, done.stderr
    output = json.loads(out.read_text())
    assert set(output) == {"assignments", "priority_total", "waiting_days", "upper_bound"}
    assert violations(raw, output) == []
    assert score(raw, output["assignments"]) == (output["priority_total"], output["waiting_days"])
    assert output["upper_bound"] >= output["priority_total"] > 0
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_it_refuses_bad_input_listing_every_problem_and_writes_nothing(tmp_path: Path) -> None:
    raw = generate_problem(travellers=20, households=8, transports=2, corridors=1, seed=1)
    raw["travellers"][3]["ready"] = "abc"
    raw["travellers"][5]["priority"] = 9
    raw["transports"][1]["seats"] = -4
    raw["transports"][0]["colour"] = "red"
    source = tmp_path / "problem.json"
    source.write_text(json.dumps(raw))
    out = tmp_path / "plan.json"
    done = run(source, "--out", out)
    assert done.returncode == 2
    for expected in ("travellers[3].ready: not a date 'abc'", "travellers[5].priority:",
                     "transports[1].seats:", "transports[0].colour: unknown field"):
        assert expected in done.stderr
    assert "4 problem(s)" in done.stderr
    assert list(tmp_path.iterdir()) == [source]


@pytest.mark.parametrize("content", ["{not json", "", '{"travellers": [], "transports": NaN}'])
def test_it_refuses_text_that_is_not_json(tmp_path: Path, content: str) -> None:
    source = tmp_path / "problem.json"
    source.write_text(content)
    done = run(source, "--out", tmp_path / "plan.json")
    assert done.returncode == 2
    assert "not JSON" in done.stderr
    assert list(tmp_path.iterdir()) == [source]


def test_it_refuses_a_missing_file_and_a_bad_time_limit(tmp_path: Path) -> None:
    assert run(tmp_path / "absent.json", "--out", tmp_path / "plan.json").returncode == 2
    source = tmp_path / "problem.json"
    source.write_text('{"travellers": [], "transports": []}')
    assert run(source, "--out", tmp_path / "p.json", "--time-limit", "-1").returncode == 2
    assert not (tmp_path / "p.json").exists()


def test_the_console_script_is_installed() -> None:
    script = Path(sys.executable).parent / "corridor-plan"
    if not script.exists():
        pytest.skip("console script not installed in this environment")
    done = subprocess.run([str(script), "--help"], capture_output=True, text=True, check=False,
                          timeout=60)
    assert done.returncode == 0
    assert "--time-limit" in done.stdout
