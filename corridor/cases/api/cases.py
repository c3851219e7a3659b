"""Case endpoints: list, detail with timeline, open, move, assign, notes, attachments,
assistance and referrals (transfers: api.transfers)."""

from django.http import FileResponse, HttpRequest
from ninja import File, Header, Query, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from corridor.access.api_permissions import permits
from corridor.access.models import User
from corridor.cases import attachments, selectors, services
from corridor.cases.api import router
from corridor.cases.api.schemas import (
    ERRORS,
    AnswerIn,
    AssignIn,
    AssistanceIn,
    AssistanceOut,
    AttachmentOut,
    CancelIn,
    CaseDetailOut,
    CaseEventOut,
    CaseFilters,
    CaseIn,
    CaseOut,
    CaseReferralIn,
    CaseReferralOut,
    CaseTransitionIn,
    DeliverIn,
    ErrorOut,
    NoteIn,
    NoteOut,
)
from corridor.core.errors import NotFound, ValidationFailed
from corridor.core.idempotency import idempotent_create
from corridor.core.ids import DbId
from corridor.core.pagination import AuditedPagination
from corridor.partners import selectors as partner_selectors
from corridor.partners.models import Partner
from corridor.registry import selectors as registry_selectors


def _case(request, case_id: int, *, audit: bool = False):
    return selectors.case_get_for_user(user=request.user, case_id=case_id, audit=audit)


def _detail(case) -> dict:
    file = selectors.case_file(case=case)
    body = CaseOut.from_orm(case).model_dump(mode="json")
    body["timeline"] = [CaseEventOut.from_orm(e).model_dump(mode="json") for e in file.events]
    body["assistance"] = [AssistanceOut.from_orm(i).model_dump(mode="json")
                          for i in file.assistance]
    body["referrals"] = [CaseReferralOut.from_orm(r).model_dump(mode="json") for r in file.referrals]
    body["notes"] = [NoteOut.from_orm(n).model_dump(mode="json") for n in file.notes.values()]
    body["attachments"] = [AttachmentOut.from_orm(a).model_dump(mode="json")
                           for a in file.attachments]
    return body


@router.get("/cases", response=list[CaseOut], summary="Cases in scope", auth=permits("cases.view"))
@paginate(AuditedPagination, page_size=50, max_page_size=200, object_type="cases.case",
          what="cases")
def case_list(request: HttpRequest, filters: Query[CaseFilters]):
    return selectors.case_list(user=request.user, state=filters.state or "",
                               kind=filters.kind or "", office_id=filters.office_id,
                               project_id=filters.project_id,
                               assigned_to_me=filters.assigned_to_me)


@router.get("/cases/{case_id}", response={200: CaseDetailOut, 403: ErrorOut, 404: ErrorOut},
            summary="A case with its timeline, assistance, referrals and notes", auth=permits("cases.view"))
def case_detail(request: HttpRequest, case_id: DbId):
    return _detail(_case(request, case_id, audit=True))


@router.post("/cases", response={201: CaseOut, **ERRORS},
             summary="Open a case for a person or a household (send Idempotency-Key)",
             auth=permits("cases.edit"))
def case_create(request: HttpRequest, payload: CaseIn,
                idempotency_key: str | None = Header(None, alias="Idempotency-Key")):
    def create():
        person = household = None
        if payload.person_id:
            person = registry_selectors.person_get_for_user(user=request.user,
                                                            person_id=payload.person_id,
                                                            audit=False)
        if payload.household_id:
            household = registry_selectors.household_get_for_user(
                user=request.user, household_id=payload.household_id, audit=False)
        try:
            project = partner_selectors.project_reachable(project_id=payload.project_id)
        except NotFound:  # refused as one out of the office's reach is: no id is told apart
            raise ValidationFailed([{"field": "project", "message": (
                "This project is not run by the office of the case or above it.")}]) from None
        case = services.case_open(actor=request.user, project=project, kind=payload.kind,
                                  person=person, household=household, summary=payload.summary)
        return 201, case, CaseOut.from_orm(case).model_dump(mode="json")

    def replay(pk: int) -> dict:
        return CaseOut.from_orm(_case(request, pk, audit=True)).model_dump(mode="json")

    return idempotent_create(request, key=idempotency_key, endpoint="cases.case",
                             create=create, replay=replay)


@router.post("/cases/{case_id}/transitions", response={200: CaseOut, **ERRORS},
             summary="Move the case to another state; send the version you read", auth=permits("cases.view"))
def case_transition(request: HttpRequest, case_id: DbId, payload: CaseTransitionIn):
    return services.case_transition(actor=request.user, case=_case(request, case_id),
                                    to=payload.to, reason=payload.reason, note=payload.note,
                                    expected_version=payload.version,
                                    open_work=payload.open_work)


@router.post("/cases/{case_id}/assign", response={200: CaseOut, **ERRORS},
             summary="Assign the case to a worker of its office (null: nobody)", auth=permits("cases.edit"))
def case_assign(request: HttpRequest, case_id: DbId, payload: AssignIn):
    case = _case(request, case_id)
    assignee = None
    if payload.assignee_id is not None:
        assignee = User.objects.filter(pk=payload.assignee_id, is_active=True).first()
        if assignee is None:  # refused as one who cannot work here is: no user id is told apart
            raise ValidationFailed([{"field": "assignee",
                                     "message": "This person cannot work on cases of this office."}])
    return services.case_assign(actor=request.user, case=case, assignee=assignee,
                                expected_version=payload.version)


