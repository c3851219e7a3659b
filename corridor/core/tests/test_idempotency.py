"""Idempotent creates keep no answer: a replay reads the record again (scope, audit), must be the
same request, and records are forgotten after 24 hours."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from corridor.access.models import Membership
from corridor.core.models import AuditEvent, IdempotencyRecord
from corridor.registry.models import Person

JSON = "application/json"
DAY = timedelta(hours=24)
DOCUMENT = "P7Q4X9Z2K8"
PHONE = "+962791234567"


@pytest.fixture
def worker(cast):
    return cast["case_worker"]


def new_person(org, **extra) -> dict:
    return {"office_id": org.country_a.pk, "given_name": "Amina", "family_name": "Diallo",
            "sex": "female", "birth_date": "1990-03-04", "nationality": "MLI",
            "category": "stranded_migrant", "phones": [PHONE],
            "documents": [{"kind": "passport", "number": DOCUMENT}], **extra}


def register(client, body: dict, key: str = "tablet-7-42"):
    return client.post("/api/v1/people", body, content_type=JSON,
                       headers={"Idempotency-Key": key})


def _database_bytes(path: Path) -> bytes:
    return b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))


@pytest.fixture(scope="module")
def file_database(tmp_path_factory) -> tuple[Path, dict]:
    """A real SQLite file, migrated from the old records and written by a replayed registration
    (corridor/core/tests/replay_on_file_db.py, in its own process: the suite's own database may
    be in memory or PostgreSQL)."""
    database = tmp_path_factory.mktemp("replay") / "corridor.sqlite3"
    environment = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "DEBUG": "false",
                   "SECRET_KEY": settings.SECRET_KEY, "TWO_FACTOR_REQUIRED": "true",
                   "SECURE_SSL_REDIRECT": "false", "STATIC_MANIFEST": "false",
                   "ALLOWED_HOSTS": "testserver"}
    run = subprocess.run(
        [sys.executable, "-m", "corridor.core.tests.replay_on_file_db", DOCUMENT, PHONE],
        cwd=settings.BASE_DIR, env=environment, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    return database, json.loads(run.stdout.strip().splitlines()[-1])


def test_no_document_number_or_phone_in_the_database_files(file_database):
    """Checkpointed, the file holds the number nowhere in plain text (not from the registration,
    not from the answers the migration dropped), and the phone nowhere but in its own row."""
    database, _out = file_database
    raw = _database_bytes(database)
    assert b"Diallo" in raw  # what is stored in plain text is found: the search works
    assert DOCUMENT.encode() not in raw
    # The phone is kept as typed in its own field; once that row is gone, no copy is left.
    with sqlite3.connect(database) as db:
        db.execute("DELETE FROM registry_phone")
    with sqlite3.connect(database) as db:
        db.execute("VACUUM")
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert PHONE.encode() not in _database_bytes(database)


def test_the_migration_keeps_the_ids_and_drops_the_answers(file_database):
    _database, out = file_database
    # a: the person's id out of its answer; b: bookings are replayed from their leg; c named no
    # record (nothing was imported) and d was past its 24 hours: both deleted.
    assert out["migrated"] == [["a", "registry.person", 41, 201], ["b", "movements.leg", 7, 201]]


def test_the_record_keeps_the_id_not_the_answer(org, worker, client_for):
    first = register(client_for(worker), new_person(org))
    assert first.status_code == 201, first.content
    record = IdempotencyRecord.objects.get()
    assert (record.status_code, record.object_type, record.object_id) == (
        201, "registry.person", first.json()["id"])
    assert not hasattr(record, "body")
    assert DOCUMENT not in record.request_hash and len(record.request_hash) == 64


def test_a_replay_answers_as_the_first_time_and_is_an_audited_view(org, worker, client_for):
    client = client_for(worker)
    first = register(client, new_person(org))
    last = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first()
    again = register(client, new_person(org))
    assert again.status_code == 201 and again.json() == first.json()
    assert Person.objects.count() == 1
    views = AuditEvent.objects.filter(pk__gt=last, action="view", object_type="registry.person",
                                      object_id=str(first.json()["id"]))
    assert [e.actor for e in views] == [worker]


def test_a_replay_by_a_user_who_lost_access_is_404(org, worker, client_for):
    client = client_for(worker)
    assert register(client, new_person(org)).status_code == 201
    Membership.objects.filter(user=worker).update(office=org.country_b)
    again = register(client, new_person(org))
    assert again.status_code == 404, again.content
    assert DOCUMENT not in again.content.decode()
    assert Person.objects.count() == 1


def test_the_same_key_with_another_body_is_422_naming_the_key(org, worker, client_for):
    client = client_for(worker)
    assert register(client, new_person(org)).status_code == 201
    other = register(client, new_person(org, given_name="Fatou"))
    assert other.status_code == 422, other.content
    assert [p["field"] for p in other.json()["problems"]] == ["Idempotency-Key"]
    assert Person.objects.count() == 1


def test_the_same_body_in_another_key_order_is_the_same_request(org, worker, client_for):
    client = client_for(worker)
    body = new_person(org)
    first = register(client, body)
    again = register(client, dict(reversed(list(body.items()))))
    assert again.status_code == 201 and again.json()["id"] == first.json()["id"]


def test_a_record_past_24_hours_is_ignored_and_purged(org, worker, client_for):
    client = client_for(worker)
    first = register(client, new_person(org))
    IdempotencyRecord.objects.update(created_at=timezone.now() - DAY - timedelta(minutes=1))
    again = register(client, new_person(org))
    assert again.status_code == 201 and again.json()["id"] != first.json()["id"]
    assert list(IdempotencyRecord.objects.values_list("object_id", flat=True)) == [
        again.json()["id"]]


def test_an_expired_record_of_another_user_is_purged_by_any_keyed_create(org, cast, worker,
                                                                         client_for):
    register(client_for(cast["regional_case_worker"]), new_person(org))
    IdempotencyRecord.objects.update(created_at=timezone.now() - DAY - timedelta(seconds=1))
    register(client_for(worker), new_person(org), key="another")
    assert list(IdempotencyRecord.objects.values_list("user", flat=True)) == [worker.pk]

