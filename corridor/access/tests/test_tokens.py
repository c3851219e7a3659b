"""Personal access tokens: stored hashed, scoped, revocable, expiring."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from conftest import PASSWORD, enrolled
from corridor.access import services
from corridor.access.models import ApiToken
from corridor.core.errors import PermissionDenied, ValidationFailed
from corridor.registry.tests.factories import PersonFactory


def bearer(secret: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_only_a_digest_is_stored(cast):
    token, secret = services.token_create(actor=enrolled(cast["case_worker"]), name="sync",
                                          scopes=["registry:read"])
    stored = ApiToken.objects.get(pk=token.pk)
    assert secret not in (stored.digest, stored.prefix) and len(stored.digest) == 64
    assert secret.startswith("crd_")


def test_a_token_reads_within_its_scope_and_its_users_offices(org, cast):
    PersonFactory(office=org.country_a, given_name="Insider")
    PersonFactory(office=org.country_b, given_name="Outsider")
    _token, secret = services.token_create(actor=enrolled(cast["case_worker"]), name="sync",
                                           scopes=["registry:read"])
    response = Client().get("/api/v1/people", **bearer(secret))
    assert response.status_code == 200
    assert [p["given_name"] for p in response.json()["items"]] == ["Insider"]


def test_a_token_without_the_scope_gets_403_saying_which(org, cast):
    _token, secret = services.token_create(actor=enrolled(cast["case_worker"]), name="offices only",
                                           scopes=["offices:read"])
    response = Client().get("/api/v1/people", **bearer(secret))
    assert response.status_code == 403
    assert "registry:read" in response.json()["detail"]
    write = Client().post("/api/v1/people", {"office_id": org.country_a.pk, "given_name": "X",
                                             "category": "refugee"},
                          content_type="application/json", **bearer(secret))
    assert write.status_code == 403 and "registry:write" in write.json()["detail"]


def test_a_scope_does_not_lift_the_role(cast):
    """A token's scopes stay within its owner's roles: a finance officer gets no registry scope."""
    with pytest.raises(ValidationFailed) as error:
        services.token_create(actor=enrolled(cast["finance_officer"]), name="x",
                              scopes=["registry:read", "offices:read"])
    assert [p["field"] for p in error.value.problems] == ["scopes"]
    assert "registry:read" in str(error.value) and "offices" not in str(error.value)
    assert not ApiToken.objects.exists()


def test_revoked_and_expired_tokens_are_refused(cast):
    token, secret = services.token_create(actor=enrolled(cast["case_worker"]), name="a",
                                          scopes=["registry:read"])
    assert Client().get("/api/v1/me", **bearer(secret)).status_code == 200
    services.token_revoke(actor=enrolled(cast["case_worker"]), token=token)
    assert Client().get("/api/v1/me", **bearer(secret)).status_code == 401
    token2, secret2 = services.token_create(actor=enrolled(cast["case_worker"]), name="b",
                                            scopes=["registry:read"])
    ApiToken.objects.filter(pk=token2.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert Client().get("/api/v1/me", **bearer(secret2)).status_code == 401


def test_a_forged_token_with_a_real_prefix_is_refused(cast):
    _token, secret = services.token_create(actor=enrolled(cast["case_worker"]), name="a",
                                          scopes=["registry:read"])
    forged = secret[:-4] + ("AAAA" if not secret.endswith("AAAA") else "BBBB")
    assert Client().get("/api/v1/me", **bearer(forged)).status_code == 401


def test_unknown_scopes_are_refused(cast):
    with pytest.raises(ValidationFailed) as error:
        services.token_create(actor=enrolled(cast["case_worker"]), name="x", scopes=["everything"])
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
    token, _secret = services.token_create(actor=enrolled(cast["case_worker"]), name="a",
                                           scopes=["registry:read"])
    response = client_for(cast["outsider"]).post(f"/accounts/tokens/{token.pk}/revoke/")
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def post_login(client: Client, username: str, code: str = ""):
    return client.post("/accounts/login/", {"username": username, "password": PASSWORD,
                                            "code": code})


def test_a_password_only_session_can_mint_no_token(cast):
    """Finding 1: before enrolment a case worker's session (password only) reached the tokens
    page, which the two-factor middleware let through with the rest of /accounts/."""
    client = Client()
    assert post_login(client, "case_worker_a").status_code == 302
    page = client.get("/accounts/tokens/")
    assert page.status_code == 302 and page["Location"] == "/accounts/two-factor/"
    minted = client.post("/accounts/tokens/", {"name": "laptop", "scopes": ["registry:read"],
                                               "expires_in_days": 365})
    assert minted.status_code == 302 and minted["Location"] == "/accounts/two-factor/"
    assert not ApiToken.objects.exists()
    # The service refuses too, whoever calls it: the user object carries no verified device.
    with pytest.raises(PermissionDenied):
        services.token_create(actor=cast["case_worker"], name="x", scopes=["registry:read"])
    assert not ApiToken.objects.exists()


def test_a_password_only_session_cannot_revoke_either(cast):
    token, _secret = services.token_create(actor=enrolled(cast["movement_officer"]), name="a",
                                           scopes=["registry:read"])
    client = Client()
    # Signed in without the code the device asks for: refused; force a password-only session.
    client.force_login(cast["movement_officer"])
    assert client.post(f"/accounts/tokens/{token.pk}/revoke/").status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is None


def test_roles_without_personal_data_mint_tokens_without_a_second_factor(org, cast):
    client = Client()
    assert post_login(client, "data_analyst_a").status_code == 302
    response = client.post("/accounts/tokens/", {"name": "flows", "scopes": ["flows:read"],
                                                 "expires_in_days": 30})
    assert response.status_code == 200
    assert list(ApiToken.objects.values_list("scopes", flat=True)) == [["flows:read"]]


def test_the_page_offers_and_accepts_only_scopes_the_roles_allow(cast, client_for):
    client = client_for(cast["movement_officer"])
    page = client.get("/accounts/tokens/").content.decode()
    assert 'value="movements:write"' in page and 'value="imports:write"' not in page
    response = client.post("/accounts/tokens/", {"name": "x", "scopes": ["imports:write"],
                                                 "expires_in_days": 30})
    assert response.status_code == 200 and not ApiToken.objects.exists()


def test_a_token_of_an_unenrolled_user_reads_nothing(org, cast):
    """A token minted by a user who needs two-factor but has no confirmed device (one made
    before this rule, or whose device was removed) is refused."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    PersonFactory(office=org.country_a, given_name="Insider")
    user = enrolled(cast["case_worker"])
    _token, secret = services.token_create(actor=user, name="sync", scopes=["registry:read"])
    assert Client().get("/api/v1/people", **bearer(secret)).status_code == 200
    TOTPDevice.objects.filter(user=user).delete()
    assert Client().get("/api/v1/people", **bearer(secret)).status_code == 401
    assert Client().get("/api/v1/me", **bearer(secret)).status_code == 401


