"""Write a benchmark's figures to bench/results/<name>.json with the command that reproduces it."""

from __future__ import annotations

import datetime as dt
import json
import platform
import sys
from pathlib import Path

RESULTS_DIR = Path(__file__).resolve().parent / "results"


def write_result(name: str, *, figures: dict, command: str, passed: bool | None = None) -> Path:
    """Record what was measured; `passed` says whether the issue's floors were met."""
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    path = RESULTS_DIR / f"{name}.json"
    payload = {
        "name": name,
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "command": command,
        "machine": {"python": sys.version.split()[0], "platform": platform.platform()},
        "passed": passed,
        "figures": figures,
    }
    path.write_text(json.dumps(payload, indent=2, sort_keys=False, default=str) + "\n")
    return path
