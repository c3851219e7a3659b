from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from corridor.core.models import AuditAction, AuditEvent
from corridor.movements import manifests, services
from corridor.movements.models import Leg
from corridor.movements.tests.conftest import add_leg, make_ready
from corridor.registry.tests.factories import PersonFactory


@pytest.fixture
def booked_leg(officer, leg, traveller, org):
    traveller.family_name = "=HYPERLINK(\"x\")"
    traveller.save()
    services.booking_create(actor=officer, legs=[leg], people=[traveller])
    services.escort_assign(actor=officer, leg=leg, kind="medical", name="Dr Salma Odeh",
                           document_number="E123")
    return leg


def test_manifest_csv_carries_only_carrier_fields_and_is_formula_safe(client_for, officer,
                                                                      booked_leg, traveller):
    response = client_for(officer).get(reverse("movements:manifest_csv", args=[booked_leg.pk]))
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["No.", "Family name", "Given name", "Sex", "Date of birth", "Nationality",
                       "Document", "Document number", "Document expires", "Special needs"]
    assert rows[1][1].startswith("'=")  # neutralised
    assert rows[1][7] == f"P{traveller.pk:07d}"  # the decrypted passport number
    assert rows[2][1] == "Dr Salma Odeh" and rows[2][6] == "Medical escort"
    body = response.content.decode("utf-8-sig")
    assert "refugee" not in body.lower() and "Refugee" not in body  # no category, no case data
    event = AuditEvent.objects.get(action=AuditAction.EXPORT, object_id=str(booked_leg.pk))
    assert event.actor == officer and "CSV" in event.summary


def test_manifest_csv_in_the_officers_language(officer, booked_leg):
    data = manifests.manifest_csv(user=officer, leg=booked_leg, language="fr")
    assert data.startswith("\ufeff".encode())  # labels are gettext'd: French once translated


def test_manifest_pdf_is_a_pdf_and_audited(client_for, officer, booked_leg, traveller):
    response = client_for(officer).get(reverse("movements:manifest_pdf", args=[booked_leg.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    html = manifests.manifest_html(leg=booked_leg, language="en")
    assert f"P{traveller.pk:07d}" in html and "Dr Salma Odeh" in html
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, object_id=str(booked_leg.pk),
                                     summary__contains="PDF").exists()


def test_other_office_leg_and_manifest_are_404(client_for, cast, booked_leg):
    from conftest import make_user
    from corridor.access.roles import Role

    other = make_user("movement_b", Role.MOVEMENT_OFFICER, booked_leg.operation.office.parent
                      .parent.children.exclude(pk=booked_leg.operation.office.parent.pk).first()
                      or booked_leg.operation.office)
    client = client_for(other)
    for name in ("leg_detail", "manifest_csv", "manifest_pdf", "booking_add"):
        assert client.get(reverse(f"movements:{name}", args=[booked_leg.pk])).status_code == 404
    assert client.get(reverse("movements:operation_detail",
                              args=[booked_leg.operation_id])).status_code == 404
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT, actor=other).exists()


def test_role_without_movements_view_gets_404(client_for, cast, booked_leg):
    client = client_for(cast["case_worker"])
    assert client.get(reverse("movements:operation_list")).status_code == 404
    assert client.get(reverse("movements:leg_detail", args=[booked_leg.pk])).status_code == 404


def test_leg_page_shows_bookings_and_is_audited(client_for, officer, booked_leg, traveller):
    response = client_for(officer).get(reverse("movements:leg_detail", args=[booked_leg.pk]))
    assert response.status_code == 200
    assert traveller.given_name in response.content.decode()
    assert AuditEvent.objects.filter(action=AuditAction.VIEW, object_type="movements.leg",
                                     object_id=str(booked_leg.pk)).exists()


def test_operation_list_constant_queries(client_for, officer, org, project):
    client = client_for(officer)
    url = reverse("movements:operation_list")
    client.get(url)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    services.operation_create(actor=officer, office=org.country_a, project=project,
                              kind="transfer", title="one")
    few = count()
    for i in range(5):
        operation = services.operation_create(actor=officer, office=org.country_a,
                                              project=project, kind="transfer", title=f"op {i}")
        add_leg(operation, officer)
    assert count() == few


def test_leg_page_constant_queries(client_for, officer, leg, org):
    client = client_for(officer)
    url = reverse("movements:leg_detail", args=[leg.pk])
    services.booking_create(actor=officer, legs=[leg],
                            people=[make_ready(PersonFactory(office=org.country_a))])
    client.get(url)
    with CaptureQueriesContext(connection) as first:
        client.get(url)
    services.booking_create(actor=officer, legs=[leg], people=[
        make_ready(PersonFactory(office=org.country_a)) for _ in range(4)])
    with CaptureQueriesContext(connection) as second:
        client.get(url)
    assert len(second) == len(first)


def test_booking_page_refusal_names_the_check(client_for, officer, leg, org):
    person = PersonFactory(office=org.country_a)  # no passport, clearance or consent
    response = client_for(officer).post(reverse("movements:booking_add", args=[leg.pk]),
                                        {"person_ids": str(person.pk)})
    assert response.status_code == 200
    text = response.content.decode()
    for check in ("travel document", "fitness to travel", "consent"):
        assert check in text
    assert not leg.bookings.exists()


def test_pages_create_operation_leg_and_book(client_for, officer, org, project, traveller):
    client = client_for(officer)
    response = client.post(reverse("movements:operation_create"), {
        "office": org.country_a.pk, "project": project.pk, "kind": "voluntary_return",
        "title": "Amman to Erbil"})
    assert response.status_code == 302
    operation_id = int(response["Location"].rstrip("/").split("/")[-1])
    day = (timezone.localdate() + dt.timedelta(days=20)).isoformat()
    response = client.post(reverse("movements:leg_add", args=[operation_id]), {
        "mode": "air", "carrier": "Royal Jordanian", "number": "RJ812", "origin": "amm",
        "destination": "EBL", "departure": f"{day}T09:00", "departure_zone": "Asia/Amman",
        "arrival": f"{day}T11:00", "arrival_zone": "Asia/Baghdad", "seats": "5",
        "wheelchair_places": "0", "stretcher_places": "0", "escort_seats": "1", "fare": "210.00"})
    assert response.status_code == 302
    leg = Leg.objects.get(operation_id=operation_id)
    assert leg.origin == "AMM" and leg.departure_local.hour == 9
    assert leg.arrival_local.hour == 11 and leg.arrival_zone == "Asia/Baghdad"
    response = client.post(reverse("movements:booking_add", args=[leg.pk]),
                           {"person_ids": str(traveller.pk)})
    assert response.status_code == 302
    assert leg.bookings.get().state == "booked"
