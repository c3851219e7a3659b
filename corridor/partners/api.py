"""API of partners and projects: the same selectors, services and policies as the pages. A
partner's user reads what is shared through corridor.partners.sharing, as the pages do."""


from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Header, Query, Router, Schema, Status
from ninja.pagination import paginate

from corridor.access import selectors as access_selectors
from corridor.access.api_permissions import permits
from corridor.access.models import Office, User
from corridor.core.api_schemas import ConflictOut, ErrorOut, InvalidOut
from corridor.core.audit import audit_listed
from corridor.core.errors import NotFound
from corridor.core.idempotency import idempotent_create
from corridor.core.ids import DbId
from corridor.core.pagination import BoundedPageNumberPagination
from corridor.partners import exchange, selectors, services, services_sharing, sharing
from corridor.partners.api_schemas import (
    AgreementStatusIn,
    DisclosureOut,
    EmergencyDecisionIn,
    EmergencyIn,
    EmergencyOut,
    NoticeIn,
    NoticeOut,
    PartnerContactIn,
    PartnerIn,
    PartnerMemberIn,
    PartnerOut,
    PartnersAgreementIn,
    PartnersAgreementOut,
    PartnersProfileIn,
    PartnersProfileOut,
    ProjectFilters,
    ProjectIn,
    ProjectOut,
    ProjectPatch,
    SharedAgreementOut,
    SharedRecordOut,
)
from corridor.partners.models import Agreement, Partner, PrivacyNotice

router = Router(tags=["partners"])
ERRORS = {403: ErrorOut, 404: ErrorOut, 409: ConflictOut, 422: InvalidOut}


# Projects (moved from the cases API; same paths) -------------------------------------------------

@router.get("/projects", response=list[ProjectOut], summary="Projects in scope, with their money",
            auth=permits("projects.view"))
@paginate(BoundedPageNumberPagination, page_size=50, max_page_size=200)
def project_list(request: HttpRequest, filters: Query[ProjectFilters]):
    return selectors.project_list(user=request.user, office_id=filters.office_id,
                                  category=filters.category or "")


@router.get("/projects/{project_id}", response={200: ProjectOut, 403: ErrorOut, 404: ErrorOut},
            auth=permits("projects.view"))
def project_detail(request: HttpRequest, project_id: DbId):
    return selectors.project_get_for_user(user=request.user, project_id=project_id)


@router.post("/projects", response={201: ProjectOut, **ERRORS},
             summary="Create a project (send Idempotency-Key)", auth=permits("projects.edit"))
def project_create(request: HttpRequest, payload: ProjectIn,
                   idempotency_key: str | None = Header(None, alias="Idempotency-Key")):
    def create():
        office = access_selectors.office_for_action(user=request.user, office_id=payload.office_id,
                                                    permission="projects.edit")
        project = services.project_create(actor=request.user, office=office,
                                          **payload.dict(exclude={"office_id"}))
        project = selectors.project_get_for_user(user=request.user, project_id=project.pk)
        return 201, project, ProjectOut.from_orm(project).model_dump(mode="json")

    def replay(pk: int) -> dict:
        return ProjectOut.from_orm(project_detail(request, pk)).model_dump(mode="json")

    return idempotent_create(request, key=idempotency_key, endpoint="cases.project",
                             create=create, replay=replay)


@router.patch("/projects/{project_id}", response={200: ProjectOut, **ERRORS},
              summary="Change a project; send the version you read", auth=permits("projects.edit"))
def project_update(request: HttpRequest, project_id: DbId, payload: ProjectPatch):
    project = selectors.project_get_for_user(user=request.user, project_id=project_id)
    services.project_update(actor=request.user, project=project, expected_version=payload.version,
                            changes=payload.dict(exclude_unset=True, exclude={"version"}))
    return selectors.project_get_for_user(user=request.user, project_id=project_id)


# Partners, their users and contacts -------------------------------------------------------------

@router.get("/partners", response=list[PartnerOut], summary="Partner agencies",
            auth=permits("cases.view"))
def partner_list(request: HttpRequest):
    return selectors.partner_list(user=request.user)


@router.post("/partners", response={201: PartnerOut, **ERRORS}, summary="Add a partner agency",
             auth=permits("partners.manage"))
def partner_create(request: HttpRequest, payload: PartnerIn):
    return Status(201, services.partner_create(actor=request.user, **payload.dict()))


def _partner(partner_id: int) -> Partner:
    found = Partner.objects.filter(pk=partner_id).first()
    if found is None:
        raise NotFound("No such partner")
    return found


class PartnerCreated(Schema):
    id: int


