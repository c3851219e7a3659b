"""The scoping matrix: each role × each kind of record × own office and other office,
through the pages and through the API. Out of scope answers 404; a role without the right, 403
in the API (the same for every id, so nothing leaks) and 404 on pages."""

from __future__ import annotations

import pytest

from corridor.access.roles import Role
from corridor.core.audit import audit_record
from corridor.core.models import AuditAction
from corridor.registry.tests.factories import PersonFactory

PERSONAL_DATA_ROLES = {Role.CASE_WORKER, Role.MOVEMENT_OFFICER, Role.TRACING_OFFICER}
ALL_ROLES = list(Role)


@pytest.fixture
def records(org, cast):
    own_person = PersonFactory(office=org.country_a, given_name="Ownperson", family_name="Alpha")
    sub_person = PersonFactory(office=org.sub_a, given_name="Subperson", family_name="Beta")
    other_person = PersonFactory(office=org.country_b, given_name="Otherperson", family_name="Gamma")
    own_event = audit_record(actor=None, action=AuditAction.UPDATE, object_type="x",
                             office_id=org.country_a.pk, summary="own-office-event")
    other_event = audit_record(actor=None, action=AuditAction.UPDATE, object_type="x",
                               office_id=org.country_b.pk, summary="other-office-event")
    return {"own_person": own_person, "sub_person": sub_person, "other_person": other_person,
            "own_event": own_event, "other_event": other_event}


@pytest.mark.parametrize("role", ALL_ROLES)
def test_person_pages(role, cast, records, client_for):
    client = client_for(cast[role.value])
    own = client.get(f"/people/{records['own_person'].pk}/")
    sub = client.get(f"/people/{records['sub_person'].pk}/")
    other = client.get(f"/people/{records['other_person'].pk}/")
    listing = client.get("/people/")
    if role in PERSONAL_DATA_ROLES:
        assert (own.status_code, sub.status_code, other.status_code) == (200, 200, 404)
        assert listing.status_code == 200
        body = listing.content.decode()
        assert "Ownperson" in body and "Subperson" in body and "Otherperson" not in body
    else:
        assert (own.status_code, sub.status_code, other.status_code) == (404, 404, 404)
        assert listing.status_code == 404


@pytest.mark.parametrize("role", ALL_ROLES)
def test_person_api(role, cast, records, client_for):
    client = client_for(cast[role.value])
    own = client.get(f"/api/v1/people/{records['own_person'].pk}")
    other = client.get(f"/api/v1/people/{records['other_person'].pk}")
    listing = client.get("/api/v1/people")
    if role in PERSONAL_DATA_ROLES:
        assert (own.status_code, other.status_code) == (200, 404)
        names = {p["given_name"] for p in listing.json()["items"]}
        assert names == {"Ownperson", "Subperson"}
    else:
        assert (own.status_code, other.status_code, listing.status_code) == (403, 403, 403)
        assert "Ownperson" not in own.content.decode()


@pytest.mark.parametrize("role", ALL_ROLES)
def test_office_pages_and_api(role, org, cast, client_for):
    client = client_for(cast[role.value])
    assert client.get(f"/offices/{org.country_a.pk}/").status_code == 200
    assert client.get(f"/offices/{org.sub_a.pk}/").status_code == 200
    assert client.get(f"/offices/{org.country_b.pk}/").status_code == 404
    assert client.get(f"/offices/{org.region_a.pk}/").status_code == 404  # above us: not ours
    assert client.get(f"/api/v1/offices/{org.country_a.pk}").status_code == 200
    assert client.get(f"/api/v1/offices/{org.country_b.pk}").status_code == 404
    codes = {o["code"] for o in client.get("/api/v1/offices").json()["items"]}
    assert codes == {"CA", "SA"}


@pytest.mark.parametrize("role", ALL_ROLES)
def test_audit_trail_pages_and_api(role, cast, records, client_for):
    client = client_for(cast[role.value])
    page = client.get("/audit/")
    api = client.get("/api/v1/audit-events")
    if role == Role.ADMINISTRATOR:
        assert page.status_code == 200 and api.status_code == 200
        summaries = {e["summary"] for e in api.json()["items"]}
        assert "own-office-event" in summaries and "other-office-event" not in summaries
        assert "other-office-event" not in page.content.decode()
    else:
        assert (page.status_code, api.status_code) == (404, 403)


def test_regional_office_sees_its_countries(cast, records, client_for):
    client = client_for(cast["regional_case_worker"])
    names = {p["given_name"] for p in client.get("/api/v1/people").json()["items"]}
    assert names == {"Ownperson", "Subperson"}


def test_headquarters_sees_everything(org, cast, records, client_for):
    client = client_for(cast["hq_admin"])
    summaries = {e["summary"] for e in client.get("/api/v1/audit-events?page_size=200")
                 .json()["items"]}
    assert {"own-office-event", "other-office-event"} <= summaries
    codes = {o["code"] for o in client.get("/api/v1/offices").json()["items"]}
    assert codes == {"HQ", "RA", "CA", "CA2", "SA", "RB", "CB"}


def test_analysts_get_aggregates_without_personal_fields(org, cast, client_for):
    for _ in range(6):
        PersonFactory(office=org.country_a, given_name="Visiblename")
    PersonFactory(office=org.country_a, given_name="Rarename", category="idp")
    PersonFactory(office=org.country_b, given_name="Elsewhere")
    client = client_for(cast[Role.DATA_ANALYST.value])
    rows = client.get("/api/v1/statistics/people").json()
    assert {(r["office"], r["category"], r["count"]) for r in rows} == {
        ("Office CA", "Refugee", 6),
        ("Office CA", "Internally displaced person", None),  # 1 < 5: suppressed
    }
    page = client.get("/people/statistics/").content.decode()
    assert "Visiblename" not in page and "Rarename" not in page
    assert client.get("/api/v1/people").status_code == 403
