"""Administrators manage accounts and roles within their own offices only."""

from __future__ import annotations

from django.test import Client

from conftest import PASSWORD
from corridor.access.models import Membership, User
from corridor.core.models import AuditEvent


def test_an_administrator_creates_an_account_in_their_office(org, cast, client_for):
    client = client_for(cast["administrator"])
    response = client.post("/staff/new/", {
        "username": "new.worker", "first_name": "Nour", "last_name": "Said",
        "password": "a-long-enough-initial-passphrase", "office": org.sub_a.pk,
        "role": "case_worker",
    })
    assert response.status_code == 302
    member = User.objects.get(username="new.worker")
    # A role that sees personal data waits for a second administrator (test_grants.py).
    assert not member.memberships.exists()
    assert list(member.grant_requests.values_list("office__code", "role", "status")) == [
        ("SA", "case_worker", "pending")]
    assert client.get(response["Location"]).status_code == 200
    assert AuditEvent.objects.filter(object_type="access.user", action="create",
                                     actor=cast["administrator"]).exists()


def test_no_account_in_an_office_outside_scope(org, cast, client_for):
    client = client_for(cast["administrator"])
    response = client.post("/staff/new/", {
        "username": "sneaky", "password": "a-long-enough-initial-passphrase",
        "office": org.country_b.pk, "role": "case_worker",
    })
    assert response.status_code == 200  # the form refuses the office
    assert not User.objects.filter(username="sneaky").exists()


def test_weak_initial_passwords_are_refused(org, cast, client_for):
    client = client_for(cast["administrator"])
    response = client.post("/staff/new/", {"username": "weak", "password": "12345678",
                                           "office": org.country_a.pk, "role": "case_worker"})
    assert response.status_code == 200 and not User.objects.filter(username="weak").exists()


def test_other_offices_staff_are_not_found(cast, client_for):
    client = client_for(cast["administrator"])
    assert client.get(f"/staff/{cast['case_worker'].pk}/").status_code == 200
    assert client.get(f"/staff/{cast['outsider'].pk}/").status_code == 404


def test_grant_revoke_and_deactivate(org, cast, client_for):
    client = client_for(cast["administrator"])
    worker = cast["case_worker"]
    client.post(f"/staff/{worker.pk}/", {"action": "grant", "office": org.sub_a.pk,
                                         "role": "data_analyst"})
    granted = Membership.objects.get(user=worker, role="data_analyst")
    client.post(f"/staff/{worker.pk}/", {"action": "revoke", "membership": granted.pk})
    assert not Membership.objects.filter(pk=granted.pk).exists()
    client.post(f"/staff/{worker.pk}/", {"action": "deactivate"})
    worker.refresh_from_db()
    assert not worker.is_active
    login = Client().post("/accounts/login/", {"username": worker.username, "password": PASSWORD})
    assert login.status_code == 401
    actions = set(AuditEvent.objects.filter(actor=cast["administrator"])
                  .values_list("action", flat=True))
    assert {"create", "delete", "update"} <= actions


def test_administrators_cannot_give_themselves_roles(org, cast, client_for):
    admin = cast["administrator"]
    client_for(admin).post(f"/staff/{admin.pk}/", {"action": "grant", "office": org.country_a.pk,
                                                   "role": "case_worker"})
    assert not Membership.objects.filter(user=admin, role="case_worker").exists()


def test_other_roles_cannot_manage_staff(cast, client_for):
    client = client_for(cast["case_worker"])
    assert client.get("/staff/new/").status_code == 404
    assert client.get(f"/staff/{cast['finance_officer'].pk}/").status_code == 404
