"""The pages and the API: a training's pages, the certificate's PDF whose QR code opens the
public verification page, and the refusals (422 with the reason, 404 out of scope)."""

from __future__ import annotations

import base64

import pytest
from django.test import Client
from django.urls import reverse

from corridor.cooperation import services
from corridor.cooperation.certificates import verification_url
from corridor.cooperation.models import Attendance, Certificate
from corridor.cooperation.tests.qr import encodes, pdf_images
from corridor.core.models import AuditAction, AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate(worker, course, participants, today):
    return services.certificates_issue(actor=worker, course=course, on=today)[0]


def test_pages_answer_in_scope_and_404_outside(client_for, worker, outsider, course,
                                               participants, accepted):
    mine, theirs = client_for(worker), client_for(outsider)
    for name, kwargs in (("cooperation:home", {}), ("cooperation:outcomes", {}),
                         ("cooperation:request", {"request_id": accepted.pk}),
                         ("cooperation:course", {"course_id": course.pk}),
                         ("cooperation:participants", {"course_id": course.pk}),
                         ("cooperation:needs", {}), ("cooperation:candidates", {}),
                         ("cooperation:placements", {})):
        assert mine.get(reverse(name, kwargs=kwargs)).status_code == 200, name
    for name, kwargs in (("cooperation:request", {"request_id": accepted.pk}),
                         ("cooperation:course", {"course_id": course.pk}),
                         ("cooperation:participants", {"course_id": course.pk})):
        assert theirs.get(reverse(name, kwargs=kwargs)).status_code == 404, name


def test_the_participants_page_is_audited(client_for, worker, course, participants):
    client_for(worker).get(reverse("cooperation:participants", args=[course.pk]))
    event = AuditEvent.objects.filter(actor=worker, action=AuditAction.VIEW).latest("id")
    assert sorted(event.changes["participants"]) == sorted(p.pk for p in participants)


def test_attendance_of_a_stranger_is_refused_on_the_page(client_for, worker, org, course,
                                                         participants):
    other = services.course_create(actor=worker, office=org.country_a, title="Other",
                                   country="JOR")
    stranger = services.participant_add(actor=worker, course=other, full_name="S T",
                                        institution="M")
    session = course.sessions.first()
    before = Attendance.objects.count()
    response = client_for(worker).post(reverse("cooperation:participants", args=[course.pk]), {
        "step": "attendance", "session": session.pk, "present": [stranger.pk]})
    assert response.status_code == 422
    assert f"{stranger.pk} is not a participant of this course" in response.content.decode()
    assert Attendance.objects.count() == before


def test_a_score_out_of_range_is_refused_on_the_page(client_for, worker, course, participants):
    who = participants[0]
    response = client_for(worker).post(reverse("cooperation:participants", args=[course.pk]), {
        "step": "scores", "participant": who.pk, "version": who.version, "pre_test": "140",
        "post_test": "80"})
    assert response.status_code == 422
    assert "between 0 and 100" in response.content.decode()


