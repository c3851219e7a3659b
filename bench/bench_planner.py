"""Movement planner benchmark: greedy baseline and CP-SAT side by side on the 10k instance.

    python -m bench.run planner          # or: python -m bench.bench_planner [--seed N]

Both methods run through the `corridor-plan` command as separate processes, so the wall-clock time
includes start-up and JSON in and out, as a caller would see it. Floors (from the issue): the CP-SAT
plan is feasible, returned within 30 s, its priority total is at least greedy's and within 1% of
its upper bound, and it waits fewer days than greedy.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.results import write_result
from engines.planner.generator import generate_problem
from engines.planner.greedy import first_come_order, greedy_choice
from engines.planner.households import corridors_of
from engines.planner.tests.feasibility import score, violations
from engines.planner.validation import validate

INSTANCE = {"travellers": 10_000, "households": 3_000, "transports": 200, "corridors": 12,
            "demand_ratio": 2.0}
WALL_FLOOR_SECONDS = 30.0
GAP_FLOOR = 0.01


def _run(method: str, source: Path, out: Path, raw: dict) -> dict:
    command = [sys.executable, "-m", "engines.planner.cli", str(source), "--out", str(out),
               "--method", method]
    started = time.monotonic()
    done = subprocess.run(command, capture_output=True, text=True, check=False, timeout=300)
    seconds = time.monotonic() - started
    if done.returncode != 0:
        return {"method": method, "exit_code": done.returncode, "stderr": done.stderr[-2000:],
                "seconds": round(seconds, 2), "feasible": False}
    output = json.loads(out.read_text())
    problems = violations(raw, output)
    priority, waiting = score(raw, output["assignments"])
    return {
        "method": method,
        "exit_code": 0,
        "seconds": round(seconds, 2),
        "feasible": not problems and (priority, waiting) == (
            output["priority_total"], output["waiting_days"]),
        "violations": problems[:5],
        "travellers_assigned": len(output["assignments"]),
        "priority_total": output["priority_total"],
        "upper_bound": output["upper_bound"],
        "gap_to_bound": round(1 - output["priority_total"] / max(1, output["upper_bound"]), 5),
        "waiting_days": output["waiting_days"],
        "summary": done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "",
    }


def _first_come_reference(raw: dict) -> dict:
    """A first-come-first-served greedy, for reference only: the floors use the real baseline."""
    corridors = corridors_of(validate(raw))
    plans = [(c, greedy_choice(c, first_come_order)) for c in corridors]
    return {"priority_total": sum(c.priority(p) for c, p in plans),
            "waiting_days": sum(c.waiting(p) for c, p in plans)}


def _table(greedy: dict, cpsat: dict) -> str:
    rows = ["seconds", "feasible", "travellers_assigned", "priority_total", "upper_bound",
            "gap_to_bound", "waiting_days"]
    lines = [f"{'':22}{'greedy':>14}{'cpsat':>14}"]
    for row in rows:
        lines.append(f"{row:22}{greedy.get(row, '-')!s:>14}{cpsat.get(row, '-')!s:>14}")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="bench_planner")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)

    raw = generate_problem(**INSTANCE, seed=args.seed)
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "problem.json"
        source.write_text(json.dumps(raw))
        greedy = _run("greedy", source, Path(folder) / "greedy.json", raw)
        cpsat = _run("cpsat", source, Path(folder) / "cpsat.json", raw)
    print(_table(greedy, cpsat))
    first_come = _first_come_reference(raw)
    print(f"(reference, first-come-first-served greedy: priority total "
          f"{first_come['priority_total']}, waiting days {first_come['waiting_days']})")

    ok = greedy["feasible"] and cpsat["feasible"]
    floors = {
        "cpsat_feasible": cpsat["feasible"],
        "cpsat_within_30s": cpsat["seconds"] <= WALL_FLOOR_SECONDS,
        "cpsat_priority_at_least_greedy": ok and cpsat["priority_total"] >= greedy["priority_total"],
        "cpsat_within_1pct_of_bound": ok and cpsat["gap_to_bound"] <= GAP_FLOOR,
        "cpsat_fewer_waiting_days": ok and cpsat["waiting_days"] < greedy["waiting_days"],
        "bounds_hold": ok and min(greedy["upper_bound"], cpsat["upper_bound"]) >= max(
            greedy["priority_total"], cpsat["priority_total"]),
    }
    for name, met in floors.items():
        print(f"{'met ' if met else 'MISSED'} {name}")
    passed = all(floors.values())
    command = "python -m bench.run planner" + (f" (seed {args.seed})" if args.seed else "")
    path = write_result(
        "planner",
        figures={"instance": {**INSTANCE, "seed": args.seed}, "cpu_workers": 2,
                 "greedy": greedy, "cpsat": cpsat, "floors": floors,
                 "reference_first_come_greedy": first_come},
        command=command,
        passed=passed,
    )
    print(f"wrote {path}")
    return 0 if passed else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
