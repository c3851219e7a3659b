"""API for tracing: the same selectors, services and policies as the pages."""

from datetime import date, datetime

from django.http import HttpRequest
from ninja import Field, Header, Query, Router, Schema, Status
from ninja.pagination import paginate

from corridor.access import selectors as access_selectors
from corridor.access.api_permissions import permits
from corridor.core.api_schemas import ConflictOut, ErrorOut, InvalidOut
from corridor.core.errors import ValidationFailed
from corridor.core.idempotency import idempotent_create
from corridor.core.ids import DbId
from corridor.core.pagination import AuditedPagination
from corridor.deduplication.api import ComparisonFieldOut
from corridor.movements import selectors as movement_selectors
from corridor.registry.models import Sex
from corridor.tracing import limits, plan_booking, selectors, services
from corridor.tracing.models import (
    CandidateStatus,
    Cause,
    Kinship,
    PlanStatus,
    RequestStatus,
    StepKind,
)

router = Router(tags=["tracing"])


class SoughtIn(Schema):
    relation: Kinship | None = None
    given_name: str
    family_name: str = ""
    original_script_name: str = ""
    other_names: list[str] = []
    sex: Sex = Sex.UNKNOWN
    birth_year: int | None = None
    birth_date: date | None = None
    father_name: str = ""
    mother_name: str = ""
    nationality: str = ""
    place_of_origin: str = ""
    last_seen_place: str = ""
    last_seen_on: date | None = None


class SoughtOut(SoughtIn):
    id: int
    relation: str
    found_person_id: int | None
    searched_at: datetime | None
    withdrawn_candidates: int = Field(0, description="Candidates no longer shown: the person "
                                                     "withdrew consent or was merged since")


class RequestIn(Schema):
    office_id: DbId
    enquirer_person_id: DbId | None = Field(None, description="A registered person in your scope")
    enquirer_name: str = Field("", description="When the enquirer is not registered")
    enquirer_contact: str = ""
    enquirer_consent: bool = Field(..., description="The enquirer consents to tracing")
    cause: Cause
    notes: str = ""
    sought: list[SoughtIn] = Field(..., description="At most TRACING_MAX_SOUGHT_PER_REQUEST "
                                                     "(10 unless configured)")


class RequestOut(Schema):
    id: int
    reference: str
    office_id: int
    enquirer_person_id: int | None
    enquirer_name: str
    enquirer_contact: str
    enquirer_consent: bool
    cause: Cause
    status: RequestStatus
    notes: str
    version: int
    created_at: datetime


class RequestDetailOut(RequestOut):
    sought: list[SoughtOut]


class RequestPatch(Schema):
    version: int
    enquirer_name: str = None
    enquirer_contact: str = None
    cause: Cause = None
    status: RequestStatus = None
    notes: str = None


class RequestFilters(Schema):
    status: RequestStatus | None = None
    q: str = Field("", description="Reference, enquirer's or sought person's name")


class CandidateOut(Schema):
    id: int
    sought_id: int
    rank: int
    match_probability: float | None = Field(..., description="On a minimal card, from the "
                                                             "card's fields only; null when "
                                                             "not explained")
    status: CandidateStatus
    reason: str
    version: int
    full_record: bool = Field(..., description="False: a minimal card, the person is outside "
                                               "your registry scope")
    person_id: int | None = Field(None, description="Only when the full record is yours to see")
    given_name: str
    family_name: str
    sex: str
    birth_year: int | None
    office: str


class SearchOut(Schema):
    proposed: int
    candidates: list[CandidateOut]
    withdrawn: int = Field(..., description="Candidates no longer shown (consent withdrawn, or "
                                            "merged into another record)")


class ComparisonOut(Schema):
    candidate: CandidateOut
    match_probability: float
    match_weight: float
    prior_weight: float
    household_rule_applied: bool | None = Field(..., description="null: hidden on a minimal card")
    fields: list[ComparisonFieldOut]


class DecisionIn(Schema):
    version: int
    decision: str = Field(..., pattern="^(confirm|reject)$")
    reason: str


