"""corridor_tracing_index [--socket PATH]: hold the tracing index for this host's web processes
(corridor/tracing/index_server.py). Run one per host beside gunicorn, with the web processes'
TRACING_INDEX_SOCKET set to the same path."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from corridor.tracing import index_server


class Command(BaseCommand):
    help = "Serve the tracing search index to this host's web processes over a Unix socket."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--socket", default="", help="default: TRACING_INDEX_SOCKET")

    def handle(self, *args, **options) -> None:
        address = options["socket"] or settings.TRACING_INDEX_SOCKET
        if not address:
            raise CommandError("no socket: give --socket or set TRACING_INDEX_SOCKET")
        self.stdout.write(f"tracing index: serving on {address}")
        index_server.serve(address)
