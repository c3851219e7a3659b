"""The background worker: runs the queued tasks (imports, deduplication runs, duplicate checks).

django-tasks-db's worker does the queue's work (claiming with a row lock, running, recording the
outcome); this command adds what the platform needs around it: it first marks failed the tasks a
stopped worker left running (`tasks.services.recover_interrupted`, and each app's own recovery
through `worker_starting`), and it names itself host:pid so that the next worker can tell whether
the one that claimed a task still lives. Run it beside the web server:

    manage.py corridor_worker            # loop, looking at the queue every 2 s when it is empty
    manage.py corridor_worker --once     # run what is queued now, then stop (cron, tests)
"""

from __future__ import annotations

import logging

from django.core.management.base import BaseCommand
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

from corridor.tasks import services, workers
from corridor.tasks.signals import worker_starting


class Command(BaseCommand):
    help = "Run queued background tasks (imports, deduplication runs, duplicate checks)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--once", action="store_true",
                            help="run every task queued now, then exit")
        parser.add_argument("--poll", type=float, default=2.0,
                            help="seconds between looks at the queue when it is empty")

    def handle(self, *args, once: bool = False, poll: float = 2.0, **options) -> None:
        logger = logging.getLogger("django_tasks_db")
        if not logger.handlers and options.get("verbosity", 1) > 1:
            logger.addHandler(logging.StreamHandler(self.stdout))
            logger.setLevel(logging.INFO)
        for task_id in services.recover_interrupted():
            self.stdout.write(f"task {task_id}: failed (its worker had stopped)")
        for _receiver, recovered in worker_starting.send(sender=self.__class__):
            for line in recovered or []:
                self.stdout.write(line)
        worker = Worker(queue_names=["*"], excluded_queue_names=[], interval=poll, batch=once,
                        backend_name="default", startup_delay=not once, max_tasks=None,
                        worker_id=workers.this_worker())
        if once:
            count = self._run_queued(worker)
        else:
            worker.configure_signals()  # SIGTERM: finish the task in hand, then leave
            worker.run()
            count = worker._run_tasks
        self.stdout.write(f"{count} task(s) run")

    @staticmethod
    def _run_queued(worker: Worker) -> int:
        """The library's loop without its connection recycling: `--once` keeps the caller's
        connection (a test's transaction, a cron's single pass), which recycling would close."""
        count = 0
        while True:
            with exclusive_transaction():
                queued = DBTaskResult.objects.ready().filter(backend_name="default").get_locked()
                if queued is None:
                    return count
                queued.claim(worker.worker_id)
            worker.run_task(queued)
            count += 1
