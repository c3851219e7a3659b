"""Finding 5: administrators manage only staff wholly within their scope, and a role that sees
personal data needs a second administrator's approval (four eyes)."""

from __future__ import annotations

import pytest

from conftest import make_user
from corridor.access import services
from corridor.access.models import Membership, RoleGrantRequest
from corridor.access.roles import Role
from corridor.core.errors import PermissionDenied
from corridor.core.models import AuditEvent


@pytest.fixture
def regional_admin(org):
    return make_user("admin_ra", Role.ADMINISTRATOR, org.region_a)


@pytest.fixture
def second_admin(org):
    return make_user("admin_a2", Role.ADMINISTRATOR, org.country_a)


def test_a_regional_administrator_cannot_touch_a_headquarters_administrator(
        org, cast, regional_admin, client_for):
    hq_admin = cast["hq_admin"]
    in_region = services.membership_grant(actor=None, user=hq_admin, office=org.country_a,
                                          role=Role.DATA_ANALYST)
    client = client_for(regional_admin)
    page = client.get(f"/staff/{hq_admin.pk}/")
    assert page.status_code == 200 and 'value="deactivate"' not in page.content.decode()
    assert client.post(f"/staff/{hq_admin.pk}/", {"action": "deactivate"}).status_code == 403
    assert client.post(f"/staff/{hq_admin.pk}/", {"action": "revoke",
                                                  "membership": in_region.pk}).status_code == 403
    assert client.post(f"/staff/{hq_admin.pk}/", {"action": "grant", "office": org.country_a.pk,
                                                  "role": "finance_officer"}).status_code == 403
    hq_admin.refresh_from_db()
    assert hq_admin.is_active
    assert set(hq_admin.memberships.values_list("role", flat=True)) == {"administrator",
                                                                        "data_analyst"}
    # Staff wholly within the region remain the regional administrator's to manage.
    assert client.post(f"/staff/{cast['finance_officer'].pk}/",
                       {"action": "deactivate"}).status_code == 302
    cast["finance_officer"].refresh_from_db()
    assert not cast["finance_officer"].is_active


def test_a_new_account_gets_no_personal_data_role_from_one_administrator(
        org, cast, second_admin, client_for):
    creator = client_for(cast["administrator"])
    creator.post("/staff/new/", {"username": "new.worker", "office": org.country_a.pk,
                                 "password": "a-long-enough-initial-passphrase",
                                 "role": "case_worker"})
    grant = RoleGrantRequest.objects.get(user__username="new.worker")
    assert grant.status == "pending" and grant.requested_by == cast["administrator"]
    assert not Membership.objects.filter(user=grant.user).exists()
    # The one who asked cannot approve: the page offers no button, the endpoint refuses.
    listing = creator.get("/staff/grants/").content.decode()
    assert "new.worker" in listing and 'value="approve"' not in listing
    assert creator.post(f"/staff/grants/{grant.pk}/decide/",
                        {"decision": "approve"}).status_code == 403
    assert not Membership.objects.filter(user=grant.user).exists()
    # A second administrator of the office approves; then the role holds.
    approver = client_for(second_admin)
    assert 'value="approve"' in approver.get("/staff/grants/").content.decode()
    assert approver.post(f"/staff/grants/{grant.pk}/decide/",
                         {"decision": "approve"}).status_code == 302
    grant.refresh_from_db()
    assert (grant.status, grant.decided_by) == ("approved", second_admin)
    assert list(grant.user.memberships.values_list("role", flat=True)) == ["case_worker"]
    trail = AuditEvent.objects.filter(object_type="access.rolegrantrequest",
                                      object_id=str(grant.pk))
    assert sorted(trail.values_list("action", "actor__username")) == [
        ("create", "administrator_a"), ("update", "admin_a2")]
    assert AuditEvent.objects.filter(object_type="access.membership", action="create",
                                     actor=second_admin).exists()


def test_the_one_who_would_gain_the_role_cannot_approve_it(org, cast, second_admin):
    grant = services.membership_grant(actor=cast["administrator"], user=second_admin,
                                      office=org.country_a, role=Role.CASE_WORKER)
    assert isinstance(grant, RoleGrantRequest)
    with pytest.raises(PermissionDenied):
        services.grant_approve(actor=second_admin, grant=grant)
    with pytest.raises(PermissionDenied):
        services.grant_approve(actor=cast["administrator"], grant=grant)
    services.grant_approve(actor=cast["hq_admin"], grant=grant)
    assert Membership.objects.filter(user=second_admin, role=Role.CASE_WORKER).exists()


def test_an_administrator_elsewhere_neither_sees_nor_decides(org, cast, client_for):
    other = make_user("admin_b", Role.ADMINISTRATOR, org.country_b)
    grant = services.membership_grant(actor=cast["administrator"], user=cast["finance_officer"],
                                      office=org.country_a, role=Role.TRACING_OFFICER)
    client = client_for(other)
    assert "finance_officer_a" not in client.get("/staff/grants/").content.decode()
    assert client.post(f"/staff/grants/{grant.pk}/decide/",
                       {"decision": "approve"}).status_code == 404
    with pytest.raises(PermissionDenied):
        services.grant_approve(actor=other, grant=grant)
    grant.refresh_from_db()
    assert grant.status == "pending"


def test_a_declined_request_gives_nothing_and_cannot_be_approved_later(
        org, cast, second_admin, client_for):
    grant = services.membership_grant(actor=cast["administrator"], user=cast["finance_officer"],
                                      office=org.country_a, role=Role.MOVEMENT_OFFICER)
    client = client_for(second_admin)
    client.post(f"/staff/grants/{grant.pk}/decide/", {"decision": "decline"})
    grant.refresh_from_db()
    assert (grant.status, grant.decided_by) == ("declined", second_admin)
    assert client.post(f"/staff/grants/{grant.pk}/decide/",
                       {"decision": "approve"}).status_code == 404  # no longer pending
    hq = client_for(cast["hq_admin"])
    assert "finance_officer_a" not in hq.get("/staff/grants/").content.decode()
    assert not Membership.objects.filter(user=cast["finance_officer"],
                                         role=Role.MOVEMENT_OFFICER).exists()


def test_roles_without_personal_data_are_given_by_one_administrator(org, cast):
    given = services.membership_grant(actor=cast["administrator"], user=cast["finance_officer"],
                                      office=org.sub_a, role=Role.DATA_ANALYST)
    assert isinstance(given, Membership)
    assert not RoleGrantRequest.objects.exists()


def test_no_role_in_an_office_outside_the_administrators_scope(org, cast):
    with pytest.raises(PermissionDenied):
        services.membership_grant(actor=cast["administrator"], user=cast["finance_officer"],
                                  office=org.country_b, role=Role.DATA_ANALYST)
    with pytest.raises(PermissionDenied):
        services.membership_grant(actor=cast["administrator"], user=cast["administrator"],
                                  office=org.country_a, role=Role.CASE_WORKER)
    assert not RoleGrantRequest.objects.exists()
