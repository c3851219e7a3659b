"""A person's travel readiness from the pages (issue 18 item 7): the panel on the person's page
lists clearances and permissions and links the pages that record them."""

from __future__ import annotations

import datetime as dt

from corridor.core.models import AuditEvent
from corridor.movements.models import MedicalClearance, TravelPermission
from corridor.registry.tests.factories import PersonFactory


def test_the_persons_page_links_the_clearance_and_permission_pages(org, officer, client_for):
    person = PersonFactory(office=org.country_a)
    client = client_for(officer)
    page = client.get(f"/people/{person.pk}/").content.decode()
    assert 'id="travel-readiness"' in page
    assert f"/movements/people/{person.pk}/clearance/" in page
    assert f"/movements/people/{person.pk}/permission/" in page

    response = client.post(f"/movements/people/{person.pk}/permission/", {
        "kind": "exit", "country": "jor", "reference": "EX-2031-77",
        "valid_until": "2031-08-31"})
    assert response.status_code == 302
    permission = TravelPermission.objects.get(person=person)
    assert (permission.kind, permission.country, permission.valid_until) == (
        "exit", "JOR", dt.date(2031, 8, 31))
    assert AuditEvent.objects.filter(object_type="movements.travelpermission",
                                     object_id=str(permission.pk)).exists()
    response = client.post(f"/movements/people/{person.pk}/clearance/", {
        "examined_on": "2031-06-01", "valid_until": "2031-09-01", "fit": "on",
        "wheelchair": "on"})
    assert response.status_code == 302
    page = client.get(f"/people/{person.pk}/").content.decode()
    assert "EX-2031-77" in page and "Needs a wheelchair" in page


def test_a_bad_permission_is_refused_naming_the_field(org, officer, client_for):
    person = PersonFactory(office=org.country_a)
    response = client_for(officer).post(f"/movements/people/{person.pk}/permission/", {
        "kind": "exit", "country": "XXX"})
    assert response.status_code == 200
    assert "country" in response.context["form"].errors
    assert not TravelPermission.objects.exists()


def test_who_may_not_record_sees_no_links_and_gets_404(org, cast, client_for):
    person = PersonFactory(office=org.country_b)
    mine = PersonFactory(office=org.country_a)
    outsider = client_for(cast["movement_officer"])
    for path in (f"/movements/people/{person.pk}/permission/",
                 f"/movements/people/{person.pk}/clearance/"):
        assert outsider.get(path).status_code == 404
        assert outsider.post(path, {"kind": "exit", "country": "JOR", "examined_on": "2031-06-01",
                                    "valid_until": "2031-09-01", "fit": "on"}).status_code == 404
    assert not TravelPermission.objects.exists() and not MedicalClearance.objects.exists()
    # A case worker (no movements permission) sees neither the panel nor its links.
    page = client_for(cast["case_worker"]).get(f"/people/{mine.pk}/")
    assert page.status_code == 200 and 'id="travel-readiness"' not in page.content.decode()
