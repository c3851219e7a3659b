"""An exclusive hold on a file that several processes share (the flows store today): a lock file
next to it, taken with flock, and a lock per process for its threads. While it is held no other
use can open the file, so it may be copied or replaced (backup and restore)."""

from __future__ import annotations

import fcntl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings

# Re-entrant: a use already holding the store (an import) may take it again in the same thread.
process_lock = threading.RLock()


def flows_store_path() -> Path:
    """Where the flows store (DuckDB) lives: the flows app opens it, backups copy it."""
    return Path(getattr(settings, "FLOWS_STORE", settings.BASE_DIR / "var" / "flows.duckdb"))


def flows_public_store_path() -> Path:
    """The published flows store: the rows of reviewed imports only, read for the public page's
    publications (ADR 0032); beside the working store, backed up with it."""
    return Path(getattr(settings, "FLOWS_PUBLIC_STORE", None)
                or flows_store_path().with_name(f"{flows_store_path().stem}-public.duckdb"))


@contextmanager
def held_exclusively(path: Path) -> Iterator[Path]:
    with process_lock:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(f"{path}.lock", "a") as lock_file:
            fcntl.flock(lock_file, fcntl.LOCK_EX)
            try:
                yield path
            finally:
                fcntl.flock(lock_file, fcntl.LOCK_UN)
