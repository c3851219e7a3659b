"""Imports of flow data (counts, surveys, assessments) as background tasks: the page and the API
keep the file and answer at once; the worker checks the whole file and loads it in one
transaction, or refuses it with its problems (file, row, field) and writes nothing.

Flow files hold counts of people, never a person, so the problems (which quote cells) are kept on
the task's result in plain text, at most MAX_PROBLEMS of them; the count says how many there were."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from django_tasks import task

from corridor.access.models import Office
from corridor.core import uploads
from corridor.core.errors import PermissionDenied, ValidationFailed
from corridor.flows import services
from corridor.tasks import files, kinds
from corridor.tasks import services as tasks
from corridor.tasks.models import BackgroundTask
from corridor.tasks.runner import Outcome, TaskRefused, tracked

IMPORT = "flows_import"
MAX_PROBLEMS = 500
STAGES = {"started": _("Started"), "reading": _("Reading the file"),
          "checking": _("Checking every row"), "writing": _("Writing the figures"),
          "done": _("Done"), "failed": _("Stopped")}
REFUSED = gettext_noop("The file was refused: nothing was imported. Its problems are listed below.")
FILE_GONE = gettext_noop("The uploaded file is no longer kept: upload it again.")
NO_OFFICE = gettext_noop("You cannot import flow data for this office.")


@task()
@tracked
def import_flows_file(record: BackgroundTask, progress) -> Outcome:
    params = record.params
    path = files.kept(params.get("file", ""))
    office = Office.objects.filter(pk=params.get("office")).first()
    try:
        if path is None:
            raise TaskRefused(FILE_GONE)
        if office is None:
            raise TaskRefused(NO_OFFICE)
        outcome = services.flows_import(actor=record.requested_by, office=office,
                                        kind=params["kind"], data=path.read_bytes(),
                                        filename=record.label, progress=progress)
    except PermissionDenied:
        raise TaskRefused(NO_OFFICE) from None
    except ValidationFailed as refused:
        problems = [{key: str(value) for key, value in problem.items()}
                    for problem in refused.problems]
        raise TaskRefused(REFUSED, Outcome({"problems": len(problems),
                                            "problem_list": problems[:MAX_PROBLEMS]})) from None
    finally:
        files.discard(params.get("file", ""))
    return Outcome({"batch_id": outcome.batch.pk, "rows": outcome.batch.row_count,
                    "replaced": outcome.batch.replaced, "created": outcome.created})


def start_import(*, actor, office: Office, kind: str, upload, client_key: str = "") -> BackgroundTask:
    """Keep the upload and queue its import (refused at once when it is over the upload limit or
    the office is out of reach). The same file, kind and office (and Idempotency-Key,
    when sent) started again while queued, running or imported is given the same task."""
    services.check_import_allowed(actor, office, kind)
    # Refused before it is kept: a file over the limit is never written to the disk.
    uploads.check_size((getattr(upload, "name", "") or "upload").rsplit("/", 1)[-1], upload.size)
    key = files.fingerprint(upload, kind, office.pk, client_key)
    if (already := tasks.existing(kind=IMPORT, key=key)) is not None:
        return already
    return tasks.start(kind=IMPORT, task=import_flows_file, actor=actor, office=office,
                       label=(getattr(upload, "name", "") or "upload").rsplit("/", 1)[-1],
                       key=key, params={"file": files.keep(upload), "kind": kind,
                                        "office": office.pk})


def _outcome_context(record: BackgroundTask, user) -> dict:
    return {"summary": record.result or {}}


kinds.register(kinds.Kind(code=IMPORT, label=_("Import of flow data"), stages=STAGES,
                          outcome_template="flows/_task_outcome.html",
                          outcome_context=_outcome_context))