@router.post("/partners/{partner_id}/members", response={201: PartnerCreated, **ERRORS},
             summary="A user (partner viewer) belongs to the partner",
             auth=permits("partners.manage"))
def member_add(request: HttpRequest, partner_id: DbId, payload: PartnerMemberIn):
    user = User.objects.filter(pk=payload.user_id).first()
    if user is None:
        raise NotFound("No such user")
    member = services_sharing.member_add(actor=request.user, partner=_partner(partner_id),
                                         user=user)
    return Status(201, {"id": member.pk})


@router.post("/partners/{partner_id}/contacts", response={201: PartnerCreated, **ERRORS},
             summary="Add a contact at the partner", auth=permits("partners.manage"))
def contact_add(request: HttpRequest, partner_id: DbId, payload: PartnerContactIn):
    contact = services_sharing.contact_add(actor=request.user, partner=_partner(partner_id),
                                           **payload.dict())
    return Status(201, {"id": contact.pk})


# Privacy notices and agreements -----------------------------------------------------------------

@router.post("/partners/notices", response={201: NoticeOut, **ERRORS},
             summary="A new edition of a privacy notice", auth=permits("partners.manage"))
def notice_create(request: HttpRequest, payload: NoticeIn):
    partners = list(Partner.objects.filter(pk__in=payload.partner_ids))
    return Status(201, services_sharing.notice_create(
        actor=request.user, code=payload.code, title=payload.title, text=payload.text,
        purposes=[str(p) for p in payload.purposes], fields=payload.fields, partners=partners))


def _agreement_out(agreement: Agreement) -> dict:
    return {**{f: getattr(agreement, f) for f in (
        "id", "partner_id", "kind", "reference", "title", "purpose", "legal_basis", "notice_id",
        "fields", "categories", "start", "end", "edition", "status", "version")},
        "state_today": agreement.state_on(timezone.localdate())}


@router.post("/partners/agreements", response={201: PartnersAgreementOut, **ERRORS},
             summary="Draft an agreement (refused when it asks more than the notice allows)",
             auth=permits("partners.manage"))
def agreement_create(request: HttpRequest, payload: PartnersAgreementIn):
    offices = list(Office.objects.filter(pk__in=payload.office_ids))
    if len(offices) != len(set(payload.office_ids)):
        raise NotFound("No such office")
    notice = (get_object_or_404(PrivacyNotice, pk=payload.notice_id)
              if payload.notice_id else None)
    agreement = services_sharing.agreement_create(
        actor=request.user, partner=_partner(payload.partner_id), kind=payload.kind,
        reference=payload.reference, title=payload.title, purpose=payload.purpose,
        legal_basis=payload.legal_basis, notice=notice, fields=payload.fields, offices=offices,
        categories=payload.categories, registered_from=payload.registered_from,
        registered_until=payload.registered_until,
        users=list(User.objects.filter(pk__in=payload.user_ids)),
        start=payload.start, end=payload.end)
    return Status(201, _agreement_out(agreement))


@router.get("/partners/agreements/{agreement_id}", response={200: PartnersAgreementOut, **ERRORS},
            auth=permits("partners.manage"))
def agreement_detail(request: HttpRequest, agreement_id: DbId):
    return _agreement_out(selectors.agreement_get_for_user(user=request.user,
                                                           agreement_id=agreement_id))


@router.post("/partners/agreements/{agreement_id}/status", response={200: PartnersAgreementOut, **ERRORS},
             summary="Put an agreement in force, or revoke it (with a reason)",
             auth=permits("partners.manage"))
def agreement_status(request: HttpRequest, agreement_id: DbId, payload: AgreementStatusIn):
    agreement = selectors.agreement_get_for_user(user=request.user, agreement_id=agreement_id)
    return _agreement_out(services_sharing.agreement_transition(
        actor=request.user, agreement=agreement, status=payload.status, reason=payload.reason,
        expected_version=payload.version))


@router.get("/partners/agreements/{agreement_id}/disclosures",
            response={200: list[DisclosureOut], **ERRORS},
            summary="Every view and export by the partner under the agreement (for the DPO)",
            auth=permits("partners.audit"))
@paginate(BoundedPageNumberPagination, page_size=50, max_page_size=200)
def agreement_disclosures(request: HttpRequest, agreement_id: DbId):
    agreement, events = selectors.disclosures_of(user=request.user, agreement_id=agreement_id)
    events = list(events[:1000])
    audit_listed(actor=request.user, object_type="core.auditevent", ids=[e.pk for e in events],
                 filters={"agreement": agreement.pk}, what="events")
    return [{"id": e.pk, "at": e.at, "actor_label": e.actor_label, "action": e.action,
             "summary": e.summary, "fields": e.changes.get("fields", []),
             "people": e.changes.get("people", [])} for e in events]