class PlanIn(Schema):
    movement_origin: str = ""
    movement_destination: str = ""
    movement_date_wanted: date | None = None
    notes: str = ""


class StepIn(Schema):
    kind: StepKind
    done_on: date
    done_by: str
    notes: str = ""


class StepOut(StepIn):
    id: int


class PlanOut(Schema):
    id: int
    request_id: int
    candidate_id: int
    status: PlanStatus
    movement_origin: str
    movement_destination: str
    movement_date_wanted: date | None
    movement_reference: str
    booking_id: int | None = Field(None, description="The movement booking taken for the plan")
    notes: str
    version: int
    child_involved: bool
    missing_steps: list[StepKind]
    steps: list[StepOut]


class PlanPatch(Schema):
    version: int
    status: PlanStatus = None
    movement_origin: str = None
    movement_destination: str = None
    movement_date_wanted: date | None = None
    movement_reference: str = None
    notes: str = None


def _card(card: selectors.CandidateCard) -> dict:
    c = card.candidate
    return {"id": c.pk, "sought_id": c.sought_id, "rank": c.rank,
            "match_probability": card.match_probability, "status": c.status,
            "reason": c.reason, "version": c.version, "full_record": card.full,
            "person_id": c.person_id if card.full else None, "given_name": card.given_name,
            "family_name": card.family_name, "sex": card.sex, "birth_year": card.birth_year,
            "office": card.office}


def _detail(request) -> dict:
    data = RequestOut.from_orm(request).model_dump(mode="json")
    withdrawn = selectors.withdrawn_counts(request=request)
    data["sought"] = [{**SoughtOut.from_orm(s).model_dump(mode="json"),
                       "withdrawn_candidates": withdrawn.get(s.pk, 0)}
                      for s in request.sought.all().order_by("id")]
    return data


def _plan(plan) -> dict:
    data = {f: getattr(plan, f) for f in ("id", "request_id", "candidate_id", "status",
                                          "movement_origin", "movement_destination",
                                          "movement_date_wanted", "movement_reference",
                                          "booking_id", "notes", "version")}
    data["child_involved"] = services.child_involved(plan)
    data["missing_steps"] = services.missing_steps(plan)
    data["steps"] = list(plan.steps.all())
    return PlanOut.model_validate(data, from_attributes=True).model_dump(mode="json")


@router.get("/tracing/requests", response=list[RequestOut],
            summary="Tracing requests of your offices", auth=permits("tracing.view"))
@paginate(AuditedPagination, page_size=50, max_page_size=200,
          object_type="tracing.tracingrequest", what="requests")
def request_list(request: HttpRequest, filters: Query[RequestFilters]):
    return selectors.request_list(user=request.user, status=filters.status or "",
                                  query=filters.q)


@router.post("/tracing/requests",
             response={201: RequestDetailOut, 403: ErrorOut, 404: ErrorOut, 422: InvalidOut},
             summary="File a tracing request (send Idempotency-Key to make retries safe)",
             auth=permits("tracing.edit"))
def request_create(request: HttpRequest, payload: RequestIn,
                   idempotency_key: str | None = Header(None, alias="Idempotency-Key")):
    # Outside the idempotent create's transaction, which would roll the audited refusal back.
    limits.check_sought_count(actor=request.user, office_id=payload.office_id,
                              count=len(payload.sought))

    def create():
        office = access_selectors.office_for_action(user=request.user, office_id=payload.office_id,
                                                    permission="tracing.edit")
        sought = [services.SoughtInput(fields={**s.dict(), "relation": s.relation or ""})
                  for s in payload.sought]
        created = services.request_create(
            actor=request.user, office=office, cause=payload.cause, sought=sought,
            enquirer_person_id=payload.enquirer_person_id, enquirer_name=payload.enquirer_name,
            enquirer_contact=payload.enquirer_contact,
            enquirer_consent=payload.enquirer_consent, notes=payload.notes)
        return 201, created, _detail(created)

    return idempotent_create(request, key=idempotency_key, endpoint="tracing.request",
                             create=create, replay=lambda pk: request_detail(request, pk))


