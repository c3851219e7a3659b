from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "corridor.access"
    label = "access"
    verbose_name = "Offices, staff and access"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from corridor.access.middleware import mark_session_renewed

        user_logged_in.connect(mark_session_renewed, dispatch_uid="corridor.session_renewed")
