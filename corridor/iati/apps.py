from django.apps import AppConfig


class IatiConfig(AppConfig):
    name = "corridor.iati"
    label = "iati"
    verbose_name = "IATI publishing"

    def ready(self) -> None:
        from corridor.iati import checks  # noqa: F401 - registers the settings check
