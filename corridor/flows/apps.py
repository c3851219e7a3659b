from django.apps import AppConfig


class FlowsConfig(AppConfig):
    name = "corridor.flows"
    label = "flows"
    verbose_name = "Migratory flows and displacement"

    def ready(self) -> None:
        from corridor.flows import tasks, workqueue  # noqa: F401 - registers its task kind

        workqueue.register()
