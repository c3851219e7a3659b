from django.apps import AppConfig


class MovementsConfig(AppConfig):
    name = "corridor.movements"
    label = "movements"
    verbose_name = "Movements"
