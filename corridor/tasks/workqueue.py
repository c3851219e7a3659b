"""Background tasks' part of the home page's work queue: the user's tasks that failed, and
those that finished, in the last RECENT days."""

from __future__ import annotations

import datetime

from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from corridor.access.workqueue import QueueItem, register_source
from corridor.tasks.models import BackgroundTask, TaskStatus

RECENT = datetime.timedelta(days=7)


def _items(user):
    ended = BackgroundTask.objects.filter(requested_by_id=user.pk,
                                          finished_at__gte=timezone.now() - RECENT)
    failed = ended.filter(status=TaskStatus.FAILED)
    done = ended.filter(status=TaskStatus.SUCCEEDED)
    url = reverse("tasks:list")
    return [
        QueueItem("tasks.failed", _("Background tasks failed"), failed.count(), url,
                  failed.aggregate(newest=Max("finished_at"))["newest"], alert=True),
        QueueItem("tasks.finished", _("Background tasks finished"), done.count(), url,
                  done.aggregate(newest=Max("finished_at"))["newest"]),
    ]


def register() -> None:
    register_source("tasks", _items)
