"""Lockout (finding 8): counted before the password check, atomically; per name and address, per
address, per name over all addresses; failures tallied in aggregate, not audited one by one."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.db import connection
from django.test import Client, override_settings
from django.utils import timezone

from conftest import PASSWORD
from corridor.access.models import LoginFailureTally, LoginThrottle
from corridor.core.models import AuditEvent

LOCKED = "Too many failed attempts. Try again later."
ATTACKER = "203.0.113.66"
OWNER = "198.51.100.7"


def attempt(address: str, username: str, password: str):
    return Client(REMOTE_ADDR=address).post(
        "/accounts/login/", {"username": username, "password": password, "code": ""})


def test_failures_are_tallied_per_name_address_and_hour_not_audited(db):
    for _ in range(3):
        attempt(ATTACKER, "<b>Anyone's text</b>", "x")
    attempt(OWNER, "<b>Anyone's text</b>", "x")
    attempt(ATTACKER, "someone", "x")
    tallies = {(t.username, t.address): t.failures for t in LoginFailureTally.objects.all()}
    assert tallies == {("<b>anyone's text</b>", ATTACKER): 3, ("<b>anyone's text</b>", OWNER): 1,
                       ("someone", ATTACKER): 1}
    window = LoginFailureTally.objects.values_list("window_start", flat=True).first()
    assert window.minute == window.second == window.microsecond == 0
    assert not AuditEvent.objects.exists()  # nothing an anonymous attempt typed lands there


@override_settings(LOGIN_FAILURE_LIMIT=3)
def test_a_stranger_locks_a_name_only_for_their_own_address(cast):
    for _ in range(2):
        assert attempt(ATTACKER, "finance_officer_a", "guess").status_code == 401
    assert LOCKED in attempt(ATTACKER, "finance_officer_a", "guess").content.decode()
    assert LOCKED in attempt(ATTACKER, "finance_officer_a", PASSWORD).content.decode()
    # The owner, elsewhere, still signs in.
    assert attempt(OWNER, "finance_officer_a", PASSWORD).status_code == 302
    locks = AuditEvent.objects.filter(action="locked_out")
    assert [(e.object_id, e.ip_address) for e in locks] == [
        (str(cast["finance_officer"].pk), ATTACKER)]


@override_settings(LOGIN_FAILURE_LIMIT=3, LOGIN_ADDRESS_FAILURE_LIMIT=4)
def test_one_password_over_many_names_trips_the_address(cast):
    for name in ("ana", "ben", "carla", "dmitri"):
        assert attempt(ATTACKER, name, "Summer2026!").status_code == 401
    # No single name failed twice, yet the address is stopped, even for a right password.
    assert LOCKED in attempt(ATTACKER, "finance_officer_a", PASSWORD).content.decode()
    assert attempt(OWNER, "finance_officer_a", PASSWORD).status_code == 302


@override_settings(LOGIN_FAILURE_LIMIT=2, LOGIN_ADDRESS_FAILURE_LIMIT=3,
                   LOGIN_ACCOUNT_FAILURE_LIMIT=4)
def test_guessing_spread_over_addresses_locks_the_name(cast):
    for i in range(4):
        assert attempt(f"192.0.2.{i + 1}", "finance_officer_a", "guess").status_code == 401
    assert LOCKED in attempt("192.0.2.99", "finance_officer_a", PASSWORD).content.decode()
    assert AuditEvent.objects.filter(action="locked_out",
                                     object_id=str(cast["finance_officer"].pk)).count() == 1


@override_settings(LOGIN_FAILURE_LIMIT=2)
def test_a_lock_runs_out_and_further_attempts_do_not_prolong_it(cast):
    attempt(ATTACKER, "finance_officer_a", "guess")
    assert LOCKED in attempt(ATTACKER, "finance_officer_a", "guess").content.decode()
    assert LOCKED in attempt(ATTACKER, "finance_officer_a", "guess").content.decode()
    pair = LoginThrottle.objects.get(key=f"pair:{ATTACKER}|finance_officer_a")
    began = pair.last_failure_at
    for _ in range(3):
        assert LOCKED in attempt(ATTACKER, "finance_officer_a", PASSWORD).content.decode()
    pair.refresh_from_db()
    assert (pair.failures, pair.last_failure_at) == (3, began)
    # A lockout period after it began, the name is free again at that address.
    LoginThrottle.objects.update(
        last_failure_at=timezone.now() - timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES, seconds=1))
    assert attempt(ATTACKER, "finance_officer_a", PASSWORD).status_code == 302


@override_settings(LOGIN_FAILURE_LIMIT=3)
def test_a_correct_sign_in_gives_back_what_it_reserved(cast):
    attempt(ATTACKER, "finance_officer_a", "guess")
    assert attempt(ATTACKER, "finance_officer_a", PASSWORD).status_code == 302
    counts = dict(LoginThrottle.objects.values_list("key", "failures"))
    assert counts == {f"address:{ATTACKER}": 1, "account:finance_officer_a": 1}


def test_counters_a_lockout_period_old_are_deleted(db):
    attempt(ATTACKER, "old", "x")
    LoginThrottle.objects.update(
        last_failure_at=timezone.now() - timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES + 1))
    attempt(OWNER, "new", "x")
    assert sorted(LoginThrottle.objects.values_list("key", flat=True)) == [
        "account:new", f"address:{OWNER}", f"pair:{OWNER}|new"]


def test_tallies_past_their_retention_are_deleted(db):
    attempt(ATTACKER, "old", "x")
    LoginFailureTally.objects.update(
        window_start=timezone.now() - timedelta(days=settings.LOGIN_FAILURE_TALLY_DAYS, hours=1))
    attempt(ATTACKER, "new", "x")
    assert list(LoginFailureTally.objects.values_list("username", flat=True)) == ["new"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="threads need PostgreSQL")
@pytest.mark.django_db(transaction=True)
@override_settings(LOGIN_FAILURE_LIMIT=3)
def test_parallel_guesses_cannot_race_past_the_limit():
    """Twelve guesses at once: only LOGIN_FAILURE_LIMIT of them reach the password check.
    Before, every one read "not locked" before the first (slow) check had counted."""
    from corridor.access.authentication import login_attempt
    from corridor.core.context import RequestOrigin, set_origin

    checked: list[str] = []
    lock = threading.Lock()

    def count_check(sender, credentials, **kwargs):  # Django's signal: a password was checked
        with lock:
            checked.append(credentials.get("username", ""))

    start = threading.Barrier(12)
    results = []

    def guess(i: int) -> None:
        try:
            set_origin(RequestOrigin(ip_address=ATTACKER, via="page"))
            start.wait()
            result = login_attempt(request=None, username="target", password=f"guess-{i}")
            with lock:
                results.append(result)
        finally:
            connection.close()

    user_login_failed.connect(count_check)
    try:
        threads = [threading.Thread(target=guess, args=(i,)) for i in range(12)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        user_login_failed.disconnect(count_check)
    assert len(results) == 12 and all(r.user is None for r in results)
    assert len(checked) == 3
    assert sum(r.locked for r in results) == 12 - 2
    assert LoginThrottle.objects.get(key=f"pair:{ATTACKER}|target").failures == 4
    assert LoginFailureTally.objects.get(username="target").failures == 12


@pytest.mark.parametrize(("pair", "address", "account"), [("5", "20", "20"), ("6", "5", "50")])
def test_limits_that_let_one_address_lock_an_account_stop_start_up(pair, address, account):
    env = {**os.environ, "LOGIN_FAILURE_LIMIT": pair, "LOGIN_ADDRESS_FAILURE_LIMIT": address,
           "LOGIN_ACCOUNT_FAILURE_LIMIT": account, "DEBUG": "true"}
    run = subprocess.run([sys.executable, "-c", "import config.settings"], env=env,
                         capture_output=True, text=True, check=False)
    assert run.returncode != 0 and "LOGIN_ACCOUNT_FAILURE_LIMIT" in run.stderr
