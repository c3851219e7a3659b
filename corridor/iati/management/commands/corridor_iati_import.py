"""Import an IATI 2.03 activity file: all or nothing; refused with every problem, line and path."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from corridor.iati.services import import_activity_file
from engines.iati import IatiError


class Command(BaseCommand):
    help = ("Import the organisation's activities from an IATI 2.03 activity file (published "
            "again at /public/iati/activities.xml). Nothing is written unless all are valid.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options) -> None:
        if not file.is_file():
            raise CommandError(f"{file}: no such file")
        try:
            result = import_activity_file(file, today=timezone.localdate())
        except IatiError as exc:
            for problem in exc.problems:
                self.stderr.write(str(problem))
            raise CommandError(f"{file}: refused, {len(exc.problems)} problem(s); "
                               "nothing imported") from None
        self.stdout.write(f"{file}: {result.created} activities imported, "
                          f"{result.replaced} replaced")
