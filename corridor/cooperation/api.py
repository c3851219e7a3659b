"""API for technical cooperation: the same selectors, services and policies as the pages.
The return of qualified nationals is in api_returns.py."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.http import HttpRequest
from ninja import Router, Schema, Status

from corridor.access import selectors as access_selectors
from corridor.access.api_permissions import permits
from corridor.cooperation import selectors, services
from corridor.core.api_schemas import ConflictOut, ErrorOut, InvalidOut
from corridor.core.errors import NotFound
from corridor.core.ids import DbId

router = Router(tags=["cooperation"])
VIEW, EDIT = permits("cooperation.view"), permits("cooperation.edit")
WRITE = {201: None, 403: ErrorOut, 404: ErrorOut, 409: ConflictOut, 422: InvalidOut}


def _write(schema) -> dict:
    return {**WRITE, 201: schema}


class CooperationRequestOut(Schema):
    id: int
    office_id: int
    country: str
    institution: str
    subject: str
    received_on: date
    status: str
    assessment: str
    assessed_on: date | None
    decision_note: str
    version: int


class CooperationRequestIn(Schema):
    office_id: DbId
    country: str
    institution: str
    subject: str
    received_on: date | None = None


class CooperationAssessmentIn(Schema):
    version: int
    assessment: str
    on: date | None = None


class CooperationDecisionIn(Schema):
    version: int
    status: str
    note: str = ""


class CooperationMissionIn(Schema):
    terms_of_reference: str
    experts: str
    starts_on: date
    ends_on: date


class CooperationMissionOut(Schema):
    id: int
    request_id: int
    terms_of_reference: str
    experts: str
    starts_on: date
    ends_on: date
    report_name: str
    version: int


class CooperationCourseIn(Schema):
    office_id: DbId
    title: str
    country: str
    request_id: DbId | None = None
    description: str = ""
    validity_months: int | None = None
    pass_mark: int | None = None


class CooperationCourseOut(Schema):
    id: int
    office_id: int
    request_id: int | None
    country: str
    title: str
    description: str
    validity_months: int | None
    pass_mark: int | None
    version: int


class CooperationSessionIn(Schema):
    held_on: date
    topic: str
    place: str = ""


class CooperationSessionOut(Schema):
    id: int
    course_id: int
    held_on: date
    topic: str
    place: str


class CooperationParticipantIn(Schema):
    full_name: str
    institution: str
    position: str = ""


class CooperationParticipantOut(Schema):
    id: int
    course_id: int
    full_name: str
    institution: str
    position: str
    pre_test: Decimal | None
    post_test: Decimal | None
    version: int


class CooperationAttendanceIn(Schema):
    participant_ids: list[DbId]


class CooperationScoresIn(Schema):
    version: int
    pre_test: Decimal | None = None
    post_test: Decimal | None = None


class CooperationEvaluationIn(Schema):
    rating: int
    relevance: int
    comment: str = ""


class CooperationCertificateOut(Schema):
    id: int
    participant_id: int
    code: str
    holder_name: str
    course_title: str
    issued_on: date
    expires_on: date | None
    revoked_on: date | None
    status: str


class CooperationIssueIn(Schema):
    on: date | None = None


class CooperationRevokeIn(Schema):
    reason: str


class CooperationOutcomeOut(Schema):
    country: str
    requests: int
    missions: int
    courses: int
    sessions: int
    participants: int
    institutions: int
    certificates: int
    pre_test: float | None
    post_test: float | None
    gain: float | None
    rating: float | None
    needs: int
    placements: int
    in_post_12: int


# Requests and missions ---------------------------------------------------------------------

@router.get("/cooperation/requests", response=list[CooperationRequestOut], auth=VIEW,
            summary="Government requests in scope")
def request_list(request: HttpRequest, country: str = ""):
    return list(selectors.request_list(user=request.user, country=country))


@router.post("/cooperation/requests", response=_write(CooperationRequestOut), auth=EDIT,
             summary="Record a government's request")
def request_create(request: HttpRequest, payload: CooperationRequestIn):
    office = access_selectors.office_for_action(user=request.user, office_id=payload.office_id,
                                                permission="cooperation.edit")
    return Status(201, services.request_create(actor=request.user, office=office,
                                        **payload.dict(exclude={"office_id"})))


@router.post("/cooperation/requests/{request_id}/assessment", response=_write(CooperationRequestOut),
             auth=EDIT, summary="Assess a request (send the version you read)")
def request_assess(request: HttpRequest, request_id: DbId, payload: CooperationAssessmentIn):
    found = selectors.request_get(user=request.user, request_id=request_id)
    return Status(201, services.request_assess(actor=request.user, request=found,
                                        expected_version=payload.version,
                                        assessment=payload.assessment, on=payload.on))


@router.post("/cooperation/requests/{request_id}/decision", response=_write(CooperationRequestOut),
             auth=EDIT, summary="Accept, decline (with the reason) or complete a request")
def request_decide(request: HttpRequest, request_id: DbId, payload: CooperationDecisionIn):
    found = selectors.request_get(user=request.user, request_id=request_id)
    return Status(201, services.request_decide(actor=request.user, request=found,
                                        expected_version=payload.version,
                                        status=payload.status, note=payload.note))


@router.post("/cooperation/requests/{request_id}/missions", response=_write(CooperationMissionOut),
             auth=EDIT, summary="Send an expert mission (terms of reference, experts, dates)")
def mission_create(request: HttpRequest, request_id: DbId, payload: CooperationMissionIn):
    found = selectors.request_get(user=request.user, request_id=request_id)
    return Status(201, services.mission_create(actor=request.user, request=found, **payload.dict()))


# Courses -----------------------------------------------------------------------------------

@router.get("/cooperation/courses", response=list[CooperationCourseOut], auth=VIEW,
            summary="Courses in scope")
def course_list(request: HttpRequest, country: str = ""):
    return list(selectors.course_list(user=request.user, country=country))


@router.post("/cooperation/courses", response=_write(CooperationCourseOut), auth=EDIT,
             summary="Plan a course (optionally for a request)")
def course_create(request: HttpRequest, payload: CooperationCourseIn):
    office = access_selectors.office_for_action(user=request.user, office_id=payload.office_id,
                                                permission="cooperation.edit")
    found = (selectors.request_get(user=request.user, request_id=payload.request_id)
             if payload.request_id else None)
    return Status(201, services.course_create(actor=request.user, office=office, request=found,
                                       **payload.dict(exclude={"office_id", "request_id"})))


@router.post("/cooperation/courses/{course_id}/sessions", response=_write(CooperationSessionOut),
             auth=EDIT, summary="Add a session to a course")
def session_add(request: HttpRequest, course_id: DbId, payload: CooperationSessionIn):
    course = selectors.course_get(user=request.user, course_id=course_id)
    return Status(201, services.session_add(actor=request.user, course=course, **payload.dict()))


@router.get("/cooperation/courses/{course_id}/participants", response=list[CooperationParticipantOut],
            auth=VIEW, summary="A course's participants (the list is audited)")
def participant_list(request: HttpRequest, course_id: DbId):
    course = selectors.course_get(user=request.user, course_id=course_id)
    return selectors.participants_of(user=request.user, course=course)


@router.post("/cooperation/courses/{course_id}/participants", response=_write(CooperationParticipantOut),
             auth=EDIT, summary="Add a participant from a government institution")
def participant_add(request: HttpRequest, course_id: DbId, payload: CooperationParticipantIn):
    course = selectors.course_get(user=request.user, course_id=course_id)
    return Status(201, services.participant_add(actor=request.user, course=course, **payload.dict()))


@router.put("/cooperation/sessions/{session_id}/attendance",
            response={200: list[int], 403: ErrorOut, 404: ErrorOut, 422: InvalidOut}, auth=EDIT,
            summary="Who was present at a session (participants of its course only)")
def attendance_record(request: HttpRequest, session_id: DbId, payload: CooperationAttendanceIn):
    from corridor.cooperation.models import TrainingSession

    session = TrainingSession.objects.filter(
        pk=session_id, course__in=selectors.course_list(user=request.user).values("pk")).first()
    if session is None:
        raise NotFound("No such session")
    present = services.attendance_record(actor=request.user, session=session,
                                         participant_ids=payload.participant_ids)
    return Status(200, sorted(a.participant_id for a in present))


@router.patch("/cooperation/participants/{participant_id}/scores",
              response={200: CooperationParticipantOut, 403: ErrorOut, 404: ErrorOut, 409: ConflictOut,
                        422: InvalidOut}, auth=EDIT,
              summary="Pre- and post-test scores, 0 to 100")
def scores_record(request: HttpRequest, participant_id: DbId, payload: CooperationScoresIn):
    participant = selectors.participant_get(user=request.user, participant_id=participant_id)
    return Status(200, services.scores_record(actor=request.user, participant=participant,
                                       expected_version=payload.version,
                                       pre_test=payload.pre_test, post_test=payload.post_test))


@router.post("/cooperation/courses/{course_id}/evaluations",
             response={201: dict[str, int], 403: ErrorOut, 404: ErrorOut, 422: InvalidOut},
             auth=EDIT, summary="An anonymous evaluation of a course (marks 1 to 5)")
def evaluation_add(request: HttpRequest, course_id: DbId, payload: CooperationEvaluationIn):
    course = selectors.course_get(user=request.user, course_id=course_id)
    evaluation = services.evaluation_add(actor=request.user, course=course, **payload.dict())
    return Status(201, {"id": evaluation.pk})


@router.post("/cooperation/courses/{course_id}/certificates",
             response={201: list[CooperationCertificateOut], 403: ErrorOut, 404: ErrorOut,
                       422: InvalidOut}, auth=EDIT,
             summary="Issue the certificates earned and not yet issued")
def certificates_issue(request: HttpRequest, course_id: DbId, payload: CooperationIssueIn):
    course = selectors.course_get(user=request.user, course_id=course_id)
    return Status(201, services.certificates_issue(actor=request.user, course=course, on=payload.on))


@router.post("/cooperation/certificates/{certificate_id}/revocation",
             response=_write(CooperationCertificateOut), auth=EDIT, summary="Revoke a certificate")
def certificate_revoke(request: HttpRequest, certificate_id: DbId, payload: CooperationRevokeIn):
    certificate = selectors.certificate_get(user=request.user, certificate_id=certificate_id)
    return Status(201, services.certificate_revoke(actor=request.user, certificate=certificate,
                                            reason=payload.reason))


@router.post("/cooperation/certificates/{certificate_id}/renewal",
             response=_write(CooperationCertificateOut), auth=EDIT,
             summary="Renew a certificate of a course with a validity (a new code)")
def certificate_renew(request: HttpRequest, certificate_id: DbId):
    certificate = selectors.certificate_get(user=request.user, certificate_id=certificate_id)
    return Status(201, services.certificate_renew(actor=request.user, certificate=certificate))


@router.get("/cooperation/outcomes", response=list[CooperationOutcomeOut], auth=VIEW,
            summary="Outcomes per country: counts and averages, no name")
def outcome_list(request: HttpRequest, country: str = ""):
    return [CooperationOutcomeOut(**{**vars(row), "gain": row.gain})
            for row in selectors.outcomes(user=request.user, country=country)]
