"""What one officer may ask of the registry: sought persons per request, searches a day; each
refusal names its limit, in the reader's language, and is in the audit trail."""

from __future__ import annotations

import pytest
from django.utils import translation

from conftest import make_user
from corridor.core.errors import PermissionDenied, ValidationFailed
from corridor.core.models import AuditEvent
from corridor.tracing import services
from corridor.tracing.models import Cause, RegistrySearch, TracingRequest
from corridor.tracing.tests.conftest import file_request


def _sought(n: int) -> list[services.SoughtInput]:
    return [services.SoughtInput(fields={"given_name": f"Child {i}", "family_name": "Haddad"})
            for i in range(n)]


def refusals(actor):
    return AuditEvent.objects.filter(action="refused", actor=actor,
                                     object_type="tracing.tracingrequest")


def test_a_request_naming_more_sought_persons_than_allowed_is_refused_and_audited(
        org, officer, settings):
    settings.TRACING_MAX_SOUGHT_PER_REQUEST = 2
    with pytest.raises(ValidationFailed) as refused:
        services.request_create(actor=officer, office=org.country_a, cause=Cause.CONFLICT,
                                enquirer_name="Fatima", enquirer_consent=True, sought=_sought(3))
    assert refused.value.problems[0]["field"] == "sought"
    assert "at most 2 sought persons" in refused.value.problems[0]["message"]
    assert not TracingRequest.objects.exists()
    event = refusals(officer).get()
    assert event.office_id == org.country_a.pk and "limit 2" in event.summary
    # Up to the limit is fine.
    services.request_create(actor=officer, office=org.country_a, cause=Cause.CONFLICT,
                            enquirer_name="Fatima", enquirer_consent=True, sought=_sought(2))


def test_the_api_refuses_too_in_french_and_the_refusal_outlives_the_idempotent_create(
        org, officer, client_for, settings):
    settings.TRACING_MAX_SOUGHT_PER_REQUEST = 1
    client = client_for(officer)
    client.cookies["corridor_language"] = "fr"
    body = {"office_id": org.country_a.pk, "enquirer_name": "Fatima", "enquirer_consent": True,
            "cause": "conflict", "sought": [{"given_name": "Ali"}, {"given_name": "Omar"}]}
    response = client.post("/api/v1/tracing/requests", body, content_type="application/json",
                           HTTP_IDEMPOTENCY_KEY="tablet-7-1")
    assert response.status_code == 422
    problem = response.json()["problems"][0]
    assert problem["field"] == "sought" and "au plus 1" in problem["message"]
    assert not TracingRequest.objects.exists()
    assert refusals(officer).count() == 1


def test_searches_past_the_days_limit_are_refused_and_audited(org, officer, client_for,
                                                             settings):
    settings.TRACING_SEARCHES_PER_DAY = 2
    request = file_request(officer, org.country_a)
    client = client_for(officer)
    for _ in range(2):
        assert client.post(f"/tracing/{request.pk}/search/").status_code == 302
    assert not refusals(officer).exists()
    page = client.post(f"/tracing/{request.pk}/search/", follow=True).content.decode()
    assert "Daily limit reached: an officer may run 2 registry searches a day" in page
    api = client.post(f"/api/v1/tracing/requests/{request.pk}/search")
    assert api.status_code == 422 and api.json()["problems"][0]["field"] == "search"
    assert RegistrySearch.objects.filter(actor=officer).count() == 2
    assert refusals(officer).count() == 2
    with translation.override("es"), pytest.raises(ValidationFailed, match="Límite diario"):
        services.request_search(actor=officer, request=request)
    # The limit is each officer's own.
    colleague = make_user("tracing_a_2", "tracing_officer", org.country_a)
    services.request_search(actor=colleague, request=request)


def test_a_request_over_the_sought_limit_is_not_searched(org, officer, settings):
    request = services.request_create(actor=officer, office=org.country_a, cause=Cause.CONFLICT,
                                      enquirer_name="Fatima", enquirer_consent=True,
                                      sought=_sought(3))
    settings.TRACING_MAX_SOUGHT_PER_REQUEST = 2  # lowered since it was filed
    with pytest.raises(ValidationFailed, match="at most 2 sought persons"):
        services.request_search(actor=officer, request=request)
    assert not RegistrySearch.objects.exists() and refusals(officer).count() == 1


def test_a_search_refused_to_a_read_only_token_is_audited(org, officer, tracing_request):
    officer.token_scopes = ["tracing:read"]  # as the API's token authentication marks it
    with pytest.raises(PermissionDenied):
        services.request_search(actor=officer, request=tracing_request)
    event = refusals(officer).get()
    assert event.object_id == str(tracing_request.pk)
    assert event.office_id == tracing_request.office_id
