"""What a user follows of a background task: who started it, its stage and counts, its outcome.

django-tasks-db keeps the queue (`django_tasks_db.DBTaskResult`: what to run, claimed by which
worker); this row keeps what a person reads. The two are written in the same transaction when a
task starts. Nothing personal is stored here in plain text: `result` holds counts and ids (and,
for a kind whose files hold no person, such as flow counts, its problems); a report that can name
a person (problems quoting values, preview rows) is sealed by the app that owns the kind."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class TaskStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Finished")
    FAILED = "failed", _("Failed")


ACTIVE = (TaskStatus.QUEUED, TaskStatus.RUNNING)


class BackgroundTask(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=40)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     null=True, related_name="+")
    office = models.ForeignKey("access.Office", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="+")
    # What the task works on, for its page: a file name, "deduplication of 3 offices".
    label = models.CharField(_("label"), max_length=255, blank=True)
    # Same work asked twice (same kind, office, file and options) runs once: the second start
    # is given the first task while it is queued, running or succeeded.
    key = models.CharField(max_length=64, blank=True)
    params = models.JSONField(default=dict)  # ids, names of files kept for it: nothing personal
    status = models.CharField(_("status"), max_length=10, choices=TaskStatus.choices,
                              default=TaskStatus.QUEUED)
    stage = models.CharField(_("stage"), max_length=20, blank=True)
    rows_total = models.PositiveIntegerField(null=True, blank=True)
    rows_checked = models.PositiveIntegerField(default=0)
    rows_written = models.PositiveIntegerField(default=0)
    result = models.JSONField(null=True, blank=True)  # counts and ids: nothing personal
    sealed_report = models.TextField(blank=True)  # encrypted by the kind's owner (Fernet)
    error = models.TextField(_("error"), blank=True)
    queued_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    worker = models.CharField(max_length=120, blank=True)  # host:pid of the worker running it
    queue_result_id = models.CharField(max_length=64, blank=True)  # django-tasks result id

    class Meta:
        ordering = ["-queued_at"]
        indexes = [models.Index(fields=["requested_by", "-queued_at"]),
                   models.Index(fields=["status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "key"], name="tasks_one_live_task_per_key",
                condition=~Q(key="") & Q(status__in=["queued", "running", "succeeded"])),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.pk}"

    @property
    def finished(self) -> bool:
        return self.status in (TaskStatus.SUCCEEDED, TaskStatus.FAILED)
