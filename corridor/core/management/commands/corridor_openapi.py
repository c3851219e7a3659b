"""`manage.py corridor_openapi --write` regenerates docs/openapi.json; `--check` fails on drift."""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from config.api import api

SCHEMA_PATH = Path(settings.BASE_DIR) / "docs" / "openapi.json"


def current_schema_text() -> str:
    return json.dumps(api.get_openapi_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


class Command(BaseCommand):
    help = "Write or check the committed OpenAPI schema."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--write", action="store_true")

    def handle(self, *args, write: bool, **options) -> None:
        text = current_schema_text()
        if write:
            SCHEMA_PATH.write_text(text)
            self.stdout.write(f"Wrote {SCHEMA_PATH}")
        elif not SCHEMA_PATH.exists() or SCHEMA_PATH.read_text() != text:
            raise CommandError("docs/openapi.json differs from the API: run `make openapi`")
