"""Reading background tasks: a task is its requester's; anyone else is told it does not exist."""

from __future__ import annotations

import uuid

from corridor.core.errors import NotFound
from corridor.tasks import kinds, progress
from corridor.tasks.models import BackgroundTask


def task_get_for_user(*, user, task_id) -> BackgroundTask:
    try:
        key = uuid.UUID(str(task_id))
    except ValueError:
        raise NotFound("No such task.") from None
    record = BackgroundTask.objects.filter(pk=key, requested_by_id=user.pk).first()
    if record is None:
        raise NotFound("No such task.")
    return record


def tasks_of_user(*, user, limit: int = 50) -> list[BackgroundTask]:
    return list(BackgroundTask.objects.filter(requested_by_id=user.pk)[:limit])


def task_state(record: BackgroundTask) -> dict:
    """What the page and the API show of a task: status, stage, counts, outcome (no report)."""
    kind = kinds.get(record.kind)
    values = progress.current(record)
    stage = values["stage"] or ""
    total, checked, written = values["rows_total"], values["rows_checked"], values["rows_written"]
    return {
        "id": str(record.pk), "kind": record.kind, "kind_label": str(kind.label),
        "label": record.label, "status": record.status, "finished": record.finished,
        "stage": stage, "stage_label": str(kind.stages.get(stage, stage)),
        "rows_total": total, "rows_checked": checked, "rows_written": written,
        "percent": _percent(record, total, checked, written),
        "queued_at": record.queued_at, "started_at": record.started_at,
        "finished_at": record.finished_at, "error": record.error,
        "result": record.result or {},
    }


def _percent(record: BackgroundTask, total, checked: int, written: int) -> int | None:
    """Checking is the first half, writing the second; None while nothing can be said."""
    if record.finished:
        return 100
    if not total:
        return None
    return min(99, int(50 * checked / total + 50 * written / total))