# What a partner's user sees ---------------------------------------------------------------------

@router.get("/partners/shared/agreements", response=list[SharedAgreementOut],
            summary="The agreements in force today that share something with me",
            auth=permits("partners.view"))
def shared_agreements(request: HttpRequest):
    return list(sharing.agreements_for(request.user))


def _record_out(record) -> dict:
    return {"person_id": record.person_id, "fields": list(record.fields),
            "values": {k: (v if isinstance(v, int) or v is None else str(v))
                       for k, v in record.values.items()}}


@router.get("/partners/shared/agreements/{agreement_id}/people",
            response={200: list[SharedRecordOut], **ERRORS},
            summary="The people shared with me under an agreement, only their agreed fields",
            auth=permits("partners.view"))
def shared_people(request: HttpRequest, agreement_id: DbId):
    _agreement, records = sharing.shared_people(user=request.user, agreement_id=agreement_id)
    return [_record_out(r) for r in records]


@router.get("/partners/shared/agreements/{agreement_id}/people/{person_id}",
            response={200: SharedRecordOut, **ERRORS}, auth=permits("partners.view"))
def shared_person(request: HttpRequest, agreement_id: DbId, person_id: DbId):
    _agreement, record = sharing.shared_person(user=request.user, agreement_id=agreement_id,
                                               person_id=person_id)
    return _record_out(record)


class ExportQuery(Schema):
    format: str = "json"
    fields: list[str] = []


@router.get("/partners/shared/agreements/{agreement_id}/export",
            response={200: None, **ERRORS},
            summary="A file of the shared records in the partner's exchange profile (json, csv, "
                    "hxl); refused with the reason outside the agreement",
            auth=permits("partners.view"))
def shared_export(request: HttpRequest, agreement_id: DbId, query: Query[ExportQuery]):
    if query.format not in exchange.FORMATS:
        from corridor.core.errors import ValidationFailed

        raise ValidationFailed([{"field": "format", "message": "json, csv or hxl"}])
    try:
        agreement, codes, records = sharing.shared_export(
            user=request.user, agreement_id=agreement_id, fields=query.fields, fmt=query.format)
    except sharing.ExportRefused as refusal:
        return Status(403, {"detail": refusal.message})
    body = exchange.render(query.format, exchange.layout(agreement.partner, codes), records)
    return HttpResponse(body, content_type=exchange.FORMATS[query.format])


# Emergency disclosures --------------------------------------------------------------------------

@router.post("/partners/emergency", response={201: EmergencyOut, **ERRORS},
             summary="Ask to disclose outside any agreement (a reason; a second approver)",
             auth=permits("partners.override"))
def emergency_request(request: HttpRequest, payload: EmergencyIn):
    from corridor.registry.models import Person

    person = Person.objects.filter(pk=payload.person_id).first()
    if person is None:
        raise NotFound("No such person")
    return Status(201, services_sharing.emergency_request(
        actor=request.user, partner=_partner(payload.partner_id), person=person,
        fields=payload.fields, reason=payload.reason, days=payload.days))


@router.post("/partners/emergency/{disclosure_id}/decision",
             response={200: EmergencyOut, **ERRORS}, summary="The second approver's decision",
             auth=permits("partners.manage"))
def emergency_decide(request: HttpRequest, disclosure_id: DbId, payload: EmergencyDecisionIn):
    disclosure = selectors.emergencies_visible_to(request.user).filter(pk=disclosure_id).first()
    if disclosure is None:
        raise NotFound("No such disclosure")
    return services_sharing.emergency_decide(actor=request.user, disclosure=disclosure,
                                             approve=payload.approve,
                                             expected_version=payload.version)


# Exchange profiles ------------------------------------------------------------------------------

@router.get("/partners/{partner_id}/exchange-profiles", response={200: list[PartnersProfileOut], **ERRORS},
            auth=permits("partners.manage"))
def profile_list(request: HttpRequest, partner_id: DbId):
    return list(_partner(partner_id).exchange_profiles.all())


@router.post("/partners/{partner_id}/exchange-profiles", response={201: PartnersProfileOut, **ERRORS},
             summary="A new version of the partner's exchange profile",
             auth=permits("partners.manage"))
def profile_create(request: HttpRequest, partner_id: DbId, payload: PartnersProfileIn):
    return Status(201, services.profile_create(actor=request.user, partner=_partner(partner_id),
                                               mapping=payload.mapping, note=payload.note))


from corridor.partners import api_operations  # noqa: E402, F401  (registers its endpoints)
