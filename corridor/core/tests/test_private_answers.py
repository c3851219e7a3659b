"""Answers that may carry personal data stay out of caches; the API's map is for signed-in users;
the client's address is the one the proxy saw."""

from __future__ import annotations

import pytest
from django.test import Client, RequestFactory, override_settings

from conftest import PASSWORD, enrolled
from corridor.access import services as access_services
from corridor.access.models import LoginFailureTally
from corridor.core.clients import client_address
from corridor.core.models import AuditAction, AuditEvent
from corridor.registry.tests.factories import PersonFactory


def _uncacheable(response) -> bool:
    directives = {d.strip() for d in response.get("Cache-Control", "").split(",")}
    return {"no-store", "private"} <= directives


def test_pages_for_a_signed_in_user_are_never_stored(org, cast, client_for):
    person = PersonFactory(office=org.country_a)
    client = client_for(cast["case_worker"])
    for address in ("/people/", f"/people/{person.pk}/", "/people/999999/"):
        assert _uncacheable(client.get(address)), address


def test_api_answers_to_a_session_or_a_token_are_never_stored(org, cast, client_for):
    person = PersonFactory(office=org.country_a)
    assert _uncacheable(client_for(cast["case_worker"]).get(f"/api/v1/people/{person.pk}"))
    _token, secret = access_services.token_create(actor=enrolled(cast["case_worker"]), name="sync",
                                                  scopes=["registry:read"])
    answer = Client().get(f"/api/v1/people/{person.pk}", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert answer.status_code == 200 and _uncacheable(answer)
    refused = Client().get("/api/v1/people", HTTP_AUTHORIZATION="Bearer crd_wrong")
    assert refused.status_code == 401 and _uncacheable(refused)


def test_the_public_portal_stays_cacheable(org, cast, client_for):
    assert not _uncacheable(Client().get("/"))
    assert not _uncacheable(client_for(cast["case_worker"]).get("/"))


def test_the_api_schema_and_docs_are_for_signed_in_users_in_production(org, cast, client_for):
    anonymous = Client()
    assert anonymous.get("/api/v1/openapi.json").status_code == 401
    docs = anonymous.get("/api/v1/docs")
    assert docs.status_code == 302 and docs["Location"].startswith("/accounts/login/")
    signed_in = client_for(cast["case_worker"])
    assert signed_in.get("/api/v1/openapi.json").status_code == 200
    assert signed_in.get("/api/v1/docs").status_code == 200
    _token, secret = access_services.token_create(actor=enrolled(cast["case_worker"]), name="docs",
                                                  scopes=["registry:read"])
    by_token = Client().get("/api/v1/openapi.json", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert by_token.status_code == 200 and "/api/v1/people" in by_token.json()["paths"]


@pytest.mark.parametrize(("behind_proxy", "forwarded", "expected"), [
    (True, "203.0.113.9, 198.51.100.7", "198.51.100.7"),  # the proxy appended the last one
    (True, "1.2.3.4", "1.2.3.4"),
    (True, "", "10.0.0.2"),
    (True, "not-an-address", "10.0.0.2"),
    (False, "203.0.113.9", "10.0.0.2"),  # no proxy: the header is the client's own words
])
def test_client_address_is_the_one_the_proxy_added(behind_proxy, forwarded, expected):
    meta = {"REMOTE_ADDR": "10.0.0.2"}
    if forwarded:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    with override_settings(BEHIND_TLS_PROXY=behind_proxy):
        assert client_address(RequestFactory().get("/", **meta)) == expected


@override_settings(BEHIND_TLS_PROXY=True)
def test_audit_events_take_the_address_from_the_proxy(org, cast):
    client = Client(REMOTE_ADDR="10.0.0.2")
    client.post("/accounts/login/", {"username": "case_worker_a", "password": PASSWORD},
                HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.7")
    event = AuditEvent.objects.filter(action=AuditAction.LOGIN).latest("pk")
    assert event.ip_address == "198.51.100.7"
    # A failed sign-in is tallied (not audited) under the same address.
    client.post("/accounts/login/", {"username": "case_worker_a", "password": "wrong-password"},
                HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.7")
    assert LoginFailureTally.objects.get(username="case_worker_a").address == "198.51.100.7"
