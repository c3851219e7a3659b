from django.apps import AppConfig


class GeoConfig(AppConfig):
    name = "corridor.geo"
    label = "geo"
    verbose_name = "Gazetteer"

    def ready(self) -> None:
        from corridor.geo import tasks  # noqa: F401 - registers its task kind
