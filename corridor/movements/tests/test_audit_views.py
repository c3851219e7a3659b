"""Movements pages in the audit trail: a refused booking names the people refused; an attempt
on another office's leg is a refused event naming the leg and its office."""

from corridor.core.models import AuditEvent
from corridor.registry.tests.factories import PersonFactory


def test_a_refused_booking_is_a_view_of_the_people_it_names(org, officer, leg, client_for):
    unready = PersonFactory(office=org.country_a, given_name="Amina", family_name="Diallo")
    response = client_for(officer).post(f"/movements/legs/{leg.pk}/book/",
                                        {"people": [unready.pk], "q": unready.given_name})
    assert response.status_code == 200 and "DIALLO" in response.content.decode()
    event = AuditEvent.objects.get(actor=officer, action="view", object_type="registry.person")
    assert event.changes["people"] == [unready.pk]
    assert set(event.office_links.values_list("office_id", flat=True)) == {org.country_a.pk}


def test_a_refused_attempt_on_another_office_s_leg_names_the_leg_and_its_office(
        org, officer, client_for):
    from conftest import make_user
    from corridor.access.roles import Role
    from corridor.cases.tests.conftest import make_project
    from corridor.movements import services
    from corridor.movements.tests.conftest import add_leg

    theirs = make_user("movement_b", Role.MOVEMENT_OFFICER, org.country_b)
    operation = services.operation_create(
        actor=theirs, office=org.country_b, project=make_project(org.country_b, code="PRJ-B"),
        kind="voluntary_return", title="Return to Kyiv")
    leg = add_leg(operation, theirs)
    client = client_for(officer)
    assert client.get(f"/movements/legs/{leg.pk}/").status_code == 404
    assert client.get(f"/api/v1/movements/legs/{leg.pk}/bookings").status_code == 404
    refused = AuditEvent.objects.filter(action="refused", actor=officer)
    assert sorted(refused.values_list("object_type", "object_id", "office_id", "via")) == [
        ("movements.leg", str(leg.pk), org.country_b.pk, "api"),
        ("movements.leg", str(leg.pk), org.country_b.pk, "page")]
