"""Signing in: Argon2, the same answer for every wrong part, lockout, two-factor."""

from __future__ import annotations

import pytest
from django.contrib.auth.hashers import identify_hasher
from django.test import Client, override_settings
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import PASSWORD
from corridor.access.models import LoginFailureTally, LoginThrottle
from corridor.core.models import AuditEvent

WRONG = "The user name, password or code is not right."
LOCKED = "Too many failed attempts. Try again later."


def post_login(client: Client, username: str, password: str, code: str = ""):
    return client.post("/accounts/login/", {"username": username, "password": password,
                                            "code": code})


def test_passwords_are_hashed_with_argon2(cast):
    assert identify_hasher(cast["case_worker"].password).algorithm == "argon2"


def test_a_good_login_is_audited_and_lands_home(cast):
    client = Client()
    response = post_login(client, "finance_officer_a", PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/home/"
    assert AuditEvent.objects.filter(action="login", actor=cast["finance_officer"]).exists()


@pytest.mark.parametrize(("username", "password"), [
    ("finance_officer_a", "wrong-password"),
    ("nobody-by-that-name", PASSWORD),
])
def test_every_wrong_part_gets_the_same_answer(cast, username, password):
    response = post_login(Client(), username, password)
    assert response.status_code == 401
    assert WRONG in response.content.decode()
    # Counted in aggregate, not written into the audit trail one attempt at a time.
    assert list(LoginFailureTally.objects.values_list("username", "failures")) == [
        (username, 1)]
    assert not AuditEvent.objects.filter(action="login_failed").exists()


@override_settings(LOGIN_FAILURE_LIMIT=3)
def test_repeated_failures_lock_the_account_even_with_the_right_password(cast):
    client = Client()
    for _ in range(2):
        assert WRONG in post_login(client, "finance_officer_a", "nope").content.decode()
    assert LOCKED in post_login(client, "finance_officer_a", "nope").content.decode()
    locked = post_login(client, "finance_officer_a", PASSWORD)
    assert locked.status_code == 401 and LOCKED in locked.content.decode()
    assert AuditEvent.objects.filter(action="locked_out").count() == 1
    assert "_auth_user_id" not in client.session


@override_settings(LOGIN_FAILURE_LIMIT=2)
def test_unknown_names_lock_too_so_lockout_reveals_nothing(db):
    client = Client()
    post_login(client, "ghost", "x")
    assert LOCKED in post_login(client, "ghost", "x").content.decode()
    assert LOCKED in post_login(client, "ghost", "x").content.decode()
    assert LoginThrottle.objects.get(key="pair:127.0.0.1|ghost").failures == 3


@override_settings(LOGIN_FAILURE_LIMIT=3)
def test_a_good_login_resets_the_count(cast):
    client = Client()
    post_login(client, "finance_officer_a", "nope")
    post_login(client, "finance_officer_a", "nope")
    assert post_login(client, "finance_officer_a", PASSWORD).status_code == 302
    assert not LoginThrottle.objects.filter(key="pair:127.0.0.1|finance_officer_a").exists()
    # The two failures still count towards the account over all addresses.
    assert LoginThrottle.objects.get(key="account:finance_officer_a").failures == 2


def test_personal_data_roles_must_enrol_two_factor_first(cast):
    client = Client()
    assert post_login(client, "case_worker_a", PASSWORD).status_code == 302
    response = client.get("/people/")
    assert response.status_code == 302 and response["Location"] == "/accounts/two-factor/"
    assert client.get("/api/v1/people").status_code == 403
    # Enrol: the page shows the key; the code from it turns two-factor on.
    page = client.get("/accounts/two-factor/")
    assert "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(user=cast["case_worker"], confirmed=False)
    code = f"{totp(device.bin_key):06d}"
    assert client.post("/accounts/two-factor/", {"code": code}).status_code == 302
    assert client.get("/people/").status_code == 200


def test_roles_without_personal_data_need_no_second_factor(cast):
    client = Client()
    post_login(client, "finance_officer_a", PASSWORD)
    assert client.get("/offices/").status_code == 200


@override_settings(TWO_FACTOR_REQUIRED=False)
def test_two_factor_requirement_can_be_turned_off(cast):
    client = Client()
    post_login(client, "case_worker_a", PASSWORD)
    assert client.get("/people/").status_code == 200


@override_settings(OTP_TOTP_THROTTLE_FACTOR=0)  # django-otp slows retries after a wrong code
def test_once_enrolled_the_code_is_needed_to_sign_in(cast):
    user = cast["case_worker"]
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    without_code = post_login(Client(), "case_worker_a", PASSWORD)
    assert without_code.status_code == 401 and WRONG in without_code.content.decode()
    wrong_code = post_login(Client(), "case_worker_a", PASSWORD, "000000")
    assert wrong_code.status_code == 401 and WRONG in wrong_code.content.decode()
    client = Client()
    response = post_login(client, "case_worker_a", PASSWORD, f"{totp(device.bin_key):06d}")
    assert response.status_code == 302
    assert client.get("/people/").status_code == 200


def test_logout_needs_post_and_ends_the_session(cast, client_for):
    client = client_for(cast["case_worker"])
    assert client.get("/accounts/logout/").status_code == 405
    client.post("/accounts/logout/")
    assert client.get("/people/").status_code == 302
    assert AuditEvent.objects.filter(action="logout").count() == 1


def test_next_parameter_cannot_send_users_elsewhere(cast):
    client = Client()
    response = client.post("/accounts/login/?next=https://evil.example/",
                           {"username": "finance_officer_a", "password": PASSWORD})
    assert response["Location"] == "/home/"


def test_login_form_needs_csrf(cast):
    client = Client(enforce_csrf_checks=True)
    assert post_login(client, "finance_officer_a", PASSWORD).status_code == 403


def test_a_session_is_renewed_by_use_at_most_once_a_minute_and_ends_when_idle(cast, client_for):
    from django.contrib.sessions.models import Session

    from corridor.access.middleware import _RENEWED_KEY

    client = client_for(cast["case_worker"])
    key = client.cookies["sessionid"].value
    assert client.get("/people/").status_code == 200
    first = Session.objects.get(pk=key).expire_date
    assert client.get("/people/").status_code == 200
    assert Session.objects.get(pk=key).expire_date == first  # used again within the minute

    # A minute later the next request renews the idle clock (a new expiry is saved).
    session = client.session
    session[_RENEWED_KEY] -= 61
    session.save()
    stale = Session.objects.get(pk=key).expire_date
    assert client.get("/people/").status_code == 200
    assert Session.objects.get(pk=key).expire_date > stale

    # Idle past the session age: signed out.
    from django.utils import timezone
    Session.objects.filter(pk=key).update(expire_date=timezone.now())
    assert client.get("/people/").status_code == 302
