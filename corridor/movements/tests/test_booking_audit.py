"""A refused booking's problems name the people refused: the page is an audited view of them."""

from corridor.core.models import AuditEvent
from corridor.registry.tests.factories import PersonFactory


def test_a_refused_booking_is_a_view_of_the_people_it_names(org, officer, leg, client_for):
    unready = PersonFactory(office=org.country_a, given_name="Amina", family_name="Diallo")
    response = client_for(officer).post(f"/movements/legs/{leg.pk}/book/",
                                        {"person_ids": str(unready.pk)})
    assert response.status_code == 200 and "DIALLO" in response.content.decode()
    event = AuditEvent.objects.get(actor=officer, action="view", object_type="registry.person")
    assert event.changes["people"] == [unready.pk]
    assert set(event.office_links.values_list("office_id", flat=True)) == {org.country_a.pk}
