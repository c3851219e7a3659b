"""The gazetteer's API: start the import of a file of areas or sites as a background task."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import File, Form, Header, Router, Status
from ninja.files import UploadedFile

from corridor.access.api_permissions import permits
from corridor.core.api_schemas import ErrorOut, InvalidOut
from corridor.geo import tasks
from corridor.tasks.api import TaskOut, task_out

router = Router(tags=["gazetteer"])


@router.post("/geo/imports/tasks",
             response={202: TaskOut, 403: ErrorOut, 422: InvalidOut},
             summary="Start the import of a gazetteer (administrative areas with P-codes) or of "
                     "sites as a background task", auth=permits("geo.import"))
def import_task(request: HttpRequest, kind: Form[tasks.GeoFile], file: File[UploadedFile],
                idempotency_key: str | None = Header(None, alias="Idempotency-Key")):
    """Answers 202 at once with the task (`url` to poll, `page` for a person). The worker checks
    the whole file and writes it, or refuses it with nothing written: the task fails and its
    `result.problem_list` names each problem's file, row and field. The same file and kind (and
    Idempotency-Key) started again is given the same task."""
    record = tasks.start_import(actor=request.user, kind=kind, upload=file,
                                client_key=idempotency_key or "")
    return Status(202, task_out(record))
