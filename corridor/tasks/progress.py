"""A running task's stage and counts, as its page and the API read them while it runs.

An import writes everything in one transaction, which other connections cannot see into (and on
SQLite, which one writer holds): its counts cannot go through the database while it writes. They
go to the `tasks` cache (a file-based cache under TASKS_PROGRESS_DIR by default, shared by the
processes of a host): counts and a stage code, nothing personal. The stage is also written to the
task's row whenever no transaction is open, so another host sees at least that."""

from __future__ import annotations

import time

from django.core.cache import caches
from django.db import connection

from corridor.tasks.models import BackgroundTask

FIELDS = ("stage", "rows_total", "rows_checked", "rows_written")
EVERY = 0.5  # seconds between two writes of the counts
KEEP = 24 * 3600


def _key(task_id) -> str:
    return f"task-progress:{task_id}"


class Progress:
    """Given to a task's function: `stage()` at each step, `checked()`/`written()` as it goes."""

    def __init__(self, record: BackgroundTask) -> None:
        self.record = record
        self._last = 0.0

    def stage(self, code: str, *, total: int | None = None) -> None:
        self.record.stage = code
        if total is not None:
            self.record.rows_total = total
        self._publish(force=True)
        if not connection.in_atomic_block:
            BackgroundTask.objects.filter(pk=self.record.pk).update(
                stage=code, rows_total=self.record.rows_total,
                rows_checked=self.record.rows_checked, rows_written=self.record.rows_written)

    def checked(self, count: int) -> None:
        self.record.rows_checked = count
        self._publish()

    def written(self, count: int) -> None:
        self.record.rows_written = count
        self._publish()

    def _publish(self, *, force: bool = False) -> None:
        now = time.monotonic()
        if force or now - self._last >= EVERY:
            self._last = now
            caches["tasks"].set(_key(self.record.pk),
                                {name: getattr(self.record, name) for name in FIELDS}, KEEP)


class Unwatched:
    """The progress of work nobody follows (in a request, a console command, a test)."""

    def stage(self, code: str, *, total: int | None = None) -> None:
        pass

    def checked(self, count: int) -> None:
        pass

    def written(self, count: int) -> None:
        pass


def current(record: BackgroundTask) -> dict:
    """The task's stage and counts: the latest published while it runs, else its row's."""
    values = {name: getattr(record, name) for name in FIELDS}
    if not record.finished:
        values.update(caches["tasks"].get(_key(record.pk)) or {})
    return values


def forget(task_id) -> None:
    caches["tasks"].delete(_key(task_id))
