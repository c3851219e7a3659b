from django.apps import AppConfig


class TracingConfig(AppConfig):
    name = "corridor.tracing"
    label = "tracing"
    verbose_name = "Tracing and family reunification"
