"""Run in a child process against a scratch database (see test_backup.py):
`fill` loads the demo's people, cases, bookings and flows and one uploaded file; `snapshot` prints
what the test compares before the backup and after the restore."""

from __future__ import annotations

import json
import sys

import django


def fill() -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from corridor.access.demo import demo_organisation_load
    from corridor.cases.demo import demo_cases_load
    from corridor.cases.models import Case
    from corridor.cases.services import attachment_add
    from corridor.flows.demo import demo_flows_load
    from corridor.movements.demo import demo_movements_load
    from corridor.registry.demo import demo_people_load

    demo_organisation_load()
    demo_people_load()
    demo_cases_load()
    demo_movements_load()
    demo_flows_load()
    case = Case.objects.exclude(assigned_to=None).order_by("id").first()
    attachment_add(actor=case.assigned_to, case=case,
                   uploaded=SimpleUploadedFile("letter.pdf", b"%PDF-1.4 backup test letter\n"))


def snapshot() -> dict:
    from pathlib import Path

    import duckdb
    from django.conf import settings

    from corridor.cases.models import Case, CaseAttachment
    from corridor.core.file_locks import flows_public_store_path
    from corridor.core.models import AuditEvent
    from corridor.movements.models import Booking
    from corridor.registry import documents
    from corridor.registry.models import IdentityDocument, Person

    document = IdentityDocument.objects.order_by("id").first()
    event = AuditEvent.objects.exclude(summary="").order_by("id").first()
    attachment = CaseAttachment.objects.order_by("id").first()
    flows = {}
    for store in (settings.FLOWS_STORE, flows_public_store_path()):
        with duckdb.connect(str(store), read_only=True) as con:
            flows |= {f"{Path(store).stem}.{table}":
                      con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608
                      for table in ("flow_counts", "flow_surveys", "assessments")}
    return {
        "people": Person.objects.count(), "cases": Case.objects.count(),
        "bookings": Booking.objects.count(), "audit_events": AuditEvent.objects.count(),
        "document": [document.person_id, documents.decrypt(document.number_encrypted)],
        "event": [event.pk, event.action, event.summary],
        "attachment": [attachment.file.name, attachment.file.read().decode()],
        "flows": flows,
    }


if __name__ == "__main__":
    django.setup()
    if sys.argv[1] == "fill":
        from django.conf import settings

        # The demo's many accounts need no slow password hashes here.
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
        fill()
    print(json.dumps(snapshot()))
