"""The background worker: takes queued jobs from the database and runs them one at a time.

The jobs: registry deduplication runs (deduplication.DedupRun: the run's row is the job, its
status and progress what the page polls, ADR 0041) and the duplicate checks of new registrations
(deduplication.RegistrationCheck rows not yet checked). Run it beside the web server:

    manage.py corridor_worker            # loop, polling every 2 s
    manage.py corridor_worker --once     # run what is queued now, then stop (cron, tests)
"""

from __future__ import annotations

import signal
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from corridor.deduplication import checks
from corridor.deduplication import services as dedup


class Command(BaseCommand):
    help = "Run queued background jobs (deduplication runs, duplicate checks of new registrations)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--once", action="store_true",
                            help="run every job queued now, then exit")
        parser.add_argument("--poll", type=float, default=2.0,
                            help="seconds between looks at the queue when it is empty")

    def handle(self, *args, once: bool = False, poll: float = 2.0, **options) -> None:
        stopping = {"now": False}

        def stop(*_args) -> None:  # finish the job in hand, then leave
            stopping["now"] = True

        if not once:
            signal.signal(signal.SIGTERM, stop)
            signal.signal(signal.SIGINT, stop)
        for run_id in dedup.recover_interrupted():
            self.stdout.write(f"dedup run {run_id}: failed (its worker had stopped)")
        done = 0
        while not stopping["now"]:
            if not once:
                # A long-lived loop drops connections the database closed or that grew old;
                # `--once` keeps the caller's (a test's transaction, a cron's single pass).
                close_old_connections()
            run = dedup.run_next()
            if run is not None:
                done += 1
                self.stdout.write(f"dedup run {run.pk}: {run.status} ({run.records_count} "
                                  f"records, {run.clusters_count} clusters)")
                continue
            checked = checks.run_pending()
            if checked:
                done += checked
                self.stdout.write(f"{checked} registration check(s) run")
                continue
            if once:
                break
            time.sleep(poll)
        self.stdout.write(f"{done} job(s) run")