@router.get("/tracing/requests/{request_id}", response={200: RequestDetailOut, 404: ErrorOut},
            auth=permits("tracing.view"))
def request_detail(request: HttpRequest, request_id: DbId):
    return _detail(selectors.request_get_for_user(user=request.user, request_id=request_id))


@router.patch("/tracing/requests/{request_id}",
              response={200: RequestOut, 403: ErrorOut, 404: ErrorOut, 409: ConflictOut,
                        422: InvalidOut},
              summary="Change a request; send the version you read (a stale one gets 409)",
              auth=permits("tracing.edit"))
def request_update(request: HttpRequest, request_id: DbId, payload: RequestPatch):
    found = selectors.request_get_for_user(user=request.user, request_id=request_id, audit=False)
    changes = {k: v for k, v in payload.dict(exclude_unset=True, exclude={"version"}).items()
               if v is not None}
    return services.request_update(actor=request.user, request=found,
                                   expected_version=payload.version, changes=changes)


@router.post("/tracing/requests/{request_id}/search",
             response={200: SearchOut, 403: ErrorOut, 404: ErrorOut, 422: InvalidOut},
             summary="Search the whole registry (consenting people only) for the sought persons; "
                     "at most TRACING_SEARCHES_PER_DAY searches an officer a day (422 past it)",
             auth=permits("tracing.edit"))
def request_search(request: HttpRequest, request_id: DbId):
    found = selectors.request_get_for_user(user=request.user, request_id=request_id, audit=False)
    proposed = services.request_search(actor=request.user, request=found)
    cards = selectors.candidate_cards(user=request.user, request=found)
    return {"proposed": proposed,
            "candidates": [_card(c) for group in cards.values() for c in group],
            "withdrawn": sum(selectors.withdrawn_counts(request=found).values())}


@router.get("/tracing/requests/{request_id}/candidates",
            response={200: list[CandidateOut], 404: ErrorOut},
            summary="Candidate matches: full details within your registry scope, else a card",
            auth=permits("tracing.view"))
def candidate_list(request: HttpRequest, request_id: DbId):
    # The request behind the candidates (its sought people) is shown with them: audited.
    found = selectors.request_get_for_user(user=request.user, request_id=request_id)
    cards = selectors.candidate_cards(user=request.user, request=found)
    return [_card(c) for group in cards.values() for c in group]


@router.get("/tracing/candidates/{candidate_id}", response={200: ComparisonOut, 404: ErrorOut},
            summary="One candidate compared field by field with the weight each field added",
            auth=permits("tracing.view"))
def candidate_detail(request: HttpRequest, candidate_id: DbId):
    candidate = selectors.candidate_get_for_user(user=request.user, candidate_id=candidate_id)
    comparison = selectors.candidate_comparison(user=request.user, candidate=candidate)
    return {"candidate": _card(comparison.card),
            "match_probability": comparison.match_probability,
            "match_weight": comparison.match_weight, "prior_weight": comparison.prior_weight,
            "household_rule_applied": comparison.household_rule_applied,
            "fields": [row.__dict__ for row in comparison.rows]}


@router.post("/tracing/candidates/{candidate_id}/decision",
             response={200: CandidateOut, 403: ErrorOut, 404: ErrorOut, 409: ConflictOut,
                       422: InvalidOut},
             summary="Confirm or reject a candidate, with a reason", auth=permits("tracing.edit"))
def candidate_decide(request: HttpRequest, candidate_id: DbId, payload: DecisionIn):
    candidate = selectors.candidate_get_for_user(user=request.user, candidate_id=candidate_id)
    decided = services.candidate_decide(actor=request.user, candidate=candidate,
                                        expected_version=payload.version,
                                        confirm=payload.decision == "confirm",
                                        reason=payload.reason)
    return _card(selectors.candidate_card(user=request.user, candidate=decided))


@router.post("/tracing/candidates/{candidate_id}/plan",
             response={201: PlanOut, 403: ErrorOut, 404: ErrorOut, 422: InvalidOut},
             summary="Start the reunification plan of a confirmed match", auth=permits("tracing.edit"))