@router.post("/cases/{case_id}/notes", response={201: NoteOut, **ERRORS}, summary="Add a note",
             auth=permits("cases.edit"))
def note_add(request: HttpRequest, case_id: DbId, payload: NoteIn):
    return Status(201, services.note_add(actor=request.user, case=_case(request, case_id),
                                         text=payload.text))


@router.post("/cases/{case_id}/attachments", response={201: AttachmentOut, **ERRORS},
             summary="Attach a file: PDF, JPEG, PNG, DOCX or XLSX, checked by content, 10 MB",
             auth=permits("cases.edit"))
def attachment_add(request: HttpRequest, case_id: DbId, file: File[UploadedFile]):
    return Status(201, services.attachment_add(actor=request.user,
                                               case=_case(request, case_id), uploaded=file))


@router.get("/cases/{case_id}/attachments/{attachment_id}",
            response={200: None, 403: ErrorOut, 404: ErrorOut},
            summary="Download an attachment (audited)", auth=permits("cases.view"))
def attachment_download(request: HttpRequest, case_id: DbId, attachment_id: DbId):
    attachment = selectors.attachment_get_for_user(user=request.user, case_id=case_id,
                                                   attachment_id=attachment_id)
    response = FileResponse(attachment.file.open("rb"), as_attachment=True,
                            filename=attachment.original_name,
                            content_type=attachments.content_type(attachment.file_type))
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@router.post("/cases/{case_id}/assistance", response={201: AssistanceOut, **ERRORS},
             summary="Plan assistance, costed to the project (send Idempotency-Key)",
             auth=permits("cases.edit"))
def assistance_plan(request: HttpRequest, case_id: DbId, payload: AssistanceIn,
                    idempotency_key: str | None = Header(None, alias="Idempotency-Key")):
    def create():
        case = _case(request, case_id)
        beneficiary = None
        if payload.beneficiary_id is not None:
            beneficiary = services.beneficiaries(case).filter(pk=payload.beneficiary_id).first()
            if beneficiary is None:
                raise NotFound("No such beneficiary on this case")
        item = services.assistance_plan(actor=request.user, case=case, kind=payload.kind,
                                        planned_cost=payload.planned_cost,
                                        description=payload.description, beneficiary=beneficiary)
        return 201, item, AssistanceOut.from_orm(item).model_dump(mode="json")

    def replay(pk: int) -> dict:
        item = selectors.assistance_item_get_for_user(user=request.user, case_id=case_id,
                                                      item_id=pk)
        return AssistanceOut.from_orm(item).model_dump(mode="json")

    return idempotent_create(request, key=idempotency_key, endpoint=f"cases.assistance.{case_id}",
                             create=create, replay=replay)


@router.post("/cases/{case_id}/assistance/{item_id}/deliver",
             response={200: AssistanceOut, **ERRORS}, summary="Record delivered assistance",
             auth=permits("cases.edit"))
def assistance_deliver(request: HttpRequest, case_id: DbId, item_id: DbId, payload: DeliverIn):
    item = selectors.assistance_item_get_for_user(user=request.user, case_id=case_id,
                                                  item_id=item_id)
    return services.assistance_deliver(actor=request.user, item=item,
                                       actual_cost=payload.actual_cost,
                                       delivered_on=payload.delivered_on,
                                       expected_version=payload.version)


@router.post("/cases/{case_id}/assistance/{item_id}/cancel",
             response={200: AssistanceOut, **ERRORS}, summary="Cancel planned assistance",
             auth=permits("cases.edit"))
def assistance_cancel(request: HttpRequest, case_id: DbId, item_id: DbId, payload: CancelIn):
    item = selectors.assistance_item_get_for_user(user=request.user, case_id=case_id,
                                                  item_id=item_id)
    return services.assistance_cancel(actor=request.user, item=item, reason=payload.reason,
                                      expected_version=payload.version)


@router.post("/cases/{case_id}/referrals", response={201: CaseReferralOut, **ERRORS},
             summary="Refer a person of the case to a partner agency", auth=permits("cases.edit"))
def referral_send(request: HttpRequest, case_id: DbId, payload: CaseReferralIn):
    case = _case(request, case_id)
    person = services.beneficiaries(case).filter(pk=payload.person_id).first()
    partner = Partner.objects.filter(pk=payload.partner_id).first()
    if person is None or partner is None:
        raise NotFound("No such person on this case, or no such partner")
    return Status(201, services.referral_send(actor=request.user, case=case, person=person,
                                              partner=partner, reason=payload.reason))


@router.post("/cases/{case_id}/referrals/{referral_id}/answer",
             response={200: CaseReferralOut, **ERRORS}, summary="Record the partner's answer",
             auth=permits("cases.edit"))
def referral_answer(request: HttpRequest, case_id: DbId, referral_id: DbId, payload: AnswerIn):
    referral = selectors.referral_get_for_user(user=request.user, case_id=case_id,
                                               referral_id=referral_id)
    return services.referral_answer(actor=request.user, referral=referral, status=payload.status,
                                    answer=payload.answer, answered_on=payload.answered_on,
                                    expected_version=payload.version)
