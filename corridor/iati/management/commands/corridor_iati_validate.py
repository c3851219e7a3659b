"""Validate an IATI 2.03 file: schema, every codelist, the core rules; list every problem."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from engines.iati import validate


class Command(BaseCommand):
    help = ("Validate an IATI 2.03 activity or organisation file against the official schema, "
            "every codelist and the core rules; list every problem (exit status 1 if any).")

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--today", type=dt.date.fromisoformat,
                            help="the day transactions may not be after (default: today)")

    def handle(self, *args, file: Path, today=None, **options) -> None:
        if not file.is_file():
            raise CommandError(f"{file}: no such file")
        problems = validate(file, today=today or timezone.localdate())
        for problem in problems:
            self.stdout.write(str(problem))
        if problems:
            raise CommandError(f"{file}: {len(problems)} problem(s)", returncode=1)
        self.stdout.write(f"{file}: valid IATI 2.03")
