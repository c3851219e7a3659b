from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CooperationConfig(AppConfig):
    """Technical cooperation with governments (requests, assessments, expert missions, trainings
    and their certificates) and the return of qualified nationals (ADR 0092)."""

    name = "corridor.cooperation"
    label = "cooperation"
    verbose_name = _("Technical cooperation")

    def ready(self) -> None:
        from corridor.cooperation import workqueue

        workqueue.register()
