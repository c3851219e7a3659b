"""The API of background tasks: a client that started one (an import answers 202 with the task's
address) polls it here until `finished`."""

from __future__ import annotations

import datetime as dt
import uuid

from django.http import HttpRequest
from django.urls import reverse
from ninja import Router, Schema

from corridor.core.api_schemas import ErrorOut
from corridor.tasks import selectors
from corridor.tasks.models import BackgroundTask

router = Router(tags=["background tasks"])


class TaskOut(Schema):
    id: str
    kind: str
    label: str
    status: str
    finished: bool
    stage: str
    rows_total: int | None
    rows_checked: int
    rows_written: int
    percent: int | None
    queued_at: dt.datetime
    started_at: dt.datetime | None
    finished_at: dt.datetime | None
    error: str
    result: dict
    url: str
    page: str


def task_out(record: BackgroundTask) -> dict:
    """A task as the API shows it; what an endpoint starting a task answers with 202."""
    state = selectors.task_state(record)
    return {**state, "url": reverse("api:task_get", args=[str(record.pk)]),
            "page": reverse("tasks:detail", args=[record.pk])}


@router.get("/tasks/{task_id}", response={200: TaskOut, 404: ErrorOut}, url_name="task_get",
            summary="A background task's status, stage, counts and outcome (poll until finished)")
def task_get(request: HttpRequest, task_id: uuid.UUID):
    return task_out(selectors.task_get_for_user(user=request.user, task_id=task_id))
