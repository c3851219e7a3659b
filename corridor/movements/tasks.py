"""Evacuation lists as background tasks: the page (and the API) keep the list and answer at once;
the worker registers whoever is new, records clearances and books everyone in one transaction
(services.evacuation.evacuation_book), or refuses the whole list with its problems and writes
nothing.

A list holds personal data (names, document numbers): its problems, which quote the list's cells,
are sealed with the registry's Fernet keys on the task and shown only to who started it; the
task's plain result keeps counts."""

from __future__ import annotations

import json

from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from django_tasks import task

from corridor.core import uploads
from corridor.core.errors import NotFound, PermissionDenied, ValidationFailed
from corridor.movements.models import Leg, Operation
from corridor.movements.services import evacuation
from corridor.movements.services._common import check, refuse
from corridor.registry import documents
from corridor.tasks import files, kinds
from corridor.tasks import services as tasks
from corridor.tasks.models import BackgroundTask
from corridor.tasks.runner import Outcome, TaskRefused, tracked

EVACUATION = "movements_evacuation"
STAGES = {"started": _("Started"), "booking": _("Registering and booking the list"),
          "done": _("Done"), "failed": _("Stopped")}
REFUSED = gettext_noop("The list was refused: nobody was registered or booked. Its problems "
                       "are listed below.")
FILE_GONE = gettext_noop("The uploaded list is no longer kept: upload it again.")
NOT_ALLOWED = gettext_noop("You cannot book this operation.")
NOT_TEXT = gettext_noop("The list must be a UTF-8 CSV file.")


def _seal(problems: list[dict]) -> str:
    return documents.encrypt(json.dumps(
        [{key: str(value) for key, value in problem.items()} for problem in problems]))


def unseal(record: BackgroundTask) -> list[dict] | None:
    if not record.sealed_report:
        return None
    try:
        return json.loads(documents.decrypt(record.sealed_report))
    except Exception:  # a rotated-out key: the counts on the task still say what happened
        return None


@task()
@tracked
def book_evacuation_list(record: BackgroundTask, progress) -> Outcome:
    params = record.params
    path = files.kept(params.get("file", ""))
    try:
        if path is None:
            raise TaskRefused(FILE_GONE)
        operation = Operation.objects.filter(pk=params.get("operation")).first()
        if operation is None:
            raise TaskRefused(NOT_ALLOWED)
        legs = list(operation.legs.filter(pk__in=params.get("legs", [])).order_by("pk"))
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise TaskRefused(NOT_TEXT) from None
        progress.stage("booking")
        bookings = evacuation.evacuation_book(
            actor=record.requested_by, operation=operation, legs=legs, text=text,
            household_split_reason=params.get("household_split_reason", ""))
    except (NotFound, PermissionDenied):
        raise TaskRefused(NOT_ALLOWED) from None
    except ValidationFailed as refused:
        raise TaskRefused(REFUSED, Outcome({"problems": len(refused.problems),
                                            "operation": params.get("operation")},
                                           _seal(refused.problems))) from None
    finally:
        files.discard(params.get("file", ""))
    return Outcome({"bookings": len(bookings), "operation": operation.pk})


def start_evacuation(*, actor, operation: Operation, legs: list[Leg], upload,
                     household_split_reason: str = "", client_key: str = "") -> BackgroundTask:
    """Keep the list and queue its booking (refused at once when the actor may not book the
    operation, no leg is chosen or the file is over the upload limit). The same list on the same
    legs (and Idempotency-Key) started again while queued, running or done is the same task."""
    check(actor, operation)
    if not legs:
        refuse("legs", "Choose the legs to book the list on.")
    name = (getattr(upload, "name", "") or "list.csv").rsplit("/", 1)[-1]
    uploads.check_size(name, upload.size)
    leg_ids = sorted(leg.pk for leg in legs)
    key = files.fingerprint(upload, operation.pk, leg_ids, household_split_reason, client_key)
    if (already := tasks.existing(kind=EVACUATION, key=key)) is not None:
        return already
    return tasks.start(kind=EVACUATION, task=book_evacuation_list, actor=actor,
                       office=operation.office, label=name, key=key,
                       params={"file": files.keep(upload), "operation": operation.pk,
                               "legs": leg_ids, "household_split_reason": household_split_reason})


def _outcome_context(record: BackgroundTask, user) -> dict:
    problems = unseal(record) if record.requested_by_id == user.pk else None
    return {"summary": record.result or {}, "problems": problems}


kinds.register(kinds.Kind(code=EVACUATION, label=_("Evacuation list"), stages=STAGES,
                          outcome_template="movements/_evacuation_outcome.html",
                          outcome_context=_outcome_context))
