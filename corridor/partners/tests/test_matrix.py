"""The one selector, as a matrix: field × consent × agreement state × face (page, API, export).
A value reaches the partner's user only when the field is in the agreement and in the notice,
the person's latest consent for that partner is given, and the agreement is in force today."""

from __future__ import annotations

import json

import pytest

from corridor.core.models import AuditAction, AuditEvent
from corridor.partners.tests.conftest import (
    NEVER,
    NOTICE_ONLY,
    SHARED,
    VALUES,
    make_agreement,
    register,
    today,
)

STATES = ["draft", "in_force", "expired", "revoked"]
CONSENTS = ["given", "withdrawn", "none", "other_partner"]
FACES = ["page", "api", "export"]


def _fetch(client, face: str, agreement, person) -> tuple[int, str]:
    if face == "page":
        response = client.get(f"/partners/shared/{agreement.pk}/")
        detail = client.get(f"/partners/shared/{agreement.pk}/people/{person.pk}/")
        text = response.content.decode() + detail.content.decode()
        return response.status_code, text
    if face == "api":
        response = client.get(f"/api/v1/partners/shared/agreements/{agreement.pk}/people")
        detail = client.get(f"/api/v1/partners/shared/agreements/{agreement.pk}/people/"
                            f"{person.pk}")
        return response.status_code, response.content.decode() + detail.content.decode()
    response = client.get(f"/partners/shared/{agreement.pk}/export.json")
    return response.status_code, response.content.decode()


@pytest.mark.parametrize("face", FACES)
@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("consent", CONSENTS)
@pytest.mark.parametrize("field", [SHARED, NOTICE_ONLY, NEVER])
def test_matrix(field, consent, state, face, cast, org, agency, other_agency, notice, viewer,
                client_for):
    person = register(cast, org, consent=consent, agency=agency, other_agency=other_agency,
                      notice=notice)
    agreement = make_agreement(cast, org, agency, notice, viewer, state=state)
    status, text = _fetch(client_for(viewer), face, agreement, person)
    visible = field == SHARED and consent == "given" and state == "in_force"
    assert (VALUES[field] in text) is visible
    if state != "in_force":
        assert status in (403, 404)  # pages and API: 404; an export: refused with the reason
    else:
        assert status == 200
    if visible:
        event = AuditEvent.objects.filter(object_type="partners.agreement",
                                          object_id=str(agreement.pk)).latest("id")
        assert person.pk in event.changes["people"]
        assert event.changes["fields"] == ["given_name", "sex"]


def test_a_withdrawal_cuts_access_on_the_next_request(cast, org, agency, other_agency, notice,
                                                      viewer, client_for):
    from corridor.registry import services as registry
    from corridor.registry.services import ConsentInput

    person = register(cast, org, consent="given", agency=agency, other_agency=other_agency,
                      notice=notice)
    agreement = make_agreement(cast, org, agency, notice, viewer)
    client = client_for(viewer)
    url = f"/partners/shared/{agreement.pk}/people/{person.pk}/"
    assert client.get(url).status_code == 200
    registry.consent_record(actor=cast["case_worker"], person=person,
                            consent=ConsentInput("sharing", False, None, agency.pk, notice.pk))
    assert client.get(url).status_code == 404
    assert VALUES[SHARED] not in client.get(f"/partners/shared/{agreement.pk}/").content.decode()


def test_staff_and_other_partners_see_nothing_shared(cast, org, agency, other_agency, notice,
                                                     viewer, client_for):
    person = register(cast, org, consent="given", agency=agency, other_agency=other_agency,
                      notice=notice)
    agreement = make_agreement(cast, org, agency, notice, viewer)
    for user in (cast["case_worker"], cast["data_analyst"], cast["hq_admin"]):
        client = client_for(user)
        assert client.get(f"/partners/shared/{agreement.pk}/").status_code == 404
        assert client.get(f"/partners/shared/{agreement.pk}/people/{person.pk}/").status_code == 404
    assert json.loads(client_for(viewer).get(
        f"/partners/shared/{agreement.pk}/export.json").content)["records"][0][SHARED] == \
        VALUES[SHARED]
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT,
                                     object_id=str(agreement.pk)).exists()


def test_the_partners_home_lists_only_agreements_in_force(cast, org, agency, notice, viewer,
                                                          client_for):
    make_agreement(cast, org, agency, notice, viewer, reference="DSA-LIVE")
    make_agreement(cast, org, agency, notice, viewer, state="expired", reference="DSA-OLD")
    page = client_for(viewer).get("/partners/shared/").content.decode()
    assert "DSA-LIVE" in page and "DSA-OLD" not in page
    assert client_for(cast["case_worker"]).get("/partners/shared/").status_code == 404


def test_staff_pages_of_partners_agreements_and_operations(cast, org, agency, notice, viewer,
                                                           client_for):
    agreement = make_agreement(cast, org, agency, notice, viewer)
    admin = client_for(cast["hq_admin"])
    assert "Refugee Agency" in admin.get("/partners/").content.decode()
    assert "DSA-1" in admin.get(f"/partners/{agency.pk}/").content.decode()
    detail = admin.get(f"/partners/agreements/{agreement.pk}/").content.decode()
    assert "In force" in detail and "given name" in detail
    person = register(cast, org, consent="given", agency=agency, other_agency=agency,
                      notice=notice)
    client_for(viewer).get(f"/partners/shared/{agreement.pk}/people/{person.pk}/")
    dpo = admin.get(f"/partners/agreements/{agreement.pk}/disclosures/").content.decode()
    assert viewer.username in dpo and "given name" not in dpo and "given_name, sex" in dpo
    assert client_for(cast["case_worker"]).get(
        f"/partners/agreements/{agreement.pk}/disclosures/").status_code == 404
    assert admin.get("/partners/operations/").status_code == 200
    assert admin.get("/partners/emergency/").status_code == 200
    assert client_for(cast["outsider"]).get(
        f"/partners/agreements/{agreement.pk}/").status_code == 404
    response = admin.post(f"/partners/agreements/{agreement.pk}/",
                          {"status": "revoked", "reason": "", "version": agreement.version})
    assert response.status_code == 422
    response = admin.post(f"/partners/agreements/{agreement.pk}/",
                          {"status": "revoked", "reason": "Breach", "version": agreement.version})
    assert response.status_code == 302
    assert client_for(viewer).get(f"/partners/shared/{agreement.pk}/").status_code == 404


def test_a_sharing_consent_recorded_on_the_page_names_its_notice(cast, org, agency, other_agency,
                                                                notice, viewer, client_for):
    person = register(cast, org, consent="none", agency=agency, other_agency=other_agency,
                      notice=notice)
    agreement = make_agreement(cast, org, agency, notice, viewer)
    url = f"/partners/shared/{agreement.pk}/people/{person.pk}/"
    assert client_for(viewer).get(url).status_code == 404
    response = client_for(cast["case_worker"]).post(
        f"/people/{person.pk}/consents/new/",
        {"purpose": "sharing", "given": "yes", "recorded_on": today().isoformat(),
         "partner": agency.pk, "notice": notice.pk})
    assert response.status_code == 302
    assert VALUES[SHARED] in client_for(viewer).get(url).content.decode()