def plan_create(request: HttpRequest, candidate_id: DbId, payload: PlanIn,
                idempotency_key: str | None = Header(None, alias="Idempotency-Key")):
    def create():
        candidate = selectors.candidate_get_for_user(user=request.user,
                                                     candidate_id=candidate_id)
        plan = services.plan_create(actor=request.user, candidate=candidate, **payload.dict())
        return 201, plan, _plan(plan)

    return idempotent_create(request, key=idempotency_key, endpoint="tracing.plan",
                             create=create, replay=lambda pk: plan_detail(request, pk))


@router.get("/tracing/plans/{plan_id}", response={200: PlanOut, 404: ErrorOut}, auth=permits("tracing.view"))
def plan_detail(request: HttpRequest, plan_id: DbId):
    return _plan(selectors.plan_get_for_user(user=request.user, plan_id=plan_id))


@router.patch("/tracing/plans/{plan_id}",
              response={200: PlanOut, 403: ErrorOut, 404: ErrorOut, 409: ConflictOut,
                        422: InvalidOut},
              summary="Change a plan (status, intended movement); a stale version gets 409",
              auth=permits("tracing.edit"))
def plan_update(request: HttpRequest, plan_id: DbId, payload: PlanPatch):
    plan = selectors.plan_get_for_user(user=request.user, plan_id=plan_id, audit=False)
    changes = {k: v for k, v in payload.dict(exclude_unset=True, exclude={"version"}).items()
               if v is not None or k == "movement_date_wanted"}
    plan = services.plan_update(actor=request.user, plan=plan,
                                expected_version=payload.version, changes=changes)
    return _plan(plan)


@router.post("/tracing/plans/{plan_id}/steps",
             response={201: PlanOut, 403: ErrorOut, 404: ErrorOut, 422: InvalidOut},
             summary="Record a step: verification, agreements, best interests of the child",
             auth=permits("tracing.edit"))
def plan_step_record(request: HttpRequest, plan_id: DbId, payload: StepIn):
    plan = selectors.plan_get_for_user(user=request.user, plan_id=plan_id, audit=False)
    services.plan_step_record(actor=request.user, plan=plan, **payload.dict())
    return Status(201, _plan(selectors.plan_get_for_user(user=request.user, plan_id=plan_id,
                                                         audit=False)))


# -- booking a plan's movement ----------------------------------------------------------------

class BookingIn(Schema):
    version: int = Field(..., description="The plan's version you read")
    leg_id: DbId | None = Field(None, description="Book on this leg of a family-reunion "
                                                  "operation...")
    booking_id: DbId | None = Field(None, description="...or link this existing booking")
    traveller: str = Field("found", pattern="^(found|enquirer)$")
    household_split_reason: str = ""


@router.post("/tracing/plans/{plan_id}/booking",
             response={200: PlanOut, 403: ErrorOut, 404: ErrorOut, 409: ConflictOut,
                       422: InvalidOut},
             summary="Book the plan's movement (or link a booking): needs tracing.edit and "
                     "movements.edit",
             auth=permits("tracing.edit", "movements.edit"))
def plan_book(request: HttpRequest, plan_id: DbId, payload: BookingIn):
    plan = selectors.plan_get_for_user(user=request.user, plan_id=plan_id, audit=False)
    if (payload.leg_id is None) == (payload.booking_id is None):
        raise ValidationFailed([{"field": "leg_id", "message": "give a leg or a booking"}])
    if payload.booking_id is not None:
        booking = movement_selectors.booking_get_for_user(user=request.user,
                                                          booking_id=payload.booking_id)
        plan = plan_booking.plan_link_booking(actor=request.user, plan=plan,
                                              expected_version=payload.version, booking=booking)
    else:
        leg = movement_selectors.leg_get_for_user(user=request.user, leg_id=payload.leg_id,
                                                  audit=False)
        plan = plan_booking.plan_book(actor=request.user, plan=plan,
                                      expected_version=payload.version, leg=leg,
                                      traveller=payload.traveller,
                                      household_split_reason=payload.household_split_reason)
    return _plan(selectors.plan_get_for_user(user=request.user, plan_id=plan.pk, audit=False))
