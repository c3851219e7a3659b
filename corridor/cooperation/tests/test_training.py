"""Technical cooperation: request → assessment → mission → course → certificates, and the
refusals of bad input (nothing written)."""

from __future__ import annotations

import datetime as dt

import pytest

from corridor.cooperation import selectors, services
from corridor.cooperation.models import (
    Attendance,
    Certificate,
    CertificateStatus,
    ExpertMission,
    GovernmentRequest,
    Participant,
)
from corridor.core.errors import NotFound, PermissionDenied, ValidationFailed
from corridor.core.models import AuditAction, AuditEvent

pytestmark = pytest.mark.django_db


def test_request_moves_through_assessment_and_decision(accepted):
    assert accepted.status == "accepted"
    assert accepted.assessment == "Needs document training"
    assert AuditEvent.objects.filter(object_type="cooperation.governmentrequest",
                                     object_id=str(accepted.pk)).count() == 3


def test_a_declined_request_names_its_reason(worker, org, today):
    gov = services.request_create(actor=worker, office=org.country_a, country="JOR",
                                  institution="X", subject="Y")
    gov = services.request_assess(actor=worker, request=gov, expected_version=gov.version,
                                  assessment="Out of mandate", on=today)
    with pytest.raises(ValidationFailed) as refused:
        services.request_decide(actor=worker, request=gov, expected_version=gov.version,
                                status="declined")
    assert refused.value.problems[0]["field"] == "decision_note"
    with pytest.raises(ValidationFailed):  # received → completed skips the assessment
        services.request_decide(actor=worker, request=gov, expected_version=gov.version,
                                status="completed")


def test_impossible_dates_are_refused_and_nothing_written(worker, org, accepted, today):
    with pytest.raises(ValidationFailed) as refused:
        services.mission_create(actor=worker, request=accepted, terms_of_reference="ToR",
                                experts="A", starts_on=today, ends_on=today - dt.timedelta(1))
    assert refused.value.problems[0]["field"] == "ends_on"
    assert not ExpertMission.objects.exists()
    with pytest.raises(ValidationFailed):
        services.request_create(actor=worker, office=org.country_a, country="JOR",
                                institution="X", subject="Y",
                                received_on=today + dt.timedelta(days=3))
    assert GovernmentRequest.objects.count() == 1
    gov = services.request_create(actor=worker, office=org.country_a, country="JOR",
                                  institution="X", subject="Y", received_on=today)
    with pytest.raises(ValidationFailed) as refused:
        services.request_assess(actor=worker, request=gov, expected_version=gov.version,
                                assessment="x", on=today - dt.timedelta(days=5))
    assert refused.value.problems[0]["field"] == "assessed_on"


def test_scores_out_of_range_are_refused(worker, participants):
    who = participants[0]
    for bad in (101, -1, "abc", "NaN"):
        with pytest.raises(ValidationFailed) as refused:
            services.scores_record(actor=worker, participant=who, expected_version=who.version,
                                   pre_test=bad, post_test=70)
        assert refused.value.problems[0]["field"] == "pre_test"
    who.refresh_from_db()
    assert who.pre_test == 40


def test_attendance_for_a_non_participant_is_refused_whole(worker, org, course, participants):
    other = services.course_create(actor=worker, office=org.country_a, title="Other",
                                   country="JOR")
    stranger = services.participant_add(actor=worker, course=other, full_name="Someone Else",
                                        institution="Ministry")
    session = course.sessions.first()
    before = set(Attendance.objects.values_list("pk", flat=True))
    with pytest.raises(ValidationFailed) as refused:
        services.attendance_record(actor=worker, session=session,
                                   participant_ids=[participants[0].pk, stranger.pk])
    assert str(stranger.pk) in refused.value.problems[0]["message"]
    assert set(Attendance.objects.values_list("pk", flat=True)) == before


