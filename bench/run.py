"""`make bench`: run every bench/bench_*.py module's main(), or only those named on the command line.

    python -m bench.run                # all
    python -m bench.run planner flows  # bench_planner.py, bench_flows*.py
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    here = Path(__file__).resolve().parent
    names = sorted(p.stem for p in here.glob("bench_*.py"))
    if argv:
        names = [n for n in names if any(n.startswith(f"bench_{a}") for a in argv)]
    failed = []
    for name in names:
        print(f"== {name}", flush=True)
        module = importlib.import_module(f"bench.{name}")
        if module.main([]) not in (0, None):
            failed.append(name)
    if failed:
        print("benchmarks below their floors: " + ", ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
