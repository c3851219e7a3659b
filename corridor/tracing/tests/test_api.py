"""The tracing API: 403 without the role, 404 outside the office, hidden details, idempotency."""

from __future__ import annotations

import pytest

from corridor.core.models import AuditEvent
from corridor.registry.models import Sex
from corridor.tracing.models import TracingRequest
from corridor.tracing.tests.conftest import file_request, propose, register


@pytest.fixture
def api(officer, client_for):
    return client_for(officer)


def new_request(org, **extra):
    return {"office_id": org.country_a.pk, "enquirer_name": "Fatima Al-Hassan",
            "enquirer_consent": True, "cause": "conflict",
            "sought": [{"given_name": "Mohammed", "family_name": "Al-Hassan",
                        "birth_year": 1990, "sex": "male", "relation": "child"}], **extra}


def test_a_role_without_tracing_gets_403(cast, client_for, tracing_request):
    client = client_for(cast["case_worker"])
    assert client.get("/api/v1/tracing/requests").status_code == 403
    assert client.get(f"/api/v1/tracing/requests/{tracing_request.pk}").status_code == 403


def test_another_offices_request_answers_404(org, client_for, other_officer, tracing_request):
    client = client_for(other_officer)
    assert client.get(f"/api/v1/tracing/requests/{tracing_request.pk}").status_code == 404
    assert client.post(f"/api/v1/tracing/requests/{tracing_request.pk}/search").status_code == 404
    assert client.get("/api/v1/tracing/requests").json()["count"] == 0


@pytest.mark.parametrize("url", ["/tracing/", "/api/v1/tracing/requests"])
def test_a_page_of_the_request_list_is_audited_with_the_requests_shown(org, officer,
                                                                        client_for, url):
    shown = [file_request(officer, org.country_a, family_name="Khoury") for _ in range(2)]
    file_request(officer, org.country_a)
    last = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first()
    assert client_for(officer).get(url, {"q": "Khoury"}).status_code == 200
    listed = list(AuditEvent.objects.filter(pk__gt=last, action="view",
                                            object_type="tracing.tracingrequest"))
    assert len(listed) == 1
    assert sorted(listed[0].changes["requests"]) == sorted(r.pk for r in shown)
    assert listed[0].changes["filters"] == {"q": "given"}  # named, its value not kept
    assert listed[0].actor == officer


def test_create_is_idempotent_and_versioned(org, api):
    headers = {"HTTP_IDEMPOTENCY_KEY": "tablet-3-42"}
    first = api.post("/api/v1/tracing/requests", new_request(org),
                     content_type="application/json", **headers)
    again = api.post("/api/v1/tracing/requests", new_request(org),
                     content_type="application/json", **headers)
    assert first.status_code == again.status_code == 201, first.content
    assert first.json() == again.json() and TracingRequest.objects.count() == 1
    body = first.json()
    assert body["sought"][0]["birth_year"] == 1990 and body["version"] == 1
    url = f"/api/v1/tracing/requests/{body['id']}"
    assert api.patch(url, {"version": 1, "notes": "called"},
                     content_type="application/json").json()["version"] == 2
    stale = api.patch(url, {"version": 1, "notes": "again"}, content_type="application/json")
    assert stale.status_code == 409 and stale.json()["current_version"] == 2


def test_an_enquirer_who_refused_tracing_gets_422(org, api):
    mother = register(org.country_a, "Zainab", "Aziz", sex=Sex.FEMALE, tracing=False)
    response = api.post("/api/v1/tracing/requests",
                        new_request(org, enquirer_person_id=mother.pk, enquirer_name=""),
                        content_type="application/json")
    assert response.status_code == 422
    assert response.json()["problems"][0]["field"] == "enquirer_person"


def test_an_out_of_scope_candidate_keeps_its_details_hidden(org, api, tracing_request):
    outside = register(org.country_b, "Muhamad", "Alhasan")
    candidate = propose(tracing_request, outside)
    cards = api.get(f"/api/v1/tracing/requests/{tracing_request.pk}/candidates").json()
    assert cards[0]["full_record"] is False and cards[0]["person_id"] is None
    assert cards[0]["birth_year"] == 1990 and cards[0]["office"] == "CB"
    detail = api.get(f"/api/v1/tracing/candidates/{candidate.pk}").json()
    values = {f["field"]: f["candidate_value"] for f in detail["fields"]}
    assert values["given_name"] == "Muhamad" and values["birth_date"] == "1990"
    assert values["birth_place"] is None and values["phone"] is None
    # Only the card's names and sex show how they compared; every other field shows nothing.
    compared = {f["field"] for f in detail["fields"] if f["category"] is not None}
    assert compared == {"given_name", "family_name", "sex"}
    assert all(f["level"] is None and f["weight"] is None for f in detail["fields"]
               if f["field"] not in compared)
    assert detail["household_rule_applied"] is None
    decided = api.post(f"/api/v1/tracing/candidates/{candidate.pk}/decision",
                       {"version": 1, "decision": "confirm", "reason": "Photo recognised"},
                       content_type="application/json")
    assert decided.status_code == 200 and decided.json()["status"] == "confirmed"
    plan = api.post(f"/api/v1/tracing/candidates/{candidate.pk}/plan",
                    {"movement_origin": "Amman", "movement_destination": "Baghdad"},
                    content_type="application/json")
    assert plan.status_code == 201, plan.content
    assert plan.json()["missing_steps"] == ["verification", "agreement_enquirer",
                                            "agreement_sought"]
