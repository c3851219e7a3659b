from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "corridor.cases"
    label = "cases"
    verbose_name = "Case management"
