"""Starting, claiming, finishing and recovering background tasks (ADR 0044)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_noop

from corridor.tasks import progress, workers
from corridor.tasks.models import ACTIVE, BackgroundTask, TaskStatus

# A task of another host's worker running this long is taken for dead (that worker cannot be
# asked). The longest task measured, a million people on PostgreSQL, takes minutes.
STALE_AFTER = dt.timedelta(hours=6)

INTERRUPTED = gettext_noop("The worker running it stopped before it finished (stopped, killed or "
                           "its machine restarted). Nothing of it was written: start it again.")


def existing(*, kind: str, key: str) -> BackgroundTask | None:
    """The task already doing (or done with) the work called `key`, if any."""
    return BackgroundTask.objects.filter(
        kind=kind, key=key, status__in=[*ACTIVE, TaskStatus.SUCCEEDED]).first()


def start(*, kind: str, task, actor, office=None, label: str = "", key: str = "",
          params: dict | None = None) -> BackgroundTask:
    """Record and queue `task` (a django-tasks Task taking the record's id), in one transaction:
    both or neither. With a `key`, the same work asked again while queued, running or done is
    given the task already started instead of a second one."""
    if key and (already := existing(kind=kind, key=key)) is not None:
        return already
    params = {**(params or {}), "language": translation.get_language() or settings.LANGUAGE_CODE}
    try:
        with transaction.atomic():
            record = BackgroundTask.objects.create(
                kind=kind, requested_by=actor if getattr(actor, "pk", None) else None,
                office=office, label=label[:255], key=key, params=params)
            queued = task.enqueue(str(record.pk))
            record.queue_result_id = str(queued.id)
            record.save(update_fields=["queue_result_id"])
    except IntegrityError:  # the same key started at the same moment by another request
        already = existing(kind=kind, key=key)
        if already is None:
            raise
        return already
    return record


def claim(task_id: str) -> BackgroundTask | None:
    """Mark the task running by this worker; None when it is not queued any more."""
    now = timezone.now()
    if not BackgroundTask.objects.filter(pk=task_id, status=TaskStatus.QUEUED).update(
            status=TaskStatus.RUNNING, started_at=now, worker=workers.this_worker(),
            stage="started"):
        return None
    return BackgroundTask.objects.get(pk=task_id)


def finish(record: BackgroundTask, status: str, *, outcome, error: str = "") -> None:
    """Record the outcome; `record` is the object the task's Progress counted on."""
    record.status, record.error = status, error
    record.result, record.sealed_report = outcome.result or None, outcome.sealed_report
    record.finished_at = timezone.now()
    record.stage = "done" if status == TaskStatus.SUCCEEDED else "failed"
    if status != TaskStatus.SUCCEEDED:
        record.rows_written = 0  # all or nothing: a failed task wrote nothing
    BackgroundTask.objects.filter(pk=record.pk).update(
        status=record.status, error=record.error, result=record.result,
        sealed_report=record.sealed_report, finished_at=record.finished_at, stage=record.stage,
        rows_total=record.rows_total, rows_checked=record.rows_checked,
        rows_written=record.rows_written)
    progress.forget(record.pk)


def recover_interrupted() -> list[str]:
    """Tasks left running by a worker that is gone are marked failed (the queue's row too), so
    their page says so and the same work may start again; a worker calls this when it starts.
    Everything such a task wrote was in its transaction, which the database rolled back."""
    from django_tasks_db.models import DBTaskResult

    stale = timezone.now() - STALE_AFTER
    failed = []
    for record in BackgroundTask.objects.filter(status=TaskStatus.RUNNING):
        verdict = workers.gone(record.worker)
        if verdict is False or (verdict is None and (record.started_at or stale) > stale):
            continue
        if BackgroundTask.objects.filter(pk=record.pk, status=TaskStatus.RUNNING,
                                         worker=record.worker).update(
                status=TaskStatus.FAILED, stage="failed", error=INTERRUPTED, rows_written=0,
                finished_at=timezone.now()):
            failed.append(str(record.pk))
            progress.forget(record.pk)
    # The queue's own rows: claimed by a worker that is gone, they would stay "running".
    for queued in DBTaskResult.objects.filter(status="RUNNING"):
        last = (queued.worker_ids or [""])[-1]
        verdict = workers.gone(last)
        if verdict or (verdict is None and (queued.started_at or stale) <= stale):
            queued.set_failed(TaskInterrupted(f"worker {last} stopped"))
    return failed


class TaskInterrupted(Exception):
    """Recorded on the queue's row of a task whose worker stopped while running it."""
