"""Imports of the gazetteer (administrative areas with P-codes) and of sites as background tasks:
the page and the API keep the file and answer at once; the worker checks the whole file and
writes it in one transaction, or refuses it with its problems (file, row, field) and writes
nothing. The console command `geo_import` runs the same services in the foreground.

A gazetteer names places, never a person: the problems (which quote cells) are kept on the
task's result in plain text, at most MAX_PROBLEMS of them; the count says how many there were."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from django_tasks import task

from corridor.access.policies import has_permission
from corridor.core import uploads
from corridor.core.errors import PermissionDenied, ValidationFailed
from corridor.geo import services
from corridor.tasks import files, kinds
from corridor.tasks import services as tasks
from corridor.tasks.models import BackgroundTask
from corridor.tasks.runner import Outcome, TaskRefused, tracked

IMPORT = "geo_import"
MAX_PROBLEMS = 500
STAGES = {"started": _("Started"), "checking": _("Checking every row"), "done": _("Done"),
          "failed": _("Stopped")}
REFUSED = gettext_noop("The file was refused: nothing was imported. Its problems are listed below.")
FILE_GONE = gettext_noop("The uploaded file is no longer kept: upload it again.")
NOT_ALLOWED = gettext_noop("You cannot import the gazetteer.")


class GeoFile(models.TextChoices):
    GAZETTEER = "gazetteer", _("Gazetteer: administrative areas with P-codes")
    SITES = "sites", _("Sites: camps, settlements, collective centres")


def check_import_allowed(actor) -> None:
    if not has_permission(actor, "geo.import"):
        raise PermissionDenied(_("You cannot import the gazetteer."))


@task()
@tracked
def import_geo_file(record: BackgroundTask, progress) -> Outcome:
    params = record.params
    path = files.kept(params.get("file", ""))
    try:
        if path is None:
            raise TaskRefused(FILE_GONE)
        check_import_allowed(record.requested_by)
        progress.stage("checking")
        if params.get("kind") == GeoFile.SITES:
            count = services.sites_import(actor=record.requested_by, data=path.read_bytes(),
                                          filename=record.label)
            return Outcome({"kind": GeoFile.SITES, "sites": count})
        report = services.gazetteer_import(actor=record.requested_by, data=path.read_bytes(),
                                           filename=record.label)
    except PermissionDenied:
        raise TaskRefused(NOT_ALLOWED) from None
    except ValidationFailed as refused:
        problems = [{key: str(value) for key, value in problem.items()}
                    for problem in refused.problems]
        raise TaskRefused(REFUSED, Outcome({"problems": len(problems),
                                            "problem_list": problems[:MAX_PROBLEMS]})) from None
    finally:
        files.discard(params.get("file", ""))
    return Outcome({"kind": GeoFile.GAZETTEER, "created": report.created,
                    "updated": report.updated, "unchanged": report.unchanged})


def start_import(*, actor, kind: str, upload, client_key: str = "") -> BackgroundTask:
    """Keep the upload and queue its import (refused at once when the actor may not import the
    gazetteer or the file is over the upload limit). The same file and kind (and
    Idempotency-Key, when sent) started again while queued, running or done is given the same
    task."""
    check_import_allowed(actor)
    if kind not in GeoFile.values:
        raise ValidationFailed([{"field": "kind", "message": _("gazetteer or sites")}])
    name = (getattr(upload, "name", "") or "upload").rsplit("/", 1)[-1]
    uploads.check_size(name, upload.size)
    key = files.fingerprint(upload, kind, client_key)
    if (already := tasks.existing(kind=IMPORT, key=key)) is not None:
        return already
    return tasks.start(kind=IMPORT, task=import_geo_file, actor=actor, label=name, key=key,
                       params={"file": files.keep(upload), "kind": kind})


def _outcome_context(record: BackgroundTask, user) -> dict:
    return {"summary": record.result or {}}


kinds.register(kinds.Kind(code=IMPORT, label=_("Import of the gazetteer"), stages=STAGES,
                          outcome_template="geo/_task_outcome.html",
                          outcome_context=_outcome_context))