def test_tokens_expire_within_a_year(cast):
    with pytest.raises(ValidationFailed) as error:
        services.token_create(actor=enrolled(cast["case_worker"]), name="x",
                              scopes=["registry:read"], expires_in_days=366)
    assert error.value.problems[0]["field"] == "expires_in_days"
    token, _secret = services.token_create(actor=enrolled(cast["case_worker"]), name="x",
                                           scopes=["registry:read"], expires_in_days=365)
    assert token.expires_at - timezone.now() <= timedelta(days=365)


def _live_token(user) -> tuple[ApiToken, str]:
    return services.token_create(actor=enrolled(user), name="t", scopes=["offices:read"])


def test_gaining_a_personal_data_role_revokes_the_tokens(org, cast):
    analyst = cast["data_analyst"]
    token, secret = _live_token(analyst)
    services.membership_grant(actor=None, user=analyst, office=org.country_a, role="finance_officer")
    token.refresh_from_db()
    assert token.revoked_at is None  # no personal data: nothing changes for the token
    services.membership_grant(actor=None, user=analyst, office=org.country_a, role="case_worker")
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert Client().get("/api/v1/me", **bearer(secret)).status_code == 401


def test_losing_a_role_revokes_the_tokens(org, cast):
    worker = cast["case_worker"]
    extra = services.membership_grant(actor=None, user=worker, office=org.sub_a,
                                      role="tracing_officer")
    token, secret = _live_token(worker)
    services.membership_revoke(actor=None, membership=extra)
    assert Client().get("/api/v1/me", **bearer(secret)).status_code == 401
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_deactivation_revokes_the_tokens(cast):
    token, _secret = _live_token(cast["case_worker"])
    services.user_set_active(actor=None, user=cast["case_worker"], active=False)
    token.refresh_from_db()
    assert token.revoked_at is not None
    services.user_set_active(actor=None, user=cast["case_worker"], active=True)
    token.refresh_from_db()
    assert token.revoked_at is not None  # reactivation does not bring them back


def test_no_api_path_mints_tokens():
    """Tokens are minted on the page only (behind the second factor); the API has no path."""
    from config.api import api

    assert [path for path in api.get_openapi_schema()["paths"] if "token" in path] == []
