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
    header = data.decode("utf-8-sig").splitlines()[0]
    assert "Nom de famille" in header and "Family name" not in header


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
                                        {"people": [person.pk], "q": person.given_name})
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
                           {"people": [traveller.pk], "q": traveller.given_name})
    assert response.status_code == 302
    assert leg.bookings.get().state == "booked"


def _form_data(response) -> dict:
    """What the page's form would send back unchanged (its initial values)."""
    form = response.context["form"]
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if value is None:
            continue
        data[name] = value if isinstance(value, (list, bool)) else (
            field.widget.format_value(value) or "")
    return data


def test_operation_edit_page_saves_is_audited_and_detects_a_concurrent_edit(
        client_for, officer, operation):
    client = client_for(officer)
    url = reverse("movements:operation_edit", args=[operation.pk])
    page = client.get(url)
    assert page.status_code == 200
    stale = _form_data(page)
    response = client.post(url, {**stale, "title": "Return to Herat", "kind": "transfer",
                                 "status": "under_way"})
    assert response.status_code == 302
    operation.refresh_from_db()
    assert (operation.title, operation.kind, operation.status) == (
        "Return to Herat", "transfer", "under_way")
    event = AuditEvent.objects.filter(action=AuditAction.UPDATE, object_type="movements.operation",
                                      object_id=str(operation.pk)).get()
    assert event.changes["title"] == ["Return to Kabul", "Return to Herat"]
    # A second officer who loaded the page before that save is told, and nothing is overwritten.
    response = client.post(url, {**stale, "title": "Return to Mazar"})
    assert response.status_code == 409
    assert "Someone else changed this" in response.content.decode()
    operation.refresh_from_db()
    assert operation.title == "Return to Herat"


def test_operation_with_travellers_cannot_be_cancelled_and_closed_one_takes_no_bookings(
        client_for, officer, operation, leg, traveller, org):
    services.booking_create(actor=officer, legs=[leg], people=[traveller])
    client = client_for(officer)
    url = reverse("movements:operation_edit", args=[operation.pk])
    response = client.post(url, {**_form_data(client.get(url)), "status": "cancelled"})
    assert response.status_code == 200
    assert "1 bookings are still waiting or travelling" in response.content.decode()
    operation.refresh_from_db()
    assert operation.status == "planning"
    booking = leg.bookings.get()
    services.booking_transition(actor=officer, booking=booking, to="cancelled",
                                expected_version=booking.version, reason="Changed her mind")
    response = client.post(url, {**_form_data(client.get(url)), "status": "cancelled"})
    assert response.status_code == 302
    other = make_ready(PersonFactory(office=org.country_a))
    response = client.post(reverse("movements:booking_add", args=[leg.pk]),
                           {"people": [other.pk], "q": other.given_name})
    assert "takes no new bookings" in response.content.decode()
    assert not leg.bookings.filter(person=other).exists()


