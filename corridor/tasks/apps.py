from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TasksConfig(AppConfig):
    """Background tasks: long work (imports, deduplication) run by `manage.py corridor_worker`
    on Django's task interface (django-tasks, database backend django-tasks-db), with the
    progress, outcome and report a user follows on the task's page (ADR 0044)."""

    name = "corridor.tasks"
    label = "tasks"
    verbose_name = _("Background tasks")

    def ready(self) -> None:
        from corridor.tasks import workqueue

        workqueue.register()
