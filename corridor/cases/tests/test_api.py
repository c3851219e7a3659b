"""The cases API: scope (own office 200, other office 404, no role 403), versions, idempotency."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from corridor.cases import services
from corridor.cases.models import Case
from corridor.cases.tests.conftest import make_project
from corridor.core.models import AuditEvent
from corridor.registry.tests.factories import PersonFactory

JSON = "application/json"


@pytest.fixture
def api(worker, client_for):
    return client_for(worker)


def test_open_a_case_idempotently(api, project, person):
    body = {"project_id": project.pk, "kind": "resettlement", "person_id": person.pk}
    headers = {"HTTP_IDEMPOTENCY_KEY": "tablet-3-42"}
    first = api.post("/api/v1/cases", body, content_type=JSON, **headers)
    again = api.post("/api/v1/cases", body, content_type=JSON, **headers)
    assert first.status_code == again.status_code == 201, first.content
    assert first.json() == again.json()
    assert Case.objects.count() == 1
    assert first.json()["reference"].startswith("CASE-CA-")


def test_open_for_an_unknown_kind_is_422(api, project, person):
    response = api.post("/api/v1/cases", {"project_id": project.pk, "kind": "holiday",
                                          "person_id": person.pk}, content_type=JSON)
    assert response.status_code == 422


def test_open_for_a_person_of_another_office_is_404(api, project, person_b):
    response = api.post("/api/v1/cases", {"project_id": project.pk, "kind": "evacuation",
                                          "person_id": person_b.pk}, content_type=JSON)
    assert response.status_code == 404
    assert Case.objects.count() == 0


def test_detail_with_timeline_and_audited_view(api, case, worker):
    services.note_add(actor=worker, case=case, text="First call")
    response = api.get(f"/api/v1/cases/{case.pk}")
    assert response.status_code == 200
    body = response.json()
    assert [e["kind"] for e in body["timeline"]] == ["opened", "note_added"]
    assert body["notes"][0]["text"] == "First call"
    assert AuditEvent.objects.filter(action="view", object_type="cases.case",
                                     object_id=str(case.pk)).exists()


def test_other_office_case_and_project_are_404(api, case_b, project_b):
    assert api.get(f"/api/v1/cases/{case_b.pk}").status_code == 404
    assert api.post(f"/api/v1/cases/{case_b.pk}/transitions",
                    {"to": "assessed", "version": 1}, content_type=JSON).status_code == 404
    assert api.post(f"/api/v1/cases/{case_b.pk}/notes", {"text": "x"},
                    content_type=JSON).status_code == 404
    assert api.get(f"/api/v1/projects/{project_b.pk}").status_code == 404
    assert [c["id"] for c in api.get("/api/v1/cases").json()["items"]] == []


@pytest.mark.parametrize("role", ["data_analyst", "finance_officer", "partner_viewer"])
def test_roles_without_cases_view_get_403(cast, client_for, case, role):
    client = client_for(cast[role])
    assert client.get("/api/v1/cases").status_code == 403
    assert client.get(f"/api/v1/cases/{case.pk}").status_code == 403


def test_transitions_with_versions_and_four_eyes(api, case, second_worker, client_for):
    url = f"/api/v1/cases/{case.pk}/transitions"
    ok = api.post(url, {"to": "assessed", "version": 1}, content_type=JSON)
    assert ok.status_code == 200 and ok.json()["version"] == 2
    stale = api.post(url, {"to": "closed", "reason": "withdrawn", "version": 1},
                     content_type=JSON)
    assert stale.status_code == 409 and stale.json()["current_version"] == 2
    own = api.post(url, {"to": "approved", "version": 2}, content_type=JSON)
    assert own.status_code == 403 and "Four eyes" in own.json()["detail"]
    other = client_for(second_worker).post(url, {"to": "approved", "version": 2},
                                           content_type=JSON)
    assert other.status_code == 200 and other.json()["state"] == "approved"
    wrong = api.post(url, {"to": "assessed", "version": 3}, content_type=JSON)
    assert wrong.status_code == 422
    assert "cannot go from approved to assessed" in wrong.json()["problems"][0]["message"]


def test_assign(api, case, second_worker):
    response = api.post(f"/api/v1/cases/{case.pk}/assign",
                        {"assignee_id": second_worker.pk, "version": 1}, content_type=JSON)
    assert response.status_code == 200 and response.json()["assigned_to_id"] == second_worker.pk
    mine = api.get("/api/v1/cases", {"assigned_to_me": "true"}).json()["items"]
    assert mine == []


def test_assistance_budget_deliver_cancel(api, case, project):
    url = f"/api/v1/cases/{case.pk}/assistance"
    too_much = api.post(url, {"kind": "transport", "planned_cost": "1000.01"}, content_type=JSON)
    assert too_much.status_code == 422
    assert "budget" in too_much.json()["problems"][0]["message"]
    item = api.post(url, {"kind": "transport", "planned_cost": "250.50"}, content_type=JSON)
    assert item.status_code == 201 and item.json()["planned_cost"] == "250.50"
    item_id = item.json()["id"]
    early = api.post(f"{url}/{item_id}/deliver", {"actual_cost": "250", "version": 1},
                     content_type=JSON)
    assert early.status_code == 422
    project_body = api.get(f"/api/v1/projects/{project.pk}").json()
    assert (project_body["committed"], project_body["spent"]) == ("250.50", "0.00")
    cancel = api.post(f"{url}/{item_id}/cancel", {"reason": "Not needed", "version": 1},
                      content_type=JSON)
    assert cancel.status_code == 200 and cancel.json()["status"] == "cancelled"


def test_referral_create_and_answer(api, case, person, partner):
    url = f"/api/v1/cases/{case.pk}/referrals"
    sent = api.post(url, {"person_id": person.pk, "partner_id": partner.pk,
                          "reason": "Tracing"}, content_type=JSON)
    assert sent.status_code == 201 and sent.json()["status"] == "sent"
    answer = api.post(f"{url}/{sent.json()['id']}/answer",
                      {"status": "declined", "answer": "Out of area", "version": 1},
                      content_type=JSON)
    assert answer.status_code == 200 and answer.json()["answered_on"]


def test_projects_created_by_finance_only(cast, client_for, org, api):
    body = {"code": "P-NEW", "title": "Returns", "category": "humanitarian",
            "office_id": org.country_a.pk, "currency": "eur", "budget": "5000.00",
            "start": "2026-01-01", "end": "2026-12-31"}
    assert api.post("/api/v1/projects", body, content_type=JSON).status_code == 403
    finance = client_for(cast["finance_officer"])
    created = finance.post("/api/v1/projects", body, content_type=JSON)
    assert created.status_code == 201, created.content
    assert created.json()["currency"] == "EUR"
    bad = finance.post("/api/v1/projects", {**body, "code": "P-2", "end": "2025-01-01"},
                       content_type=JSON)
    assert bad.status_code == 422
    patch = finance.patch(f"/api/v1/projects/{created.json()['id']}",
                          {"version": 1, "budget": "6000.00"}, content_type=JSON)
    assert patch.status_code == 200 and patch.json()["version"] == 2
    stale = finance.patch(f"/api/v1/projects/{created.json()['id']}",
                          {"version": 1, "budget": "7000.00"}, content_type=JSON)
    assert stale.status_code == 409


def test_partners_list(api, partner):
    assert [p["acronym"] for p in api.get("/api/v1/partners").json()] == ["ICRC"]


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _open_cases(worker, project, office, n):
    for _ in range(n):
        services.case_open(actor=worker, project=project, kind="evacuation",
                           person=PersonFactory(office=office))


@pytest.mark.parametrize("url", ["/cases/", "/api/v1/cases?page_size=100",
                                 "/partners/projects/", "/api/v1/projects?page_size=100"])
def test_list_query_count_does_not_grow(api, worker, project, org, url):
    _open_cases(worker, project, org.country_a, 3)
    few = _queries(api, url)
    _open_cases(worker, project, org.country_a, 25)
    for index in range(5):
        make_project(org.country_a, code=f"PRJ-{index}")
    assert _queries(api, url) == few


@pytest.mark.parametrize("url", ["/cases/", "/api/v1/cases"])
def test_a_page_of_the_case_list_is_audited_with_the_cases_shown(api, worker, project, org,
                                                                   url):
    shown = [services.case_open(actor=worker, project=project, kind="evacuation",
                                person=PersonFactory(office=org.country_a)) for _ in range(2)]
    services.case_open(actor=worker, project=project, kind="voluntary_return",
                       person=PersonFactory(office=org.country_a))
    last = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first()
    assert api.get(url, {"kind": "evacuation"}).status_code == 200
    listed = list(AuditEvent.objects.filter(pk__gt=last, action="view",
                                            object_type="cases.case"))
    assert len(listed) == 1
    assert sorted(listed[0].changes["cases"]) == sorted(c.pk for c in shown)
    assert listed[0].changes["filters"] == {"kind": "evacuation"}
    assert listed[0].actor == worker


def test_a_read_only_token_cannot_write(worker, case):
    from django.test import Client

    from conftest import enrolled
    from corridor.access import services as access_services
    _token, secret = access_services.token_create(actor=enrolled(worker), name="reader",
                                                  scopes=["cases:read"])
    client = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert client.get(f"/api/v1/cases/{case.pk}").status_code == 200
    refused = client.post(f"/api/v1/cases/{case.pk}/transitions",
                          {"to": "assessed", "version": 1}, content_type=JSON)
    assert refused.status_code == 403
    assert client.post(f"/api/v1/cases/{case.pk}/notes", {"text": "x"},
                       content_type=JSON).status_code == 403
