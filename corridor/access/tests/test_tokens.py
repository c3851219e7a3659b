"""Personal access tokens: stored hashed, scoped, revocable, expiring."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from corridor.access import services
from corridor.access.models import ApiToken
from corridor.core.errors import ValidationFailed
from corridor.registry.tests.factories import PersonFactory


def bearer(secret: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_only_a_digest_is_stored(cast):
    token, secret = services.token_create(actor=cast["case_worker"], name="sync",
                                          scopes=["registry:read"])
    stored = ApiToken.objects.get(pk=token.pk)
    assert secret not in (stored.digest, stored.prefix) and len(stored.digest) == 64
    assert secret.startswith("crd_")


def test_a_token_reads_within_its_scope_and_its_users_offices(org, cast):
    PersonFactory(office=org.country_a, given_name="Insider")
    PersonFactory(office=org.country_b, given_name="Outsider")
    _token, secret = services.token_create(actor=cast["case_worker"], name="sync",
                                           scopes=["registry:read"])
    response = Client().get("/api/v1/people", **bearer(secret))
    assert response.status_code == 200
    assert [p["given_name"] for p in response.json()["items"]] == ["Insider"]


def test_a_token_without_the_scope_gets_403_saying_which(org, cast):
    _token, secret = services.token_create(actor=cast["case_worker"], name="offices only",
                                           scopes=["offices:read"])
    response = Client().get("/api/v1/people", **bearer(secret))
    assert response.status_code == 403
    assert "registry:read" in response.json()["detail"]
    write = Client().post("/api/v1/people", {"office_id": org.country_a.pk, "given_name": "X",
                                             "category": "refugee"},
                          content_type="application/json", **bearer(secret))
    assert write.status_code == 403 and "registry:write" in write.json()["detail"]


def test_a_scope_does_not_lift_the_role(cast):
    _token, secret = services.token_create(actor=cast["finance_officer"], name="x",
                                           scopes=["registry:read"])
    response = Client().get("/api/v1/people", **bearer(secret))
    assert response.status_code == 403 and "role" in response.json()["detail"]


def test_revoked_and_expired_tokens_are_refused(cast):
    token, secret = services.token_create(actor=cast["case_worker"], name="a",
                                          scopes=["registry:read"])
    assert Client().get("/api/v1/me", **bearer(secret)).status_code == 200
    services.token_revoke(actor=cast["case_worker"], token=token)
    assert Client().get("/api/v1/me", **bearer(secret)).status_code == 401
    token2, secret2 = services.token_create(actor=cast["case_worker"], name="b",
                                            scopes=["registry:read"])
    ApiToken.objects.filter(pk=token2.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert Client().get("/api/v1/me", **bearer(secret2)).status_code == 401


def test_a_forged_token_with_a_real_prefix_is_refused(cast):
    _token, secret = services.token_create(actor=cast["case_worker"], name="a",
                                          scopes=["registry:read"])
    forged = secret[:-4] + ("AAAA" if not secret.endswith("AAAA") else "BBBB")
    assert Client().get("/api/v1/me", **bearer(forged)).status_code == 401


def test_unknown_scopes_are_refused(cast):
    with pytest.raises(ValidationFailed) as error:
        services.token_create(actor=cast["case_worker"], name="x", scopes=["everything"])
    assert "everything" in str(error.value)


def test_tokens_page_shows_the_secret_once_and_revokes(cast, client_for):
    client = client_for(cast["case_worker"])
    response = client.post("/accounts/tokens/", {"name": "laptop", "scopes": ["registry:read"],
                                                 "expires_in_days": 30})
    assert response.status_code == 200
    token = ApiToken.objects.get(user=cast["case_worker"])
    assert "crd_" + token.prefix in response.content.decode()
    assert "crd_" + token.prefix not in client.get("/accounts/tokens/").content.decode()
    client.post(f"/accounts/tokens/{token.pk}/revoke/")
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_nobody_revokes_another_users_token(cast, client_for):
    token, _secret = services.token_create(actor=cast["case_worker"], name="a",
                                           scopes=["registry:read"])
    response = client_for(cast["outsider"]).post(f"/accounts/tokens/{token.pk}/revoke/")
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
