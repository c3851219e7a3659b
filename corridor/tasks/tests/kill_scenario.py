"""The child side of the killed-worker test, run in the scratch database named by DATABASE_URL:

    python -m corridor.tasks.tests.kill_scenario start FILE.csv   # an office, a user, the task
    python -m corridor.tasks.tests.kill_scenario counts TASK_ID    # what the database holds
"""

from __future__ import annotations

import json
import sys


def start(path: str) -> str:
    from django.core.files import File

    from bench.bench_registry_import import PEOPLES
    from corridor.access import services as access_services
    from corridor.access.models import OfficeKind
    from corridor.geo.models import AdminArea
    from corridor.registry.imports import tasks

    hq = access_services.office_create(actor=None, code="KHQ", name="Headquarters",
                                       kind=OfficeKind.HEADQUARTERS, country="CHE")
    office = access_services.office_create(actor=None, code="K-JOR", name="Jordan",
                                           kind=OfficeKind.COUNTRY, country="JOR", parent=hq)
    user = access_services.user_create(actor=None, username="killed_worker_case_worker",
                                       password=None, memberships=[(office, "case_worker")])
    for nationality, pcode, *_rest in PEOPLES:
        AdminArea.objects.get_or_create(pcode=pcode, defaults={"name": pcode, "level": 1,
                                                               "country": nationality})
    with open(path, "rb") as handle:
        record = tasks.start_import(actor=user, office=office, upload=File(handle, name="big.csv"),
                                    kind="spreadsheet", every_status=False)
    return str(record.pk)


def counts(task_id: str) -> dict:
    from django_tasks_db.models import DBTaskResult

    from corridor.core.models import AuditEvent
    from corridor.fielddata.models import ImportBatch
    from corridor.registry.models import Household, Person, PersonNameKey, Phone
    from corridor.tasks.models import BackgroundTask

    record = BackgroundTask.objects.get(pk=task_id)
    return {"people": Person.objects.count(), "households": Household.objects.count(),
            "phones": Phone.objects.count(), "name_keys": PersonNameKey.objects.count(),
            "batches": ImportBatch.objects.count(),
            "household_events": AuditEvent.objects.filter(
                object_type="registry.household").count(),
            "status": record.status, "stage": record.stage, "error": record.error,
            "rows_written": record.rows_written,
            "queue_status": DBTaskResult.objects.get(pk=record.queue_result_id).status}


if __name__ == "__main__":
    import django

    django.setup()
    verb, argument = sys.argv[1], sys.argv[2]
    print(json.dumps(start(argument) if verb == "start" else counts(argument)))
