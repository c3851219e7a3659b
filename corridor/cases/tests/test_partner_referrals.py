"""Referrals between agencies: the partner's users answer in Corridor (accept, reject with the
reason, done), the packet carries only the fields the person consented to share with that
partner, a manager revokes, and the response time is kept."""

from __future__ import annotations

import pytest

from corridor.cases import services
from corridor.cases.models import ReferralStatus
from corridor.core.errors import NotFound, PermissionDenied, ValidationFailed
from corridor.partners import services_sharing
from corridor.registry import services as registry
from corridor.registry.services import ConsentInput


@pytest.fixture
def partner_user(cast, partner):
    user = cast["partner_viewer"]
    services_sharing.member_add(actor=cast["hq_admin"], partner=partner, user=user)
    return user


@pytest.fixture
def referral(in_assistance, worker, person, partner, cast):
    notice = services_sharing.notice_create(
        actor=cast["hq_admin"], code="PN-REF", title="Referrals", purposes=["referral"],
        fields=["given_name", "sex"], partners=[partner])
    registry.consent_record(actor=worker, person=person,
                            consent=ConsentInput("sharing", True, None, partner.pk, notice.pk))
    return services.referral_send(actor=worker, case=in_assistance, person=person,
                                  partner=partner, reason="Needs family tracing")


def test_the_partner_answers_in_corridor_and_sees_only_consented_fields(
        referral, partner_user, person, client_for):
    client = client_for(partner_user)
    page = client.get(f"/cases/referrals/inbox/{referral.pk}/").content.decode()
    assert person.given_name in page and person.family_name not in page
    api = client.get(f"/api/v1/partners/shared/referrals/{referral.pk}").json()
    assert api["packet"]["fields"] == ["given_name", "sex"]
    response = client.post(f"/cases/referrals/inbox/{referral.pk}/",
                           {"status": "declined", "answer": "", "version": referral.version})
    assert response.status_code == 422  # a rejection says why
    response = client.post(f"/cases/referrals/inbox/{referral.pk}/",
                           {"status": "accepted", "answer": "We take it",
                            "version": referral.version})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED and referral.answered_by == partner_user
    assert referral.response_days == 0


def test_no_consent_no_packet(in_assistance, worker, person, partner, partner_user, client_for):
    referral = services.referral_send(actor=worker, case=in_assistance, person=person,
                                      partner=partner, reason="Shelter")
    page = client_for(partner_user).get(f"/cases/referrals/inbox/{referral.pk}/")
    assert person.given_name not in page.content.decode()


def test_a_manager_revokes_and_the_partner_loses_the_packet(referral, worker, partner_user,
                                                            client_for, cast):
    with pytest.raises(PermissionDenied):
        services.referral_revoke(actor=cast["movement_officer"], referral=referral,
                                 reason="x", expected_version=referral.version)
    with pytest.raises(ValidationFailed):
        services.referral_revoke(actor=worker, referral=referral, reason=" ",
                                 expected_version=referral.version)
    revoked = services.referral_revoke(actor=worker, referral=referral, reason="Sent in error",
                                       expected_version=referral.version)
    assert revoked.status == ReferralStatus.REVOKED
    assert client_for(partner_user).get(
        f"/cases/referrals/inbox/{referral.pk}/").status_code == 404
    with pytest.raises(NotFound):
        services.referral_answer_by_partner(actor=cast["case_worker"], referral=revoked,
                                            status="accepted", answer="",
                                            expected_version=revoked.version)


def test_another_partner_sees_nothing(referral, org, client_for, cast):
    from conftest import make_user
    from corridor.access.roles import Role
    from corridor.partners.models import Partner

    other = Partner.objects.create(name="Other agency", kind="ngo")
    stranger = make_user("partner_other", Role.PARTNER_VIEWER, org.country_a)
    services_sharing.member_add(actor=cast["hq_admin"], partner=other, user=stranger)
    client = client_for(stranger)
    assert client.get(f"/cases/referrals/inbox/{referral.pk}/").status_code == 404
    assert client.get(f"/api/v1/partners/shared/referrals/{referral.pk}").status_code == 404
