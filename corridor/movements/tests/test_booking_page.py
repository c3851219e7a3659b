"""Booking from the leg's page (issue 18, item 10): people are ticked from the operation's
candidates or found by a name search, never typed as record numbers; the name searched is posted,
not put in the address, and the list shown is audited as a view of the people it names."""

from __future__ import annotations

import pytest
from django.urls import reverse

from conftest import make_user
from corridor.access.roles import Role
from corridor.cases import services as case_services
from corridor.cases.tests.conftest import move
from corridor.core.models import AuditEvent
from corridor.movements.tests.conftest import make_ready
from corridor.registry.tests.factories import PersonFactory


@pytest.fixture
def approved_case(cast, project, traveller):
    worker = cast["case_worker"]
    case = case_services.case_open(actor=worker, project=project, kind="voluntary_return",
                                   person=traveller)
    move(case, worker, "assessed")
    return move(case, make_user("case_worker_a2", Role.CASE_WORKER, case.office), "approved")


def test_the_people_of_approved_cases_are_offered_to_tick(client_for, officer, leg,
                                                          approved_case, traveller):
    url = reverse("movements:booking_add", args=[leg.pk])
    client = client_for(officer)
    page = client.get(url).content.decode()
    assert "record number" not in page.lower()
    assert f'type="checkbox" name="people" value="{traveller.pk}"' in page
    assert "DIALLO, Amina" in page
    event = AuditEvent.objects.filter(actor=officer, object_type="registry.person").latest("id")
    assert event.changes["people"] == [traveller.pk]
    assert client.post(url, {"people": [traveller.pk]}).status_code == 302
    assert leg.bookings.get().person == traveller


def test_someone_else_is_found_by_a_posted_name_and_booked(client_for, officer, leg, org):
    other = make_ready(PersonFactory(office=org.country_a, given_name="Samira",
                                     family_name="Haddad"))
    url = reverse("movements:booking_add", args=[leg.pk])
    client = client_for(officer)
    assert f'name="people" value="{other.pk}"' not in client.get(url).content.decode()
    found = client.post(url, {"q": "Samira Haddad", "find": "1"})
    assert found.status_code == 200 and "Haddad" not in found.request["QUERY_STRING"]
    assert f'name="people" value="{other.pk}"' in found.content.decode()
    assert not leg.bookings.exists()  # a search books nobody
    assert client.post(url, {"q": "Samira Haddad", "people": [other.pk]}).status_code == 302
    assert leg.bookings.get().person == other


def test_a_person_outside_the_list_cannot_be_booked_by_number(client_for, officer, leg, org):
    stranger = make_ready(PersonFactory(office=org.country_b))
    response = client_for(officer).post(reverse("movements:booking_add", args=[leg.pk]),
                                        {"people": [stranger.pk]})
    assert response.status_code == 200 and not leg.bookings.exists()
