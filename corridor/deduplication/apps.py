from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeduplicationConfig(AppConfig):
    name = "corridor.deduplication"
    label = "deduplication"
    verbose_name = _("Deduplication")

    def ready(self) -> None:
        # The registry announces new people and offers its person page to panels; it never
        # imports this app (import-linter contract): the app plugs itself in here.
        from corridor.deduplication import receivers, workqueue  # noqa: F401

        workqueue.register()
