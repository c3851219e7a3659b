"""Imports of people and households as background tasks: the check of a file (its preview) and,
once the user confirms, its import. Both read the file kept in `pending` for the task; the
import is one transaction, so a worker killed while writing leaves nothing of it (ADR 0044).

The report (problems quoting the file's values, preview rows with names) is sealed with the
registry's Fernet keys before it is stored on the task; the task's page opens it for the user who
started the task, and only for them."""

from __future__ import annotations

import json

from django.core.files import File
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from django_tasks import task

from corridor.access.models import Office
from corridor.core.errors import PermissionDenied
from corridor.registry import documents
from corridor.registry.imports import services
from corridor.tasks import files as pending
from corridor.tasks import kinds
from corridor.tasks import services as tasks
from corridor.tasks.models import BackgroundTask, TaskStatus
from corridor.tasks.runner import Outcome, TaskRefused, tracked

CHECK, IMPORT = "people_import_check", "people_import"
STAGES = {"started": _("Started"), "reading": _("Reading the file"),
          "checking": _("Checking every row"), "writing": _("Writing the households"),
          "done": _("Done"), "failed": _("Stopped")}
REFUSED = gettext_noop("The file was refused: nothing was imported. Its problems are listed below.")
FILE_GONE = gettext_noop("The uploaded file is no longer kept (it waits an hour for its "
                         "confirmation): upload it again.")
NO_OFFICE = gettext_noop("You cannot import people into this office.")


def seal(report: services.ImportReport) -> str:
    return documents.encrypt(json.dumps(report.as_dict()))


def unseal(record: BackgroundTask) -> dict | None:
    if not record.sealed_report:
        return None
    try:
        return json.loads(documents.decrypt(record.sealed_report))
    except Exception:  # a rotated-out key: the counts on the task still say what happened
        return None


def _summary(report: services.ImportReport) -> dict:
    """What the task keeps in plain text: counts and ids."""
    return {"status": report.status, "households": report.households, "people": report.people,
            "skipped_submissions": report.skipped_submissions, "left_out": report.left_out,
            "updated_submissions": report.updated_submissions, "edits": report.edits,
            "batch_id": report.batch_id, "problems": len(report.problems),
            "duplicates": len(report.duplicates),
            "already_imported_batch_id": report.already_imported_batch_id}


def _run(record: BackgroundTask, progress, *, dry_run: bool) -> Outcome:
    params = record.params
    path = pending.kept(params.get("file", ""))
    office = Office.objects.filter(pk=params.get("office")).first()
    try:
        if path is None:
            raise TaskRefused(FILE_GONE)
        if office is None:
            raise TaskRefused(NO_OFFICE)
        with path.open("rb") as handle:
            report = services.people_import(
                actor=record.requested_by, office=office, upload=File(handle, name=record.label),
                kind=params["kind"], dry_run=dry_run, every_status=bool(params.get("every_status")),
                progress=progress)
    except PermissionDenied:
        pending.discard(params.get("file", ""))
        raise TaskRefused(NO_OFFICE) from None
    except services.ImportRefused as refused:
        pending.discard(params.get("file", ""))
        raise TaskRefused(REFUSED, Outcome(_summary(refused.report), seal(refused.report))) from None
    except BaseException:
        pending.discard(params.get("file", ""))
        raise
    if not dry_run or report.status != "preview":  # imported, or nothing to import
        pending.discard(params.get("file", ""))
    return Outcome(_summary(report), seal(report))


@task()
@tracked
def check_people_file(record: BackgroundTask, progress) -> Outcome:
    return _run(record, progress, dry_run=True)


@task()
@tracked
def import_people_file(record: BackgroundTask, progress) -> Outcome:
    return _run(record, progress, dry_run=False)


def file_key(kind: str, office: Office, upload, *, every_status: bool, dry_run: bool,
             client_key: str = "") -> str:
    """The same file with the same options into the same office is the same work."""
    return pending.fingerprint(upload, kind, office.pk, every_status, dry_run, client_key)


def start_check(*, actor, office: Office, upload, kind: str, every_status: bool) -> BackgroundTask:
    """Keep the upload and queue its check (the preview); the page follows the task."""
    services.check_office(actor, office)
    name = pending.keep(upload)
    return tasks.start(kind=CHECK, task=check_people_file, actor=actor, office=office,
                       label=(getattr(upload, "name", "") or "upload").rsplit("/", 1)[-1],
                       params={"file": name, "kind": kind, "office": office.pk,
                               "every_status": every_status})


def start_import(*, actor, office: Office, upload, kind: str, every_status: bool,
                 client_key: str = "") -> BackgroundTask:
    """Keep the upload and queue its import at once (the API's way: no preview step). The same
    file and options (and Idempotency-Key, when sent) started again is given the same task."""
    services.check_office(actor, office)
    key = file_key(kind, office, upload, every_status=every_status, dry_run=False,
                   client_key=client_key)
    if (already := tasks.existing(kind=IMPORT, key=key)) is not None:
        return already
    name = pending.keep(upload)
    return tasks.start(kind=IMPORT, task=import_people_file, actor=actor, office=office,
                       label=(getattr(upload, "name", "") or "upload").rsplit("/", 1)[-1],
                       key=key, params={"file": name, "kind": kind, "office": office.pk,
                                        "every_status": every_status})


def confirm(*, actor, check: BackgroundTask) -> BackgroundTask:
    """Queue the import of a file whose check succeeded with a preview. Confirming twice gives
    the same import task."""
    if (check.kind != CHECK or check.status != TaskStatus.SUCCEEDED
            or (check.result or {}).get("status") != "preview"):
        raise PermissionDenied("This check cannot be confirmed.")
    if pending.kept(check.params.get("file", "")) is None:
        raise PermissionDenied(str(FILE_GONE))
    services.check_office(actor, check.office)
    return tasks.start(kind=IMPORT, task=import_people_file, actor=actor, office=check.office,
                       label=check.label, key=f"confirm:{check.pk}", params=dict(check.params))


def cancel(*, check: BackgroundTask) -> None:
    pending.discard(check.params.get("file", ""))


def _outcome_context(record: BackgroundTask, user) -> dict:
    report = unseal(record) if record.requested_by_id == user.pk else None
    file_kept = False
    if record.kind == CHECK and (record.result or {}).get("status") == "preview":
        file_kept = pending.kept(record.params.get("file", "")) is not None
    return {"report": report, "summary": record.result or {}, "confirmable": file_kept}


for code, label in ((CHECK, _("Check of a file of people")),
                    (IMPORT, _("Import of people and households"))):
    kinds.register(kinds.Kind(code=code, label=label, stages=STAGES,
                              outcome_template="registry/imports/_task_outcome.html",
                              outcome_context=_outcome_context))
