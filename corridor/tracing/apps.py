from django.apps import AppConfig


class TracingConfig(AppConfig):
    name = "corridor.tracing"
    label = "tracing"
    verbose_name = "Tracing and family reunification"

    def ready(self) -> None:
        from corridor.tracing import workqueue

        workqueue.register()
