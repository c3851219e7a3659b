"""The app's side of the engine: where the DuckDB store lives and one connection per process.

DuckDB lets one process write a database file; connections are not shared between threads, so
every use holds the lock (ADR 0031).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings

from engines.flowstats import FlowStore

_lock = threading.RLock()
_open: dict[str, FlowStore] = {}


def store_path() -> Path:
    return Path(getattr(settings, "FLOWS_STORE", settings.BASE_DIR / "var" / "flows.duckdb"))


@contextmanager
def flow_store() -> Iterator[FlowStore]:
    """The store for this process (created on first use), held exclusively while in use."""
    path = str(store_path())
    with _lock:
        store = _open.get(path)
        if store is None:
            for other in list(_open):  # tests switch paths; keep one file open at a time
                _open.pop(other).close()
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            store = _open[path] = FlowStore(path)
        yield store


def close_store() -> None:
    with _lock:
        for other in list(_open):
            _open.pop(other).close()
