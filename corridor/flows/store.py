"""The app's side of the engine: where the DuckDB store lives, and access to it.

DuckDB lets one process at a time open a database file for writing, and a process keeping it
open locks every other process out. The web server runs several worker processes, so the store
is opened for each use and closed after it, under an exclusive lock on a file next to it (one
process at a time; within a process, one thread at a time). A use is short: an import or a
query of suppressed aggregates (ADR 0031).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from corridor.core.file_locks import (
    flows_public_store_path,
    flows_store_path,
    held_exclusively,
    process_lock,
)
from engines.flowstats import FlowStore

_lock = process_lock
_held = threading.local()


def store_path() -> Path:
    return flows_store_path()


def public_store_path() -> Path:
    return flows_public_store_path()


@contextmanager
def flow_store(*, public: bool = False) -> Iterator[FlowStore]:
    """The working store (or, `public`, the published one), held exclusively (by this thread of
    this process) while in use.

    Nested uses of the same store in the same thread share it.
    """
    path = public_store_path() if public else store_path()
    with _lock:
        held = getattr(_held, "stores", None)
        if held is None:
            held = _held.stores = {}
        if str(path) in held:
            yield held[str(path)]
            return
        with held_exclusively(path), FlowStore(path) as store:
            held[str(path)] = store
            try:
                yield store
            finally:
                del held[str(path)]


def close_store() -> None:
    """Nothing stays open between uses; kept for the callers (tests) that close after a use."""
