from django.apps import AppConfig


class MovementsConfig(AppConfig):
    name = "corridor.movements"
    label = "movements"
    verbose_name = "Movements"

    def ready(self) -> None:
        from corridor.movements import panels, tasks  # noqa: F401 - tasks registers its task kind

        panels.register()
