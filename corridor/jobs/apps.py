from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "corridor.jobs"
    label = "jobs"
    verbose_name = "Job referral"
