"""Whose events an administrator sees: lists and exports of their offices' people, refused
attempts on their offices' records; and what a refused attempt leaves in the trail."""

from __future__ import annotations

import csv
import io
import re

from conftest import make_user
from corridor.access.roles import Role
from corridor.core.models import AuditEvent
from corridor.registry.tests.factories import PersonFactory


def _without_nonce(response) -> str:
    """The page without what differs at every answer (nonce, CSRF token) or is the URL asked."""
    text = re.sub(r'(nonce|value)="[A-Za-z0-9+/=_-]{20,}"', "", response.content.decode())
    return re.sub(r"/people/\d+/", "/people/ID/", text)


def _trail_ids(client) -> set[int]:
    response = client.get("/api/v1/audit-events", {"page_size": 200})
    assert response.status_code == 200
    return {item["id"] for item in response.json()["items"]}


def test_a_list_names_its_offices_and_their_administrators_see_who_listed_their_people(
        org, cast, client_for):
    ours = PersonFactory(office=org.country_a, family_name="Haddad")
    theirs = PersonFactory(office=org.country_a2, family_name="Haddad")
    regional = cast["regional_case_worker"]  # reaches country_a and country_a2
    assert client_for(regional).get("/people/", {"q": "Haddad"}).status_code == 200
    listed = AuditEvent.objects.get(actor=regional, action="view",
                                    object_type="registry.person")
    assert sorted(listed.changes["people"]) == sorted([ours.pk, theirs.pk])
    assert sorted(listed.office_links.values_list("office_id", flat=True)) == sorted(
        [org.country_a.pk, org.country_a2.pk])
    # The country administrator sees who listed their office's people; one elsewhere does not.
    assert listed.pk in _trail_ids(client_for(cast["administrator"]))
    elsewhere = make_user("admin_b", Role.ADMINISTRATOR, org.country_b)
    assert listed.pk not in _trail_ids(client_for(elsewhere))


def test_an_export_names_every_person_exported_and_their_offices(org, cast, client_for):
    people = [PersonFactory(office=org.country_a) for _ in range(3)]
    below = PersonFactory(office=org.sub_a)
    PersonFactory(office=org.country_b)  # outside the worker's scope: not exported
    worker = cast["case_worker"]
    response = client_for(worker).get("/people/import/export.csv")
    assert response.status_code == 200
    exported = {int(row["person_id"]) for row in
                csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))}
    event = AuditEvent.objects.get(actor=worker, action="export")
    assert event.changes["people"] == sorted(exported) == sorted(p.pk for p in [*people, below])
    assert event.changes["count"] == 4
    assert set(event.office_links.values_list("office_id", flat=True)) == {
        org.country_a.pk, org.sub_a.pk}
    regional_admin = make_user("admin_ra", Role.ADMINISTRATOR, org.region_a)
    assert event.pk in _trail_ids(client_for(regional_admin))
    assert event.pk not in _trail_ids(client_for(make_user("admin_b", Role.ADMINISTRATOR,
                                                           org.country_b)))


def test_a_refused_attempt_on_an_out_of_scope_record_is_audited_and_answers_as_absent(
        org, cast, client_for):
    theirs = PersonFactory(office=org.country_b)
    absent = theirs.pk + 1000
    client = client_for(cast["case_worker"])
    out_of_scope_page = client.get(f"/people/{theirs.pk}/")
    absent_page = client.get(f"/people/{absent}/")
    out_of_scope_api = client.get(f"/api/v1/people/{theirs.pk}")
    absent_api = client.get(f"/api/v1/people/{absent}")
    # The same answer either way: existence does not leak.
    assert out_of_scope_page.status_code == absent_page.status_code == 404
    assert _without_nonce(out_of_scope_page) == _without_nonce(absent_page)
    assert out_of_scope_api.status_code == absent_api.status_code == 404
    assert out_of_scope_api.json() == absent_api.json()
    refused = list(AuditEvent.objects.filter(action="refused").order_by("id"))
    assert [(e.actor, e.object_type, e.object_id, e.office_id, e.via) for e in refused] == [
        (cast["case_worker"], "registry.person", str(theirs.pk), org.country_b.pk, "page"),
        (cast["case_worker"], "registry.person", str(theirs.pk), org.country_b.pk, "api"),
    ]
    # The absent id, chosen by the caller, is written nowhere.
    assert not AuditEvent.objects.filter(object_id=str(absent)).exists()
    # Country_b's administrator sees the attempt on their office's record; ours does not.
    admin_b = make_user("admin_b", Role.ADMINISTRATOR, org.country_b)
    assert {e.pk for e in refused} <= _trail_ids(client_for(admin_b))
    assert not {e.pk for e in refused} & _trail_ids(client_for(cast["administrator"]))


def test_a_refusal_inside_a_write_is_audited_after_the_write_rolled_back(org, cast, client_for):
    theirs = PersonFactory(office=org.country_b, given_name="Olena")
    response = client_for(cast["case_worker"]).patch(
        f"/api/v1/people/{theirs.pk}", {"version": 1, "given_name": "Changed"},
        content_type="application/json")
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.given_name == "Olena"
    event = AuditEvent.objects.get(action="refused")
    assert (event.object_type, event.object_id) == ("registry.person", str(theirs.pk))


def test_reading_the_trail_is_itself_audited(org, cast, client_for):
    person = PersonFactory(office=org.country_a)
    client_for(cast["case_worker"]).get(f"/people/{person.pk}/")
    viewed = AuditEvent.objects.get(action="view")
    admin = cast["administrator"]
    assert client_for(admin).get("/audit/").status_code == 200
    read = AuditEvent.objects.get(actor=admin, action="view", object_type="core.auditevent")
    assert viewed.pk in read.changes["events"]
    assert org.country_a.pk in read.office_links.values_list("office_id", flat=True)
