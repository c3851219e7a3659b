from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "corridor.partners"
    label = "partners"
    verbose_name = "Partners and projects"
