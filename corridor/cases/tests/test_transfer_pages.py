"""Case transfers through the API and the pages: request, list, accept, decline, cancel; an
office out of reach refused; the receiving office sees the request, not the case's names, notes
or attachments."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.utils import translation

from conftest import make_user
from corridor.access.roles import Role
from corridor.cases import services
from corridor.cases.models import CaseTransfer
from corridor.core.models import AuditEvent
from corridor.registry.models import Person

JSON = "application/json"


@pytest.fixture
def receiver(org):
    return make_user("case_worker_a2_office", Role.CASE_WORKER, org.country_a2)


@pytest.fixture
def noted_case(case, worker):
    services.note_add(actor=worker, case=case, text="Fears reprisals from a neighbour")
    case.refresh_from_db()
    return case


def _request(client, case, office, **extra):
    return client.post(f"/api/v1/cases/{case.pk}/transfers",
                       {"office_id": office.pk, "reason": "Moved to Erbil",
                        "version": case.version, **extra}, content_type=JSON)


def test_api_request_accept_and_the_person_follows(client_for, worker, receiver, noted_case,
                                                   org, person):
    sender, taker = client_for(worker), client_for(receiver)
    made = _request(sender, noted_case, org.country_a2)
    assert made.status_code == 201, made.content
    body = made.json()
    assert (body["status"], body["case_reference"], body["people_count"]) == (
        "pending", noted_case.reference, 1)
    assert sender.get(f"/api/v1/cases/{noted_case.pk}").json()["transfer_pending"] is True
    # The receiver sees the request and the case's outline, nothing personal.
    received = taker.get("/api/v1/transfers", {"direction": "received"})
    assert [t["id"] for t in received.json()["items"]] == [body["id"]]
    text = received.content.decode()
    assert "Amina" not in text and "Diallo" not in text and "reprisals" not in text
    assert taker.get(f"/api/v1/cases/{noted_case.pk}").status_code == 404
    accepted = taker.post(f"/api/v1/transfers/{body['id']}/accept", {"version": 1},
                          content_type=JSON)
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    assert taker.get(f"/api/v1/cases/{noted_case.pk}").json()["office_id"] == org.country_a2.pk
    assert taker.get(f"/api/v1/people/{person.pk}").status_code == 200
    assert sender.get(f"/api/v1/cases/{noted_case.pk}").status_code == 404
    assert sender.get(f"/api/v1/people/{person.pk}").status_code == 404


def test_api_out_of_reach_offices(client_for, worker, cast, case, org):
    sender = client_for(worker)
    # An office the sender sees but may not transfer to (its own; a regional office, which
    # holds no caseload): 422 on the field.
    for client, office in ((sender, org.country_a),
                           (client_for(cast["regional_case_worker"]), org.region_a)):
        refused = _request(client, case, office)
        assert refused.status_code == 422, office
        assert refused.json()["problems"][0]["field"] == "office"
    # Offices outside the sender's tree (another region, headquarters): as if absent.
    for office in (org.country_b, org.hq, org.region_b):
        assert _request(sender, case, office).status_code == 404
    assert not CaseTransfer.objects.exists()


def test_api_versions_and_one_pending(client_for, worker, receiver, case, org):
    sender, taker = client_for(worker), client_for(receiver)
    assert _request(sender, case, org.country_a2, version=7).status_code == 409
    transfer_id = _request(sender, case, org.country_a2).json()["id"]
    case.refresh_from_db()
    second = _request(sender, case, org.sub_a)
    assert second.status_code == 422 and "already waiting" in second.content.decode()
    no_reason = taker.post(f"/api/v1/transfers/{transfer_id}/decline",
                           {"reason": "", "version": 1}, content_type=JSON)
    assert no_reason.status_code == 422
    assert taker.post(f"/api/v1/transfers/{transfer_id}/decline",
                      {"reason": "Full", "version": 3}, content_type=JSON).status_code == 409
    cancelled = sender.post(f"/api/v1/transfers/{transfer_id}/cancel", {"version": 1},
                            content_type=JSON)
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    assert taker.post(f"/api/v1/transfers/{transfer_id}/accept", {"version": 2},
                      content_type=JSON).status_code == 422


def test_api_decline_moves_nothing(client_for, worker, receiver, case, org, person):
    transfer_id = _request(client_for(worker), case, org.country_a2).json()["id"]
    declined = client_for(receiver).post(f"/api/v1/transfers/{transfer_id}/decline",
                                         {"reason": "No shelter places", "version": 1},
                                         content_type=JSON)
    assert declined.status_code == 200 and declined.json()["decline_reason"] == "No shelter places"
    case.refresh_from_db()
    assert case.office == org.country_a
    assert Person.objects.get(pk=person.pk).office == org.country_a


def test_api_outsider_and_sender_cannot_answer(client_for, worker, cast, case, org):
    transfer_id = _request(client_for(worker), case, org.country_a2).json()["id"]
    outsider = client_for(cast["outsider"])
    assert outsider.get(f"/api/v1/transfers/{transfer_id}").status_code == 404
    assert outsider.post(f"/api/v1/transfers/{transfer_id}/accept", {"version": 1},
                         content_type=JSON).status_code == 404
    assert client_for(worker).post(f"/api/v1/transfers/{transfer_id}/accept", {"version": 1},
                                   content_type=JSON).status_code == 403


def test_the_old_direct_transfer_is_gone(client_for, worker, case, org):
    response = client_for(worker).post(f"/api/v1/cases/{case.pk}/transfer",
                                       {"office_id": org.country_b.pk, "reason": "Moved",
                                        "version": 1}, content_type=JSON)
    assert response.status_code in (404, 405)
    case.refresh_from_db()
    assert case.office == org.country_a


def test_pages_request_receive_and_accept(client_for, worker, receiver, noted_case, org,
                                          person):
    sender, taker = client_for(worker), client_for(receiver)
    form = sender.get(f"/cases/{noted_case.pk}/transfer/").content.decode()
    assert f'<option value="{org.country_a2.pk}"' in form
    assert f'<option value="{org.sub_a.pk}"' in form
    for office in (org.hq, org.region_a, org.country_b, org.country_a):
        assert f'<option value="{office.pk}"' not in form
    refused = sender.post(f"/cases/{noted_case.pk}/transfer/",
                          {"office": org.country_b.pk, "reason": "Moved",
                           "version": noted_case.version})
    assert refused.status_code == 200 and not CaseTransfer.objects.exists()  # not a choice
    done = sender.post(f"/cases/{noted_case.pk}/transfer/",
                       {"office": org.country_a2.pk, "reason": "Moved to Erbil",
                        "version": noted_case.version})
    assert done.status_code == 302
    detail = sender.get(f"/cases/{noted_case.pk}/").content.decode()
    assert "Transfer pending" in detail
    transfer = CaseTransfer.objects.get()
    assert f"/cases/transfers/{transfer.pk}/cancel/" in detail
    listing = taker.get("/cases/transfers/").content.decode()
    assert noted_case.reference in listing and "Moved to Erbil" in listing
    assert "Amina" not in listing and "reprisals" not in listing
    assert AuditEvent.objects.filter(actor=receiver, object_type="cases.casetransfer",
                                     action="view").exists()
    page = taker.get(f"/cases/transfers/{transfer.pk}/accept/")
    assert page.status_code == 200
    assert "Amina" not in page.content.decode() and "reprisals" not in page.content.decode()
    accepted = taker.post(f"/cases/transfers/{transfer.pk}/accept/", {"version": 1})
    assert accepted.status_code == 302 and accepted["Location"] == f"/cases/{noted_case.pk}/"
    assert taker.get(f"/cases/{noted_case.pk}/").status_code == 200
    assert taker.get(f"/people/{person.pk}/").status_code == 200
    assert sender.get(f"/cases/{noted_case.pk}/").status_code == 404


def test_pages_decline_and_cancel(client_for, worker, receiver, cast, case, org):
    sender, taker = client_for(worker), client_for(receiver)
    transfer = services.transfer_request(actor=worker, case=case, office=org.country_a2,
                                         reason="Moved", expected_version=case.version)
    assert sender.get(f"/cases/transfers/{transfer.pk}/accept/").status_code == 404
    assert client_for(cast["outsider"]).get(
        f"/cases/transfers/{transfer.pk}/decline/").status_code == 404
    assert taker.post(f"/cases/transfers/{transfer.pk}/decline/",
                      {"version": 1, "reason": ""}).status_code == 200  # the form asks again
    stale = taker.post(f"/cases/transfers/{transfer.pk}/decline/",
                       {"version": 5, "reason": "Full"})
    assert stale.status_code == 409
    declined = taker.post(f"/cases/transfers/{transfer.pk}/decline/",
                          {"version": 1, "reason": "Full"})
    assert declined.status_code == 302 and declined["Location"] == "/cases/transfers/"
    assert "Full" in sender.get(f"/cases/{case.pk}/").content.decode()  # on the timeline
    case.refresh_from_db()
    again = services.transfer_request(actor=worker, case=case, office=org.sub_a,
                                      reason="Moved", expected_version=case.version)
    assert taker.get(f"/cases/transfers/{again.pk}/cancel/").status_code == 404
    cancelled = sender.post(f"/cases/transfers/{again.pk}/cancel/", {"version": 1})
    assert cancelled.status_code == 302
    assert "Transfer pending" not in sender.get(f"/cases/{case.pk}/").content.decode()


def test_messages_in_the_readers_language(client_for, worker, case, org):
    # The requests switch the active language; leave it as it was for the tests after.
    with translation.override(settings.LANGUAGE_CODE):
        sender = client_for(worker)
        sender.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
        refused = _request(sender, case, org.country_a)
        assert refused.json()["problems"][0]["message"].startswith(
            "Ce dossier ne peut pas être transféré à ce bureau")
        case.refresh_from_db()
        assert _request(sender, case, org.country_a2).status_code == 201
        sender.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
        assert "Traslado pendiente" in sender.get(f"/cases/{case.pk}/").content.decode()
