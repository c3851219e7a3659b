from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "corridor.cases"
    label = "cases"
    verbose_name = "Case management"

    def ready(self) -> None:
        from corridor.cases import workqueue

        workqueue.register()
