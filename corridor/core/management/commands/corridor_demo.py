"""`manage.py corridor_demo`: load the demo organisation and data (again: adds only what is missing)."""

from django.conf import settings
from django.core.management.base import BaseCommand

from corridor.access.demo import DEMO_PASSWORD, demo_organisation_load
from corridor.registry.demo import demo_people_load


class Command(BaseCommand):
    help = "Load the synthetic demo organisation; running it again reuses what exists."

    def handle(self, *args, **options) -> None:
        logins = demo_organisation_load()
        people = demo_people_load()
        self.stdout.write(f"Demo data ready ({people} people added this time).")
        self.stdout.write("")
        self.stdout.write(f"Sign in at http://127.0.0.1:8000/accounts/login/ with password "
                          f"{DEMO_PASSWORD} as:")
        width = max(len(u) for u, _r, _o in logins)
        for username, role, office in logins:
            self.stdout.write(f"  {username.ljust(width)}  {role} — {office}")
        if not settings.TWO_FACTOR_REQUIRED:
            self.stdout.write("")
            self.stdout.write("Two-factor authentication is off for this demo "
                              "(TWO_FACTOR_REQUIRED=false); it is on by default.")
