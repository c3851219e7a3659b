from django.apps import AppConfig


class FinanceConfig(AppConfig):
    name = "corridor.finance"
    label = "finance"
    verbose_name = "Finance"
