"""Requests, assessments, expert missions and trainings (courses, sessions, participants,
attendance, tests, evaluations)."""

from __future__ import annotations

import datetime as dt
import os
import uuid
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from corridor.access.models import Office
from corridor.cooperation.models import (
    Attendance,
    Course,
    Evaluation,
    ExpertMission,
    GovernmentRequest,
    Participant,
    RequestStatus,
    TrainingSession,
)
from corridor.cooperation.models.training import REQUEST_TRANSITIONS
from corridor.cooperation.services._common import refuse, require_edit
from corridor.core.audit import audit_record
from corridor.core.errors import ValidationFailed, clean_or_refuse
from corridor.core.models import AuditAction
from corridor.core.uploads import check_size
from corridor.core.versioning import versioned_update


def _create(actor, record, *, office_id: int, summary: str = ""):
    clean_or_refuse(record)
    record.save()
    audit_record(actor=actor, action=AuditAction.CREATE, obj=record, office_id=office_id,
                 summary=summary)
    return record


# Requests and assessment -------------------------------------------------------------------

@transaction.atomic
def request_create(*, actor, office: Office, country: str, institution: str, subject: str,
                   received_on: dt.date | None = None) -> GovernmentRequest:
    require_edit(actor, office.pk)
    received_on = received_on or timezone.localdate()
    if received_on > timezone.localdate():
        refuse("received_on", _("A request cannot be received in the future."))
    request = GovernmentRequest(office=office, country=(country or "").upper(),
                                institution=institution.strip(), subject=subject.strip(),
                                received_on=received_on)
    return _create(actor, request, office_id=office.pk, summary=request.subject[:100])


def _move(request: GovernmentRequest, to: str) -> None:
    if to not in REQUEST_TRANSITIONS.get(request.status, frozenset()):
        refuse("status", _("A request %(status)s cannot become %(to)s.") % {
            "status": request.get_status_display(), "to": RequestStatus(to).label})


@transaction.atomic
def request_assess(*, actor, request: GovernmentRequest, expected_version: int,
                   assessment: str, on: dt.date | None = None) -> GovernmentRequest:
    """The assessment of the need: what the office found, on which day."""
    require_edit(actor, request.office_id)
    on = on or timezone.localdate()
    _move(request, RequestStatus.ASSESSED)
    if not assessment.strip():
        refuse("assessment", _("Write what the assessment found."))
    if on < request.received_on or on > timezone.localdate():
        refuse("assessed_on", _("The assessment date must lie between the request's receipt "
                                "(%(received)s) and today.") % {"received": request.received_on})
    request = versioned_update(request, expected_version=expected_version, changes={
        "status": RequestStatus.ASSESSED, "assessment": assessment.strip(), "assessed_on": on,
        "assessed_by": actor})
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=request, summary="assessed")
    return request


@transaction.atomic
def request_decide(*, actor, request: GovernmentRequest, expected_version: int, status: str,
                   note: str = "") -> GovernmentRequest:
    """Accept or decline an assessed request (a declined one names why); complete an accepted
    one."""
    require_edit(actor, request.office_id)
    if status not in RequestStatus.values:
        refuse("status", _("Unknown status %(status)r.") % {"status": status})
    _move(request, status)
    if status == RequestStatus.DECLINED and not note.strip():
        refuse("decision_note", _("Say why the request is declined."))
    request = versioned_update(request, expected_version=expected_version, changes={
        "status": status, "decision_note": note.strip() or request.decision_note})
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=request, summary=status)
    return request


# Expert missions ---------------------------------------------------------------------------

@transaction.atomic
def mission_create(*, actor, request: GovernmentRequest, terms_of_reference: str, experts: str,
                   starts_on: dt.date, ends_on: dt.date) -> ExpertMission:
    require_edit(actor, request.office_id)
    if request.status not in (RequestStatus.ACCEPTED, RequestStatus.COMPLETED):
        refuse("request", _("Experts are sent once the request is accepted."))
    if ends_on < starts_on:
        refuse("ends_on", _("The mission ends (%(end)s) before it starts (%(start)s).") % {
            "end": ends_on, "start": starts_on})
    if not terms_of_reference.strip():
        refuse("terms_of_reference", _("A mission needs its terms of reference."))
    mission = ExpertMission(request=request, terms_of_reference=terms_of_reference.strip(),
                            experts=experts.strip(), starts_on=starts_on, ends_on=ends_on)
    return _create(actor, mission, office_id=request.office_id)


@transaction.atomic
def mission_report_attach(*, actor, mission: ExpertMission, uploaded) -> ExpertMission:
    """The mission's report, a PDF within the upload limit, stored under a name that tells
    nothing; the name it came with is kept to show."""
    require_edit(actor, mission.request.office_id)
    original = os.path.basename(uploaded.name or "report.pdf")[:200]
    check_size(original, uploaded.size)
    head = uploaded.read(5)
    uploaded.seek(0)
    if head != b"%PDF-":
        refuse("report", _("%(file)s is not a PDF file.") % {"file": original}, where=original)
    if mission.report:
        mission.report.storage.delete(mission.report.name)
    uploaded.name = f"{uuid.uuid4().hex}.pdf"
    mission.report = uploaded
    mission.report_name = original
    mission.save(update_fields=["report", "report_name", "updated_at"])
    ExpertMission.objects.filter(pk=mission.pk).update(version=mission.version + 1)
    mission.refresh_from_db()
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=mission,
                 office_id=mission.request.office_id, summary="report attached")
    return mission


