"""`manage.py corridor_purge_pending_imports` deletes the uploaded files of imports left
unconfirmed for IMPORT_PENDING_HOURS (they hold personal data in plain text): run it from cron,
for instance hourly. New uploads purge them too, but only when someone uploads."""

from django.core.management.base import BaseCommand

from corridor.tasks import files as pending


class Command(BaseCommand):
    help = "Delete import previews' files left unconfirmed past IMPORT_PENDING_HOURS."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--all", action="store_true",
                            help="delete every pending file, however recent")

    def handle(self, *args, **options) -> None:
        removed = pending.purge(max_age=0 if options["all"] else None)
        self.stdout.write(f"{removed} pending import files deleted")
