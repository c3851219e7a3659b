from django.apps import AppConfig


class FlowsConfig(AppConfig):
    name = "corridor.flows"
    label = "flows"
    verbose_name = "Migratory flows and displacement"
