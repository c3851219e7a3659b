"""Nothing public hands out stored rows: only suppressed aggregates leave the engine."""

from __future__ import annotations

import ast
import inspect
import pathlib

import engines.flowstats as flowstats
from engines.flowstats import FlowResult, FlowStore


def test_the_store_exposes_loading_and_load_history_only():
    public = {name for name in dir(FlowStore) if not name.startswith("_")}
    assert public == {
        "close",
        "load",
        "load_assessments",
        "load_counts",
        "load_surveys",
        "load_history",
        "open_existing",
    }


def test_every_public_query_returns_a_suppressed_result():
    for name in ("od_matrix", "flow_breakdown", "flow_series", "surge_alerts", "displaced_population"):
        function = getattr(flowstats, name)
        signature = inspect.signature(function)
        assert signature.parameters["threshold"].default == 5
        assert signature.return_annotation in (FlowResult, "FlowResult")


def test_the_engine_imports_nothing_of_django_or_the_application():
    package = pathlib.Path(flowstats.__file__).parent
    for path in package.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            for name in names:
                assert name.split(".")[0] not in {"django", "ninja", "corridor", "config"}, path