def test_certificates_go_to_those_who_earned_them(worker, course, participants, today):
    issued = services.certificates_issue(actor=worker, course=course, on=today)
    assert [c.holder_name for c in issued] == ["Khaled Mansour"]  # Layla is under the pass mark
    certificate = issued[0]
    assert len(certificate.code) == 32
    assert certificate.expires_on > today
    assert certificate.status == CertificateStatus.VALID
    assert services.certificates_issue(actor=worker, course=course, on=today) == []


def test_certificate_expires_and_renews(worker, course, participants, today):
    certificate = services.certificates_issue(actor=worker, course=course, on=today)[0]
    assert certificate.status_on(certificate.expires_on) == CertificateStatus.VALID
    assert certificate.status_on(certificate.expires_on + dt.timedelta(days=1)) == \
        CertificateStatus.EXPIRED
    renewed = services.certificate_renew(actor=worker, certificate=certificate, on=today)
    assert renewed.renews == certificate and renewed.code != certificate.code
    with pytest.raises(ValidationFailed):
        services.certificate_renew(actor=worker, certificate=certificate, on=today)
    services.certificate_revoke(actor=worker, certificate=renewed, reason="issued in error")
    renewed.refresh_from_db()
    assert renewed.status == CertificateStatus.REVOKED


def test_no_renewal_without_validity(worker, org, today):
    course = services.course_create(actor=worker, office=org.country_a, title="Open",
                                    country="JOR")
    services.session_add(actor=worker, course=course, held_on=today, topic="t")
    p = services.participant_add(actor=worker, course=course, full_name="A B", institution="M")
    services.attendance_record(actor=worker, session=course.sessions.get(), participant_ids=[p.pk])
    certificate = services.certificates_issue(actor=worker, course=course, on=today)[0]
    assert certificate.expires_on is None
    with pytest.raises(ValidationFailed):
        services.certificate_renew(actor=worker, certificate=certificate, on=today)


def test_public_verification_finds_exactly_the_code(worker, course, participants, today):
    certificate = services.certificates_issue(actor=worker, course=course, on=today)[0]
    assert selectors.certificate_verify(code=certificate.code) == certificate
    near = certificate.code[:-1] + ("A" if certificate.code[-1] != "A" else "B")
    assert selectors.certificate_verify(code=near) is None
    assert selectors.certificate_verify(code="") is None
    assert selectors.certificate_verify(code="%" * 32) is None


def test_outsiders_see_nothing_and_cannot_write(outsider, cast, course, participants):
    assert not selectors.course_list(user=outsider).exists()
    with pytest.raises(NotFound):
        selectors.course_get(user=outsider, course_id=course.pk)
    with pytest.raises(PermissionDenied):
        services.participant_add(actor=outsider, course=course, full_name="X", institution="Y")
    with pytest.raises(PermissionDenied):
        selectors.course_list(user=cast["finance_officer"])
    assert Participant.objects.count() == 2


def test_participant_list_is_audited(worker, course, participants):
    selectors.participants_of(user=worker, course=course)
    event = AuditEvent.objects.filter(action=AuditAction.VIEW,
                                      object_type="cooperation.participant").latest("id")
    assert sorted(event.changes["participants"]) == sorted(p.pk for p in participants)
    assert event.actor == worker


def test_outcomes_sum_per_country(worker, accepted, course, participants, today):
    services.certificates_issue(actor=worker, course=course, on=today)
    services.evaluation_add(actor=worker, course=course, rating=4, relevance=5)
    row = selectors.outcomes(user=worker)[0]
    assert (row.country, row.requests, row.courses, row.sessions, row.participants,
            row.certificates) == ("JOR", 1, 1, 2, 2, 1)
    assert (row.pre_test, row.post_test, row.gain, row.rating) == (40.0, 65.0, 25.0, 4.0)
    with pytest.raises(ValidationFailed):
        services.evaluation_add(actor=worker, course=course, rating=6, relevance=5)
    assert Certificate.objects.count() == 1
