"""Run as a program by test_idempotency: on the SQLite file DATABASE_URL names, migrate, register
a person through the API with an Idempotency-Key, replay it, and leave every write in the main
file (WAL checkpointed). Prints the new person's id."""

import os
import sys

import django


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    from conftest import make_user, verified_client
    from corridor.access import services as access_services
    from corridor.access.models import OfficeKind
    from corridor.access.roles import Role

    hq = access_services.office_create(actor=None, code="HQ", name="Office HQ",
                                       kind=OfficeKind.HEADQUARTERS, country="CHE")
    office = access_services.office_create(actor=None, code="CA", name="Office CA",
                                           kind=OfficeKind.COUNTRY, country="JOR", parent=hq)
    client = verified_client(make_user("case_worker_a", Role.CASE_WORKER, office))
    body = {"office_id": office.pk, "given_name": "Amina", "family_name": "Diallo",
            "sex": "female", "birth_date": "1990-03-04", "nationality": "MLI",
            "category": "stranded_migrant", "phones": [sys.argv[2]],
            "documents": [{"kind": "passport", "number": sys.argv[1]}]}
    answers = [client.post("/api/v1/people", body, content_type="application/json",
                           headers={"Idempotency-Key": "tablet-7-42"}) for _ in range(2)]
    assert [a.status_code for a in answers] == [201, 201], answers[0].content
    # The answers themselves do carry the number: the caller may see it, the database must not.
    assert answers[1].json()["documents"][0]["number"] == sys.argv[1]
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    print(answers[0].json()["id"])


if __name__ == "__main__":
    main()
