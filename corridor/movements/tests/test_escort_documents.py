"""Escorts' document numbers are encrypted at rest as travellers' are, existing ones included."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from corridor.movements import manifests, services
from corridor.registry import documents

BEFORE = [("movements", "0003_booking_assistance_item")]
AFTER = [("movements", "0004_escort_document_number_encrypted")]


def test_an_escorts_document_number_is_stored_encrypted_and_shown_decrypted(officer, leg):
    escort = services.escort_assign(actor=officer, leg=leg, kind="medical", name="Dr Salma Odeh",
                                    document_number="E-4401234")
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM movements_escort WHERE id = %s", [escort.pk])
        raw = " ".join(str(value) for value in cursor.fetchone())
    assert "4401234" not in raw
    escort.refresh_from_db()
    assert escort.document_number == "E-4401234"
    csv_text = manifests.manifest_csv(user=officer, leg=leg, language="en").decode()
    assert "E-4401234" in csv_text


@pytest.mark.django_db(transaction=True)
def test_the_migration_encrypts_the_numbers_already_stored():
    # Rows are written with the models as they were, and without services: nothing lands in
    # the append-only audit trail, whose trigger would refuse the flush that ends this test.
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    office = old.get_model("access", "Office").objects.create(
        code="HQ", name="HQ", kind="hq", country="CHE", path="1/")
    project = old.get_model("partners", "Project").objects.create(
        code="P", title="P", office=office, category="humanitarian", currency="USD",
        budget=Decimal("1.00"), start=timezone.localdate(), end=timezone.localdate())
    operation = old.get_model("movements", "Operation").objects.create(
        reference="OP-1", office=office, project=project, kind="transfer", title="T")
    departure = timezone.now() + dt.timedelta(days=3)
    leg = old.get_model("movements", "Leg").objects.create(
        operation=operation, carrier="RJ", origin="AMM", destination="IST", departure=departure,
        departure_zone="Asia/Amman", arrival=departure + dt.timedelta(hours=4),
        arrival_zone="Asia/Amman", seats=2, escort_seats=2, fare=Decimal("1.00"))
    Escort = old.get_model("movements", "Escort")
    plain = Escort.objects.create(leg=leg, kind="medical", name="Dr A", document_number="E-99")
    empty = Escort.objects.create(leg=leg, kind="medical", name="Dr B", document_number="")

    MigrationExecutor(connection).migrate(AFTER)
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, document_number_encrypted FROM movements_escort ORDER BY id")
        stored = dict(cursor.fetchall())
    assert stored[empty.pk] == ""
    assert "E-99" not in stored[plain.pk]
    assert documents.decrypt(stored[plain.pk]) == "E-99"
