"""The link check as a background task (django-tasks through corridor.tasks): it flags dead links
in the directory; editors see them on their list of items."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from corridor.editorial import linkcheck
from corridor.tasks import kinds
from corridor.tasks import services as tasks
from corridor.tasks.models import BackgroundTask
from corridor.tasks.runner import Outcome, tracked

LINK_CHECK = "portal_link_check"
STAGES = {"started": _("Started"), "checking": _("Checking every link"), "done": _("Done"),
          "failed": _("Stopped")}


@task()
@tracked
def check_links(record: BackgroundTask, progress) -> Outcome:
    progress.stage("checking")
    return Outcome(linkcheck.check_links(progress=progress))


def start_link_check(*, actor) -> BackgroundTask:
    """Queue a check; one per hour at most (the same hour's check is given back)."""
    key = timezone.now().strftime("links-%Y%m%d%H")
    return tasks.start(kind=LINK_CHECK, task=check_links, actor=actor, label=str(_("Link check")),
                       key=key)


def _outcome_context(record: BackgroundTask, user) -> dict:
    return {"summary": record.result or {}}


kinds.register(kinds.Kind(code=LINK_CHECK, label=_("Check of the directory's links"), stages=STAGES,
                          outcome_template="editorial/_task_outcome.html",
                          outcome_context=_outcome_context))
