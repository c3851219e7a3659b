"""geo_import FILE [--sites]: import a gazetteer (CSV, Excel or HXL) or a sites file, all or nothing."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from corridor.core.errors import ValidationFailed
from corridor.geo import services


class Command(BaseCommand):
    help = "Import admin areas (levels 0-3 with P-codes) or, with --sites, displacement sites."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file")
        parser.add_argument("--sites", action="store_true", help="the file lists sites, not areas")

    def handle(self, *args, **options) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"no such file: {path}")
        try:
            if options["sites"]:
                count = services.sites_import(actor=None, data=path.read_bytes(), filename=path.name)
                self.stdout.write(f"{count} sites imported")
                return
            report = services.gazetteer_import(actor=None, data=path.read_bytes(), filename=path.name)
        except ValidationFailed as exc:
            for problem in exc.problems:
                self.stderr.write(f"{problem.get('where', '')} {problem['field']}: {problem['message']}")
            raise CommandError("nothing was imported") from None
        self.stdout.write(f"{report.created} created, {report.updated} updated, {report.unchanged} unchanged")
