"""Background tasks' part of the home page's work queue: the user's tasks that failed, and
those that finished, in the last RECENT days."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from corridor.access.workqueue import counted, register_source
from corridor.tasks.models import BackgroundTask, TaskStatus

RECENT = datetime.timedelta(days=7)


def _items(user):
    ended = BackgroundTask.objects.filter(requested_by_id=user.pk,
                                          finished_at__gte=timezone.now() - RECENT)
    failed = ended.filter(status=TaskStatus.FAILED)
    done = ended.filter(status=TaskStatus.SUCCEEDED)
    url = reverse("tasks:list")
    return [
        counted("tasks.failed", _("Background tasks failed"), failed, "finished_at", url,
                alert=True),
        counted("tasks.finished", _("Background tasks finished"), done, "finished_at", url),
    ]


def register() -> None:
    register_source("tasks", _items)
