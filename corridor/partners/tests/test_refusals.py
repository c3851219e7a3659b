"""Bad input: an agreement asking more than the notice allows is refused with the reason; an
export for fields outside an agreement, by a partner without one, or after its expiry is refused
with the reason and audited; an emergency disclosure needs a reason and a second approver."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import make_user
from corridor.access.roles import Role
from corridor.core.errors import PermissionDenied, ValidationFailed
from corridor.core.models import AuditAction, AuditEvent
from corridor.partners import services_sharing, sharing
from corridor.partners.models import AgreementKind, OverrideStatus
from corridor.partners.tests.conftest import (
    NEVER,
    SHARED,
    VALUES,
    make_agreement,
    register,
    today,
)


def _terms(org, agency, notice, viewer, **overrides):
    return {"partner": agency, "kind": AgreementKind.DATA_SHARING, "reference": "DSA-X",
            "title": "T", "purpose": "referral", "notice": notice, "fields": [SHARED],
            "offices": [org.country_a], "users": [viewer],
            "start": today(), "end": today() + dt.timedelta(days=5), **overrides}


def test_an_agreement_asking_more_than_the_notice_is_refused_with_the_reason(
        cast, org, agency, notice, viewer):
    with pytest.raises(ValidationFailed) as refused:
        services_sharing.agreement_create(
            actor=cast["hq_admin"], **_terms(org, agency, notice, viewer, fields=[SHARED, NEVER]))
    assert refused.value.problems == [{"field": "fields", "message":
                                       "The privacy notice PN-SHARE v1 does not allow sharing: "
                                       "phones."}]
    with pytest.raises(ValidationFailed) as refused:
        services_sharing.agreement_create(
            actor=cast["hq_admin"], **_terms(org, agency, notice, viewer, purpose="resettlement"))
    assert refused.value.problems[0]["field"] == "purpose"


def test_an_amendment_cannot_go_past_the_notice_either(cast, org, agency, notice, viewer):
    agreement = make_agreement(cast, org, agency, notice, viewer)
    with pytest.raises(ValidationFailed):
        services_sharing.agreement_amend(actor=cast["hq_admin"], agreement=agreement,
                                         expected_version=agreement.version,
                                         changes={"fields": [SHARED, "documents"]})
    amended = services_sharing.agreement_amend(actor=cast["hq_admin"], agreement=agreement,
                                               expected_version=agreement.version,
                                               changes={"fields": [SHARED]})
    assert amended.edition == 2 and amended.fields == [SHARED]


def test_only_users_of_the_partner_may_be_named(cast, org, agency, notice, viewer):
    with pytest.raises(ValidationFailed) as refused:
        services_sharing.agreement_create(
            actor=cast["hq_admin"], **_terms(org, agency, notice, viewer,
                                             users=[viewer, cast["case_worker"]]))
    assert refused.value.problems[0]["field"] == "users"


def test_a_case_worker_cannot_make_agreements(cast, org, agency, notice, viewer):
    with pytest.raises(PermissionDenied):
        services_sharing.agreement_create(actor=cast["case_worker"],
                                          **_terms(org, agency, notice, viewer))


@pytest.mark.parametrize("case", ["fields_outside", "no_agreement", "expired", "no_partner"])
def test_export_refusals_name_the_reason_and_are_audited(case, cast, org, agency, other_agency,
                                                         notice, viewer, client_for):
    register(cast, org, consent="given", agency=agency, other_agency=other_agency, notice=notice)
    state = "expired" if case == "expired" else "in_force"
    agreement = make_agreement(cast, org, agency, notice, viewer, state=state)
    user = viewer
    if case == "no_agreement":
        user = make_user("partner_cf", Role.PARTNER_VIEWER, org.country_a)
        services_sharing.member_add(actor=cast["hq_admin"], partner=other_agency, user=user)
    if case == "no_partner":
        user = make_user("viewer_alone", Role.PARTNER_VIEWER, org.country_a)
    query = "?fields=given_name&fields=phones" if case == "fields_outside" else ""
    response = client_for(user).get(f"/partners/shared/{agreement.pk}/export.csv{query}")
    assert response.status_code == 403
    text = response.content.decode()
    assert VALUES[SHARED] not in text
    expected = {"fields_outside": "These fields are outside the agreement: phones.",
                "no_agreement": "Your agency has no data-sharing agreement in force.",
                "expired": "Your agency has no data-sharing agreement in force.",
                "no_partner": "You do not belong to a partner agency."}[case]
    assert expected in text
    event = AuditEvent.objects.filter(action=AuditAction.REFUSED, actor=user).latest("id")
    assert event.object_type == "partners.agreement"
    api = client_for(user).get(f"/api/v1/partners/shared/agreements/{agreement.pk}/export"
                               f"?format=csv{query.replace('?', '&')}")
    assert api.status_code == 403 and api.json()["detail"] == expected


def test_an_expired_agreement_with_another_in_force_names_its_expiry(
        cast, org, agency, other_agency, notice, viewer):
    register(cast, org, consent="given", agency=agency, other_agency=other_agency, notice=notice)
    make_agreement(cast, org, agency, notice, viewer, reference="DSA-LIVE")
    old = make_agreement(cast, org, agency, notice, viewer, state="expired", reference="DSA-OLD")
    with pytest.raises(sharing.ExportRefused) as refused:
        sharing.shared_export(user=viewer, agreement_id=old.pk, fields=[], fmt="csv")
    assert refused.value.code == "expired"
    assert str(old.end) in refused.value.message


def test_emergency_disclosure_needs_a_reason_and_a_second_approver(
        cast, org, agency, other_agency, notice, viewer, client_for):
    person = register(cast, org, consent="none", agency=agency, other_agency=other_agency,
                      notice=notice)
    asker = cast["administrator"]
    with pytest.raises(ValidationFailed):
        services_sharing.emergency_request(actor=asker, partner=agency, person=person,
                                           fields=[SHARED], reason=" ")
    disclosure = services_sharing.emergency_request(
        actor=asker, partner=agency, person=person, fields=[SHARED, NEVER],
        reason="Medical evacuation tonight")
    assert sharing.emergency_open_for(viewer) == []
    admin = cast["hq_admin"]
    with pytest.raises(PermissionDenied):  # the one who asked cannot approve it
        services_sharing.emergency_decide(actor=disclosure.requested_by, disclosure=disclosure,
                                          approve=True, expected_version=disclosure.version)
    decided = services_sharing.emergency_decide(actor=admin, disclosure=disclosure, approve=True,
                                                expected_version=disclosure.version)
    assert decided.status == OverrideStatus.APPROVED
    page = client_for(viewer).get(f"/partners/shared/emergency/{disclosure.pk}/")
    assert VALUES[NEVER] in page.content.decode()
    report = client_for(admin).get("/partners/emergency/").content.decode()
    assert "Medical evacuation tonight" in report


def test_the_api_refuses_an_agreement_beyond_its_notice_and_drafts_one_within(
        cast, org, agency, notice, viewer, client_for):
    api = client_for(cast["hq_admin"])
    body = {"partner_id": agency.pk, "kind": "data_sharing", "reference": "DSA-API",
            "title": "Via the API", "purpose": "referral", "notice_id": notice.pk,
            "fields": ["given_name", "documents"], "office_ids": [org.country_a.pk],
            "user_ids": [viewer.pk], "start": today().isoformat(),
            "end": (today() + dt.timedelta(days=9)).isoformat()}
    refused = api.post("/api/v1/partners/agreements", body, content_type="application/json")
    assert refused.status_code == 422
    assert refused.json()["problems"][0]["message"] == (
        "The privacy notice PN-SHARE v1 does not allow sharing: documents.")
    created = api.post("/api/v1/partners/agreements", {**body, "fields": ["given_name"]},
                       content_type="application/json")
    assert created.status_code == 201 and created.json()["state_today"] == "draft"
    agreement_id = created.json()["id"]
    moved = api.post(f"/api/v1/partners/agreements/{agreement_id}/status",
                     {"status": "in_force", "version": created.json()["version"]},
                     content_type="application/json")
    assert moved.json()["state_today"] == "in_force"
    assert client_for(cast["case_worker"]).post(
        "/api/v1/partners/agreements", body, content_type="application/json").status_code == 403


def test_a_cooperation_agreement_shares_no_personal_data(cast, org, agency, notice, viewer):
    with pytest.raises(ValidationFailed) as refused:
        services_sharing.agreement_create(
            actor=cast["hq_admin"], **_terms(org, agency, notice, viewer,
                                             kind=AgreementKind.COOPERATION))
    assert refused.value.problems[0]["field"] == "fields"
    agreement = services_sharing.agreement_create(
        actor=cast["hq_admin"], **_terms(org, agency, None, viewer, kind=AgreementKind.COOPERATION,
                                         fields=[], users=[], purpose=""))
    assert agreement.kind == AgreementKind.COOPERATION