def test_leg_edit_page_keeps_local_times_in_their_zones_and_refuses_fewer_seats_than_booked(
        client_for, officer, leg, org):
    people = [make_ready(PersonFactory(office=org.country_a)) for _ in range(3)]
    services.booking_create(actor=officer, legs=[leg], people=people)
    client = client_for(officer)
    url = reverse("movements:leg_edit", args=[leg.pk])
    page = client.get(url)
    assert page.status_code == 200
    data = _form_data(page)
    assert data["departure"] == leg.departure_local.strftime("%Y-%m-%dT%H:%M")
    day = leg.departure_local.date().isoformat()
    response = client.post(url, {**data, "arrival": f"{day}T13:45",
                                 "arrival_zone": "Europe/Istanbul", "carrier": "Pegasus",
                                 "seats": "2"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "3 already taken" in body and "before reducing below 3" in body
    leg.refresh_from_db()
    assert leg.seats == 10 and leg.carrier == "Royal Jordanian"
    response = client.post(url, {**data, "arrival": f"{day}T13:45",
                                 "arrival_zone": "Europe/Istanbul", "carrier": "Pegasus",
                                 "seats": "3"})
    assert response.status_code == 302, response.content.decode()[:2000]
    leg.refresh_from_db()
    assert (leg.carrier, leg.seats, leg.arrival_zone) == ("Pegasus", 3, "Europe/Istanbul")
    assert (leg.arrival_local.hour, leg.arrival_local.minute) == (13, 45)
    assert leg.departure_local.strftime("%Y-%m-%dT%H:%M") == data["departure"]  # untouched
    assert AuditEvent.objects.filter(action=AuditAction.UPDATE, object_type="movements.leg",
                                     object_id=str(leg.pk)).exists()
    # The form loaded before that save is now stale.
    response = client.post(url, {**data, "carrier": "Royal Jordanian"})
    assert response.status_code == 409
    leg.refresh_from_db()
    assert leg.carrier == "Pegasus"


def test_edit_pages_are_404_out_of_scope_or_without_the_right(client_for, cast, leg, operation):
    for user in (cast["outsider"], cast["case_worker"]):
        client = client_for(user)
        assert client.get(reverse("movements:operation_edit",
                                  args=[operation.pk])).status_code == 404
        assert client.get(reverse("movements:leg_edit", args=[leg.pk])).status_code == 404
        assert client.get(reverse("movements:leg_move",
                                  args=[leg.pk, "confirmed"])).status_code == 404


def test_whole_leg_moves_record_departure_and_arrival(client_for, officer, flown_leg, org):
    people = [make_ready(PersonFactory(office=org.country_a)) for _ in range(2)]
    services.booking_create(actor=officer, legs=[flown_leg], people=people)
    client = client_for(officer)
    page = client.get(reverse("movements:leg_detail", args=[flown_leg.pk])).content.decode()
    assert 'data-move="confirmed"' in page and 'data-move="arrived"' not in page
    response = client.post(reverse("movements:leg_move", args=[flown_leg.pk, "arrived"]), {})
    assert response.status_code == 200 and "No booking on" in response.content.decode()
    for to in ("confirmed", "checked_in", "departed", "arrived"):
        response = client.post(reverse("movements:leg_move", args=[flown_leg.pk, to]), {})
        assert response.status_code == 302, to
        assert set(flown_leg.bookings.values_list("state", flat=True)) == {to}
    assert all("No approved case" in b.handover_note for b in flown_leg.bookings.all())


def test_rescheduled_leg_warns_of_travellers_no_longer_covered(client_for, officer, leg,
                                                               traveller):
    services.booking_create(actor=officer, legs=[leg], people=[traveller])
    client = client_for(officer)
    url = reverse("movements:leg_edit", args=[leg.pk])
    data = _form_data(client.get(url))
    later = (leg.departure_local + dt.timedelta(days=120)).strftime("%Y-%m-%d")
    response = client.post(url, {**data, "departure": f"{later}T08:00",
                                 "arrival": f"{later}T12:00"}, follow=True)
    body = response.content.decode()
    assert response.status_code == 200 and "Saved." in body
    # The clearance ran for 90 days: it no longer covers the day; the passport still does.
    assert "fitness to travel" in body and traveller.given_name in body
    assert "travel document" not in body
    leg.refresh_from_db()
    assert leg.departure_local.strftime("%Y-%m-%d") == later


def test_the_rescheduling_warning_names_no_traveller_and_travels_in_no_cookie(
        client_for, officer, leg, traveller):
    services.booking_create(actor=officer, legs=[leg], people=[traveller])
    client = client_for(officer)
    url = reverse("movements:leg_edit", args=[leg.pk])
    data = _form_data(client.get(url))
    later = (leg.departure_local + dt.timedelta(days=120)).strftime("%Y-%m-%d")
    response = client.post(url, {**data, "departure": f"{later}T08:00",
                                 "arrival": f"{later}T12:00"})
    assert response.status_code == 302
    assert "messages" not in response.cookies  # waiting in the session, not in a cookie
    shown = [str(m) for m in client.get(response["Location"]).context["messages"]]
    assert any(f"#{traveller.pk}: fitness to travel" in m for m in shown), shown
    assert not any(traveller.family_name.upper() in m.upper() for m in shown)


def test_escort_page_offers_staff_of_the_office_tree_only(client_for, officer, cast, leg):
    client = client_for(officer)
    url = reverse("movements:escort_add", args=[leg.pk])
    page = client.get(url).content.decode()
    assert f'value="{officer.pk}"' in page and f'value="{cast["outsider"].pk}"' not in page
    refused = client.post(url, {"kind": "operational", "user": cast["outsider"].pk})
    assert refused.status_code == 200 and not leg.escorts.exists()
    response = client.post(url, {"kind": "operational", "user": officer.pk})
    assert response.status_code == 302
    assert leg.escorts.get().user == officer
