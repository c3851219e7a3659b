"""`manage.py corridor_demo`: load the demo organisation and data (again: adds only what is missing)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from corridor.access.demo import DEMO_PASSWORD, demo_organisation_load
from corridor.cases.demo import demo_cases_load
from corridor.cooperation.demo import demo_cooperation_load
from corridor.finance.demo import demo_finance_load, demo_voluntary_load
from corridor.flows.demo import demo_flows_load
from corridor.governance.demo import demo_governance_load
from corridor.iati.demo import demo_iati_load
from corridor.jobs.demo import demo_jobs_load
from corridor.movements.demo import demo_movements_load
from corridor.partners.demo import demo_partners_load
from corridor.portal.demo import demo_portal_load
from corridor.registry.demo import demo_people_load
from corridor.tracing.demo import demo_tracing_load

# Each loader adds its part only where nothing exists yet; later ones build on earlier ones.
LOADERS = [
    ("people", demo_people_load),
    ("cases", demo_cases_load),
    ("partners sharing with consent", demo_partners_load),
    ("jobs", demo_jobs_load),
    ("tracing requests", demo_tracing_load),
    ("movements", demo_movements_load),
    ("flows", demo_flows_load),
    ("finance member States", demo_finance_load),
    ("iati past programmes (imported)", demo_iati_load),
    ("finance voluntary contributions", demo_voluntary_load),
    ("governance sessions", demo_governance_load),
    ("cooperation requests", demo_cooperation_load),
    ("portal items (demo data)", demo_portal_load),
]


def _login_url(address: str) -> str:
    """The sign-in page at runserver's address: a bare port is on 127.0.0.1, as runserver takes it;
    0.0.0.0 (every interface) is reached at 127.0.0.1 from this machine."""
    host, _, port = address.rpartition(":")
    if not host and not port.isdigit():
        host, port = port, "8000"
    host = host or "127.0.0.1"
    if host in ("0.0.0.0", "0", "[::]"):  # noqa: S104 - a name for every interface, not a bind
        host = "127.0.0.1"
    return f"http://{host}:{port}/accounts/login/"


class Command(BaseCommand):
    help = "Load the synthetic demo organisation; running it again reuses what exists."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--only", default="", help="comma-separated parts to load, e.g. "
                            "'people,cases' (the organisation is always loaded)")
        # `make demo` passes the address it serves (DEMO_ADDRESS), so the sign-in line is right.
        parser.add_argument("--address", default="127.0.0.1:8000",
                            help="host:port the demo is served at (runserver's address)")

    def handle(self, *args, only: str, address: str, **options) -> None:
        if not settings.DEBUG:
            # Synthetic people and accounts with a published password have no place in a
            # production database.
            raise CommandError("corridor_demo loads synthetic people and demo accounts with a "
                               "published password: it runs only with DEBUG on (make demo), "
                               "never against a production database")
        wanted = {part.strip() for part in only.split(",") if part.strip()}
        logins = demo_organisation_load()
        added = [f"{loader()} {name}" for name, loader in LOADERS
                 if not wanted or name.split()[0] in wanted]
        self.stdout.write(f"Demo data ready (added this time: {', '.join(added)}).")
        self.stdout.write("")
        self.stdout.write(f"Sign in at {_login_url(address)} with password "
                          f"{DEMO_PASSWORD} as:")
        width = max(len(u) for u, _r, _o in logins)
        for username, role, office in logins:
            self.stdout.write(f"  {username.ljust(width)}  {role} — {office}")
        if not settings.TWO_FACTOR_REQUIRED:
            self.stdout.write("")
            self.stdout.write("Two-factor authentication is off for this demo "
                              "(TWO_FACTOR_REQUIRED=false); it is on by default.")
