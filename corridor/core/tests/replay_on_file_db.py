"""Run as a program by test_idempotency, on the SQLite file DATABASE_URL names:

1. migrate, step core back before migration 0003 and store answers the old way (one holding the
   document number and phone given as arguments), then migrate forward again;
2. register a person with that number and phone through the API with an Idempotency-Key, and
   replay it;
3. checkpoint the WAL, so that every write is in the main file.

Prints, as JSON, the idempotency records left after the migration and the new person's id."""

import json
import os
import sys
from datetime import timedelta

import django

BEFORE = [("core", "0002_audit_append_only")]
AFTER = [("core", "0003_idempotency_keeps_record_ids_not_bodies")]


def main(document: str, phone: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor
    from django.utils import timezone

    from conftest import make_user, verified_client
    from corridor.access import services as access_services
    from corridor.access.models import OfficeKind
    from corridor.access.roles import Role
    from corridor.core.models import IdempotencyRecord

    call_command("migrate", verbosity=0)
    hq = access_services.office_create(actor=None, code="HQ", name="Office HQ",
                                       kind=OfficeKind.HEADQUARTERS, country="CHE")
    office = access_services.office_create(actor=None, code="CA", name="Office CA",
                                           kind=OfficeKind.COUNTRY, country="JOR", parent=hq)
    user = make_user("case_worker_a", Role.CASE_WORKER, office)

    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps.get_model("core", "IdempotencyRecord")
    answer = {"id": 41, "phones": [phone], "documents": [{"kind": "passport", "number": document}]}
    for key, endpoint, status, body in [
            ("a", "registry.person", 201, answer),
            ("b", "movements.bookings.7", 201, [{"id": 3, "person_id": 5}]),
            ("c", "registry.import", 200, {"batch_id": None, "preview": [{"given_name": "A"}]}),
            ("d", "cases.case", 201, {"id": 9})]:
        old.objects.create(user_id=user.pk, key=key, endpoint=endpoint, status_code=status,
                           body=body)
    old.objects.filter(key="d").update(created_at=timezone.now() - timedelta(hours=25))
    MigrationExecutor(connection).migrate(AFTER)
    migrated = list(IdempotencyRecord.objects.order_by("key").values_list(
        "key", "object_type", "object_id", "status_code"))
    IdempotencyRecord.objects.all().delete()

    client = verified_client(user)
    body = {"office_id": office.pk, "given_name": "Amina", "family_name": "Diallo",
            "sex": "female", "birth_date": "1990-03-04", "nationality": "MLI",
            "category": "stranded_migrant", "phones": [phone],
            "documents": [{"kind": "passport", "number": document}]}
    answers = [client.post("/api/v1/people", body, content_type="application/json",
                           headers={"Idempotency-Key": "tablet-7-42"}) for _ in range(2)]
    assert [a.status_code for a in answers] == [201, 201], answers[0].content
    # The answers do carry the number: the caller may see it, the database files must not.
    assert answers[1].json()["documents"][0]["number"] == document
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    print(json.dumps({"migrated": migrated, "person_id": answers[0].json()["id"]}))


if __name__ == "__main__":
    main(*sys.argv[1:3])
