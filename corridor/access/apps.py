from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "corridor.access"
    label = "access"
    verbose_name = "Offices, staff and access"
