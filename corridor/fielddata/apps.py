from django.apps import AppConfig


class FieldDataConfig(AppConfig):
    name = "corridor.fielddata"
    label = "fielddata"
    verbose_name = "Field data imports"