# Courses and sessions ----------------------------------------------------------------------

@transaction.atomic
def course_create(*, actor, office: Office, title: str, country: str,
                  request: GovernmentRequest | None = None, description: str = "",
                  validity_months: int | None = None, pass_mark: int | None = None) -> Course:
    require_edit(actor, office.pk)
    if request is not None and request.office_id != office.pk:
        refuse("request", _("The request belongs to another office."))
    course = Course(office=office, request=request, title=title.strip(),
                    country=(country or "").upper(), description=description.strip(),
                    validity_months=validity_months, pass_mark=pass_mark)
    return _create(actor, course, office_id=office.pk, summary=course.title[:100])


@transaction.atomic
def session_add(*, actor, course: Course, held_on: dt.date, topic: str,
                place: str = "") -> TrainingSession:
    require_edit(actor, course.office_id)
    if course.request_id and held_on < course.request.received_on:
        refuse("held_on", _("A session cannot be held before the request was received "
                            "(%(received)s).") % {"received": course.request.received_on})
    session = TrainingSession(course=course, held_on=held_on, topic=topic.strip(),
                              place=place.strip())
    return _create(actor, session, office_id=course.office_id)


# Participants, attendance, tests, evaluations -------------------------------------------------

@transaction.atomic
def participant_add(*, actor, course: Course, full_name: str, institution: str,
                    position: str = "") -> Participant:
    require_edit(actor, course.office_id)
    participant = Participant(course=course, full_name=" ".join(full_name.split()),
                              institution=institution.strip(), position=position.strip())
    clean_or_refuse(participant)
    participant.save()
    # The name is personal: the trail names the record, not the name.
    audit_record(actor=actor, action=AuditAction.CREATE, obj=participant,
                 office_id=course.office_id, summary=f"course {course.pk}")
    return participant


@transaction.atomic
def attendance_record(*, actor, session: TrainingSession,
                      participant_ids: list[int]) -> list[Attendance]:
    """Who was present at `session`: every id must be a participant of the session's course,
    else nothing is written and each stranger is named. Replaces the session's list."""
    course = session.course
    require_edit(actor, course.office_id)
    wanted = sorted(set(participant_ids))
    known = set(course.participants.filter(pk__in=wanted).values_list("pk", flat=True))
    strangers = [pk for pk in wanted if pk not in known]
    if strangers:
        raise ValidationFailed([{
            "where": _("session of %(day)s") % {"day": session.held_on}, "field": "participants",
            "message": _("%(id)s is not a participant of this course.") % {"id": pk}}
            for pk in strangers])
    session.attendance.exclude(participant_id__in=wanted).delete()
    present = set(session.attendance.values_list("participant_id", flat=True))
    Attendance.objects.bulk_create([Attendance(session=session, participant_id=pk)
                                    for pk in wanted if pk not in present])
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=session,
                 office_id=course.office_id, summary="attendance",
                 changes={"participants": wanted})
    return list(session.attendance.all())


def _score(value, field: str, who: Participant) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        score = Decimal(str(value))
    except InvalidOperation:
        refuse(field, _("%(value)s is not a number.") % {"value": value},
               where=_("participant %(id)s") % {"id": who.pk})
    if not score.is_finite() or score < 0 or score > 100:
        refuse(field, _("A score lies between 0 and 100, not %(value)s.") % {"value": value},
               where=_("participant %(id)s") % {"id": who.pk})
    return score.quantize(Decimal("0.1"))


@transaction.atomic
def scores_record(*, actor, participant: Participant, expected_version: int,
                  pre_test=None, post_test=None) -> Participant:
    require_edit(actor, participant.course.office_id)
    changes = {"pre_test": _score(pre_test, "pre_test", participant),
               "post_test": _score(post_test, "post_test", participant)}
    participant = versioned_update(participant, expected_version=expected_version,
                                   changes=changes)
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=participant,
                 office_id=participant.course.office_id, summary="test scores")
    return participant


@transaction.atomic
def evaluation_add(*, actor, course: Course, rating: int, relevance: int,
                   comment: str = "") -> Evaluation:
    require_edit(actor, course.office_id)
    for field, value in (("rating", rating), ("relevance", relevance)):
        if not isinstance(value, int) or not 1 <= value <= 5:
            refuse(field, _("Give a mark from 1 to 5, not %(value)s.") % {"value": value})
    evaluation = Evaluation(course=course, rating=rating, relevance=relevance,
                            comment=comment.strip())
    return _create(actor, evaluation, office_id=course.office_id)