def test_the_pdf_carries_a_qr_code_of_the_verification_page(client_for, worker, certificate):
    response = client_for(worker).get(reverse("cooperation:certificate_pdf",
                                              args=[certificate.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    url = verification_url(certificate.code, base="http://testserver/")
    assert any(encodes(image, url) for image in pdf_images(response.content))
    assert not any(encodes(image, url + "x") for image in pdf_images(response.content))


def test_verification_without_signing_in(certificate):
    anonymous = Client()
    page = anonymous.get(reverse("certificates:verify", args=[certificate.code]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "This certificate is valid." in text and "Khaled Mansour" in text
    assert page["Referrer-Policy"] == "no-referrer"
    missing = anonymous.get(reverse("certificates:verify", args=["A" * 32]))
    assert missing.status_code == 404
    body = missing.content.decode()
    assert "No certificate has this code." in body and "Khaled" not in body
    assert Certificate.objects.count() == 1


def test_a_revoked_certificate_says_so(worker, certificate):
    services.certificate_revoke(actor=worker, certificate=certificate, reason="fraud")
    page = Client().get(reverse("certificates:verify", args=[certificate.code]))
    assert "This certificate was revoked." in page.content.decode()
    assert "fraud" not in page.content.decode()  # the reason stays inside


def test_certificate_page_shows_the_qr_it_prints(client_for, worker, certificate):
    page = client_for(worker).get(reverse("cooperation:certificate", args=[certificate.pk]))
    html = page.content.decode()
    data = html.split('id="certificate-qr" src="data:image/png;base64,', 1)[1].split('"', 1)[0]
    assert encodes(base64.b64decode(data), verification_url(certificate.code,
                                                            base="http://testserver/"))


def test_api_training_and_refusals(client_for, worker, outsider, org, course, participants):
    api = client_for(worker)
    session = course.sessions.first()
    answer = api.put(f"/api/v1/cooperation/sessions/{session.pk}/attendance",
                     {"participant_ids": [participants[0].pk, 999999]},
                     content_type="application/json")
    assert answer.status_code == 422
    assert "999999" in answer.content.decode()
    who = participants[1]
    answer = api.patch(f"/api/v1/cooperation/participants/{who.pk}/scores",
                       {"version": who.version, "pre_test": "-5"},
                       content_type="application/json")
    assert answer.status_code == 422
    answer = api.get(f"/api/v1/cooperation/courses/{course.pk}/participants")
    assert answer.status_code == 200 and len(answer.json()) == 2
    assert client_for(outsider).get(
        f"/api/v1/cooperation/courses/{course.pk}/participants").status_code == 404
    answer = api.post(f"/api/v1/cooperation/courses/{course.pk}/certificates", {},
                      content_type="application/json")
    assert answer.status_code == 201 and [c["holder_name"] for c in answer.json()] == [
        "Khaled Mansour"]
    assert api.get("/api/v1/cooperation/outcomes").json()[0]["certificates"] == 1


def test_api_returns_end_to_end(client_for, worker, org, returning, today):
    api = client_for(worker)
    person, case = returning
    need = api.post("/api/v1/cooperation/needs", {
        "office_id": org.country_a.pk, "country": "JOR", "occupation": "2221",
        "institution": "Hospital"}, content_type="application/json")
    assert need.status_code == 201, need.content
    candidate = api.post("/api/v1/cooperation/candidates", {
        "person_id": person.pk, "case_id": case.pk, "residing_in": "DEU",
        "occupation": "2221"}, content_type="application/json")
    assert candidate.status_code == 201, candidate.content
    matches = api.get(f"/api/v1/cooperation/needs/{need.json()['id']}/matches").json()
    assert matches[0]["candidate_id"] == candidate.json()["id"]
    placement = api.post("/api/v1/cooperation/placements", {
        "need_id": need.json()["id"], "candidate_id": candidate.json()["id"],
        "position": "Nurse", "placed_on": today.isoformat()}, content_type="application/json")
    assert placement.status_code == 201, placement.content
    follow_ups = placement.json()["follow_ups"]
    assert [f["months"] for f in follow_ups] == [6, 12]
    done = api.post(f"/api/v1/cooperation/follow-ups/{follow_ups[0]['id']}", {
        "done_on": today.isoformat(), "outcome": "in_post"}, content_type="application/json")
    assert done.status_code == 201, done.content


def test_a_candidate_outside_the_scope_is_refused_on_the_form(client_for, worker, org,
                                                             returning):
    from corridor.registry.tests.factories import PersonFactory

    _person, case = returning
    theirs = PersonFactory(office=org.country_b)
    response = client_for(worker).post(reverse("cooperation:candidates"), {
        "step": "candidate", "person": theirs.pk, "case": case.pk, "residing_in": "DEU",
        "occupation": "2221"})
    assert response.status_code == 422
    assert "No person with this number in your scope." in response.content.decode()


def test_a_mission_report_must_be_a_pdf(worker, accepted, today, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from corridor.core.errors import ValidationFailed

    mission = services.mission_create(actor=worker, request=accepted, terms_of_reference="ToR",
                                      experts="A", starts_on=today, ends_on=today)
    with pytest.raises(ValidationFailed) as refused:
        services.mission_report_attach(actor=worker, mission=mission,
                                       uploaded=SimpleUploadedFile("report.pdf", b"MZ\x90\x00"))
    assert "report.pdf is not a PDF file." in str(refused.value)
    mission = services.mission_report_attach(
        actor=worker, mission=mission,
        uploaded=SimpleUploadedFile("report.pdf", b"%PDF-1.4\n%%EOF\n"))
    assert mission.report_name == "report.pdf" and mission.report.name.endswith(".pdf")
