"""How a background task's function runs: `@task()` over `@tracked`.

    @task()
    @tracked
    def people_import(record: BackgroundTask, progress: Progress) -> Outcome: ...

`tracked` turns the function into one of the task id (the only argument stored in the queue: an id
says nothing of a person), claims the task's row, gives the function the row and a Progress, and
records the outcome. A refusal (TaskRefused: the file has problems) is an outcome, not a crash. Any
other exception fails the task with its class named; it is raised again as TaskFailed without its
message or cause, because the queue keeps the traceback in plain text and a message can carry a
value from the file (a name, a number)."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_noop

from corridor.tasks import progress as progress_module
from corridor.tasks import services
from corridor.tasks.models import BackgroundTask, TaskStatus

log = logging.getLogger(__name__)

UNEXPECTED = gettext_noop("It stopped on an unexpected error; nothing of it was written. "
                          "The administrators can find it in the server's log.")


@dataclass
class Outcome:
    result: dict = field(default_factory=dict)  # counts and ids: nothing personal
    sealed_report: str = ""  # the full report, encrypted by the kind's owner


class TaskRefused(Exception):
    """The work is refused as a whole (nothing written); `error` is a message id, translated when
    shown."""

    def __init__(self, error: str, outcome: Outcome | None = None) -> None:
        super().__init__(error)
        self.error = error
        self.outcome = outcome or Outcome()


class TaskFailed(Exception):
    """What the queue is told when a task's function raised something unexpected."""


def tracked(func: Callable[[BackgroundTask, progress_module.Progress], Outcome | None]):
    @functools.wraps(func)
    def run(task_id: str) -> None:
        record = services.claim(task_id)
        if record is None:  # finished already, or failed by a worker's recovery
            return
        try:
            # In the language of the person who started it: the problems it reports are read
            # by them.
            with translation.override(record.params.get("language") or settings.LANGUAGE_CODE):
                outcome = func(record, progress_module.Progress(record)) or Outcome()
        except TaskRefused as refused:
            services.finish(record, TaskStatus.FAILED, error=refused.error,
                            outcome=refused.outcome)
            return
        except BaseException as exc:
            # The class only: the message may quote the data.
            log.error("background task %s (%s) failed: %s", record.pk, record.kind,
                      type(exc).__qualname__)
            services.finish(record, TaskStatus.FAILED, error=UNEXPECTED, outcome=Outcome())
            raise TaskFailed(f"task {record.pk} ({record.kind}) failed: "
                             f"{type(exc).__qualname__}") from None
        services.finish(record, TaskStatus.SUCCEEDED, outcome=outcome)

    return run
