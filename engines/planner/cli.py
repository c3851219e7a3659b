"""`corridor-plan PROBLEM.json --out PLAN.json [--time-limit S] [--method cpsat|greedy]`.

Exit codes: 0 plan written; 2 input refused (every problem listed on stderr, nothing written);
1 the plan could not be written.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
import time
from pathlib import Path

from engines.outputs import write_atomically
from engines.planner.model import Plan
from engines.planner.planning import DEFAULT_TIME_LIMIT, METHODS, plan
from engines.planner.validation import ValidationError, validate

EXIT_BAD_INPUT = 2
EXIT_WRITE_FAILED = 1


def _reject_constant(name: str) -> float:
    # Python's json accepts NaN and Infinity, which are not JSON and mean nothing as a seat count.
    raise ValueError(f"{name} is not valid JSON")


def _read_problem(path: Path) -> tuple[object | None, list[str]]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        return None, [f"{path}: cannot read: {error}"]
    try:
        return json.loads(text, parse_constant=_reject_constant), []
    except ValueError as error:
        return None, [f"{path}: not JSON: {error}"]


def _summary(result: Plan, seconds: float) -> str:
    ratio = result.priority_total / result.upper_bound if result.upper_bound else 1.0
    return (
        f"{result.method}: {len(result.assignments)} travellers assigned, priority total "
        f"{result.priority_total} (upper bound {result.upper_bound}, {ratio:.2%}), "
        f"waiting days {result.waiting_days}, {seconds:.1f} s"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="corridor-plan", description="Assign households to transports (movement planner)."
    )
    parser.add_argument("problem", type=Path, help="planning input (JSON)")
    parser.add_argument("--out", type=Path, required=True, help="where to write the plan (JSON)")
    parser.add_argument("--time-limit", type=float, default=DEFAULT_TIME_LIMIT,
                        help=f"seconds for planning (default {DEFAULT_TIME_LIMIT:g})")
    parser.add_argument("--method", choices=METHODS, default="cpsat")
    args = parser.parse_args(argv)
    if not args.time_limit > 0:  # also refuses NaN
        parser.error("--time-limit must be a positive number of seconds")

    started = time.monotonic()
    raw, problems = _read_problem(args.problem)
    if not problems:
        try:
            problem = validate(raw)
        except ValidationError as error:
            problems = error.problems
    if problems:
        print(f"{args.problem}: refused, {len(problems)} problem(s):", file=sys.stderr)
        for line in problems:
            print(f"  {line}", file=sys.stderr)
        return EXIT_BAD_INPUT

    if args.method == "cpsat":
        # Load CP-SAT (~2 s) only for good input, but inside the caller's wall-clock budget.
        importlib.import_module("engines.planner.cpsat")
    # Whatever loading and reading took comes out of the caller's budget too.
    budget = max(0.1, args.time_limit - (time.monotonic() - started))
    result = plan(problem, method=args.method, time_limit=budget)
    try:
        write_atomically(args.out, json.dumps(result.to_json(), indent=2) + "\n")
    except OSError as error:
        print(f"{args.out}: cannot write the plan: {error}", file=sys.stderr)
        return EXIT_WRITE_FAILED
    print(_summary(result, time.monotonic() - started), file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
