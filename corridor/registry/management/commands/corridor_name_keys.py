"""`manage.py corridor_name_keys` recomputes the name-search keys of every person: run it after
changing the name-variant table (CORRIDOR_NAME_VARIANTS) so that search follows the new table."""

from django.core.management.base import BaseCommand
from django.db import transaction

from corridor.registry.search import rebuild_name_keys


class Command(BaseCommand):
    help = "Recompute the name-search keys of every person (in one transaction)."

    def handle(self, *args, **options) -> None:
        with transaction.atomic():
            written = rebuild_name_keys()
        self.stdout.write(f"{written} name keys written")
