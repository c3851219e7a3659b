from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "corridor.registry"
    label = "registry"
    verbose_name = "Registry of people assisted"

    def ready(self) -> None:
        from corridor.registry import checks  # noqa: F401 - registers the deploy checks
        from corridor.registry.imports import tasks  # noqa: F401 - registers its task kinds
