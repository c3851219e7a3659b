"""Pages: scope (404 outside), the minimal card, the comparison table, constant list queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from corridor.core.errors import NotFound, PermissionDenied
from corridor.core.models import AuditEvent
from corridor.tracing import services
from corridor.tracing.models import CandidateStatus, TracingRequest
from corridor.tracing.tests.conftest import file_request, propose, register


@pytest.fixture
def officer_client(officer, client_for):
    return client_for(officer)


def test_a_role_without_tracing_gets_404_on_every_page(cast, client_for, tracing_request):
    client = client_for(cast["case_worker"])
    for url in ("/tracing/", "/tracing/new/", f"/tracing/{tracing_request.pk}/"):
        assert client.get(url).status_code == 404, url


def test_another_offices_request_answers_404(org, client_for, other_officer, tracing_request):
    client = client_for(other_officer)
    assert client.get(f"/tracing/{tracing_request.pk}/").status_code == 404
    assert client.get(f"/tracing/{tracing_request.pk}/edit/").status_code == 404
    candidate = propose(tracing_request, register(org.country_b, "Muhamad", "Alhasan"))
    assert client.get(f"/tracing/candidates/{candidate.pk}/").status_code == 404
    assert tracing_request.reference not in client.get("/tracing/").content.decode()


def test_the_search_button_runs_the_search_and_a_refusal_answers_404(
        org, officer_client, filler, tracing_request, monkeypatch):
    register(org.country_b, "MUHAMAD", "ALHASAN")
    url = f"/tracing/{tracing_request.pk}/search/"
    response = officer_client.post(url)
    assert response.status_code == 302
    assert response["Location"] == f"/tracing/{tracing_request.pk}/"
    assert tracing_request.sought.first().candidates.exists()
    # No role can view a request but not search it, so the service's refusals are forced here.
    for refusal in (NotFound("No such tracing request"), PermissionDenied("Not yours")):
        def refuse(*, actor, request, refusal=refusal):
            raise refusal
        monkeypatch.setattr(services, "request_search", refuse)
        assert officer_client.post(url).status_code == 404, refusal


def test_the_list_page_runs_a_constant_number_of_queries(org, officer, officer_client):
    file_request(officer, org.country_a)
    with CaptureQueriesContext(connection) as few:
        assert officer_client.get("/tracing/").status_code == 200
    for _ in range(5):
        file_request(officer, org.country_a)
    with CaptureQueriesContext(connection) as many:
        page = officer_client.get("/tracing/")
    assert page.content.decode().count("TR-CA-") == 6
    assert len(many) == len(few)


def test_filing_through_the_page_with_two_sought_persons(org, officer_client):
    form = {"office": org.country_a.pk, "enquirer_name": "Fatima Al-Hassan",
            "enquirer_consent": "on", "cause": "conflict",
            "sought-TOTAL_FORMS": "3", "sought-INITIAL_FORMS": "0",
            "sought-0-given_name": "Mohammed", "sought-0-family_name": "Al-Hassan",
            "sought-0-sex": "male", "sought-0-birth_year": "1990", "sought-0-relation": "child",
            "sought-1-given_name": "Layla", "sought-1-sex": "female",
            "sought-2-sex": "unknown"}
    response = officer_client.post("/tracing/new/", form)
    assert response.status_code == 302
    created = TracingRequest.objects.get()
    assert [s.given_name for s in created.sought.all()] == ["Mohammed", "Layla"]


def test_filing_without_consent_shows_the_reason(org, officer_client):
    form = {"office": org.country_a.pk, "enquirer_name": "Fatima", "cause": "conflict",
            "sought-TOTAL_FORMS": "1", "sought-INITIAL_FORMS": "0",
            "sought-0-given_name": "Ali", "sought-0-sex": "male"}
    response = officer_client.post("/tracing/new/", form)
    assert response.status_code == 200
    assert "the enquirer must consent to tracing" in response.content.decode()
    assert not TracingRequest.objects.exists()


def test_an_out_of_scope_candidate_shows_a_minimal_card_and_is_audited(org, officer_client,
                                                                       tracing_request):
    outside = register(org.country_b, "Muhamad", "Alhasan")
    outside.original_script_name = "محمد الحسن"
    outside.save()
    inside = register(org.country_a, "Mohamed", "Hassan")
    propose(tracing_request, outside, rank=1)
    propose(tracing_request, inside, rank=2)
    page = officer_client.get(f"/tracing/{tracing_request.pk}/").content.decode()
    assert "ALHASAN, Muhamad" in page and "minimal card" in page
    assert "محمد الحسن" not in page  # outside the scope: no original script, no full date
    assert f"/registry/{outside.pk}/" not in page
    assert "1990" in page
    views = AuditEvent.objects.filter(action="view", object_type="registry.person")
    assert set(views.values_list("object_id", flat=True)) == {str(outside.pk), str(inside.pk)}
    assert views.get(object_id=str(outside.pk)).office_id == org.country_b.pk


def test_the_review_page_compares_field_by_field_and_records_a_decision(org, officer_client,
                                                                        tracing_request):
    son = register(org.country_a, "MUHAMAD", "ALHASAN")
    candidate = propose(tracing_request, son)
    page = officer_client.get(f"/tracing/candidates/{candidate.pk}/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "compare-match" in text and "compare-blank" in text
    comparison = page.context["comparison"]
    categories = {row.field: row.category for row in comparison.rows}
    assert categories["given_name"] == "match" and categories["birth_date"] == "near"
    assert categories["father_name"] == "blank"
    assert all(row.weight > 0 for row in comparison.rows if row.category == "match")
    assert comparison.card.full and comparison.rows[0].candidate_value == "MUHAMAD"
    assert AuditEvent.objects.filter(action="view", object_id=str(son.pk),
                                     summary__contains="comparison").exists()
    response = officer_client.post(f"/tracing/candidates/{candidate.pk}/",
                                   {"version": 1, "decision": "confirm", "reason": "Photo"})
    assert response.status_code == 302
    candidate.refresh_from_db()
    assert candidate.status == CandidateStatus.CONFIRMED


def test_the_plan_page_records_steps_and_a_stale_edit_is_refused(org, officer, officer_client,
                                                                 tracing_request):
    candidate = propose(tracing_request, register(org.country_b, "Muhamad", "Alhasan"))
    services.candidate_decide(actor=officer, candidate=candidate, expected_version=1,
                              confirm=True, reason="Documents")
    created = officer_client.post(f"/tracing/candidates/{candidate.pk}/plan/",
                                  {"movement_origin": "Amman", "movement_destination": "Baghdad",
                                   "movement_date_wanted": "2027-03-01"})
    assert created.status_code == 302
    plan_url = created["Location"]
    page = officer_client.get(plan_url)
    assert page.status_code == 200 and "Amman" in page.content.decode()
    done_on = timezone.localdate() - dt.timedelta(days=3)  # a step is done in the past, never ahead
    step = officer_client.post(plan_url, {"step-kind": "verification", "step-done_on": done_on,
                                          "step-done_by": "Huda Jaber"})
    assert step.status_code == 302
    stale = officer_client.post(plan_url, {"plan-version": 1, "plan-status": "cancelled"})
    assert stale.status_code == 409
    edit = officer_client.post(f"/tracing/{tracing_request.pk}/edit/",
                               {"version": 1, "status": "closed", "notes": ""})
    assert edit.status_code == 409  # the confirmation and the plan moved the request on


def test_the_review_page_names_fields_and_levels_in_french(org, officer_client, tracing_request):
    candidate = propose(tracing_request, register(org.country_a, "MUHAMAD", "ALHASAN"))
    officer_client.cookies["corridor_language"] = "fr"
    page = officer_client.get(f"/tracing/candidates/{candidate.pk}/")
    text = page.content.decode()
    assert page.status_code == 200
    fields = {row.field for row in page.context["comparison"].rows}
    assert {"given_name", "father_name", "birth_date"} <= fields
    # Field names as words, not engine columns.
    assert '<th scope="row">Prénom</th>' in text and '<th scope="row">Nom du père</th>' in text
    assert '<th scope="row">Date de naissance</th>' in text
    for field in fields:
        assert f'<th scope="row">{field}</th>' not in text
    # Levels in French: the engine's English labels ("match: …", "near: …", "blank") are gone.
    assert "concordance : même nom" in text and "<td>vide</td>" in text
    assert "match: " not in text and "near: " not in text and "<td>blank</td>" not in text


def test_the_review_page_speaks_of_likelihood_and_evidence_not_bits(org, officer_client,
                                                                      tracing_request):
    son = register(org.country_a, "MUHAMAD", "ALHASAN")
    candidate = propose(tracing_request, son)
    page = officer_client.get(f"/tracing/candidates/{candidate.pk}/")
    text = page.content.decode()
    assert "bits" not in text and "Prior weight" not in text and "Total weight" not in text
    comparison = page.context["comparison"]
    percent = round(comparison.match_probability * 100)
    assert f"<dt>Likelihood</dt><dd>{percent} %: " in text
    assert '<th scope="col">Evidence</th>' in text
    # A given name that agrees is evidence for; a blank father's name is neither.
    assert "strong evidence for the same person" in text or "weak evidence for the same person" in text
    assert "neither for nor against" in text
    officer_client.cookies["corridor_language"] = "fr"
    french = officer_client.get(f"/tracing/candidates/{candidate.pk}/").content.decode()
    assert "Vraisemblance" in french and "bits" not in french
