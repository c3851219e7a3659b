from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "corridor.registry"
    label = "registry"
    verbose_name = "Registry of people assisted"
