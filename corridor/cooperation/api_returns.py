"""API for the return of qualified nationals: needs, candidates, matches, placements and their
follow-ups."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.http import HttpRequest
from ninja import Router, Schema, Status

from corridor.access import selectors as access_selectors
from corridor.access.api_permissions import permits
from corridor.cooperation import selectors, services
from corridor.cooperation.api import WRITE
from corridor.core.api_schemas import ErrorOut
from corridor.core.errors import NotFound
from corridor.core.ids import DbId
from corridor.registry.models import Person

router = Router(tags=["cooperation"])
VIEW, EDIT = permits("cooperation.view"), permits("cooperation.edit")


class CooperationNeedIn(Schema):
    office_id: DbId
    country: str
    occupation: str
    institution: str
    required_skills: list[str] | None = None
    sector: str = ""
    languages: list[str] = []
    education_level: str = ""
    years_wanted: int = 0
    posts: int = 1


class CooperationNeedOut(Schema):
    id: int
    office_id: int
    country: str
    occupation: str
    institution: str
    sector: str
    required_skills: list[str]
    languages: list[str]
    education_level: str
    years_wanted: int
    posts: int
    status: str
    version: int


class CooperationCandidateIn(Schema):
    person_id: DbId
    case_id: DbId
    residing_in: str
    returning_to: str = ""
    occupation: str


class CooperationCandidateOut(Schema):
    id: int
    office_id: int
    person_id: int
    case_id: int
    residing_in: str
    returning_to: str
    occupation: str


class CooperationMatchOut(Schema):
    candidate_id: int
    person_id: int
    score: float
    same_occupation: bool
    points: dict[str, float]
    skills_matched: list[str]
    skills_missing: list[str]


class CooperationPlacementIn(Schema):
    need_id: DbId
    candidate_id: DbId
    position: str
    placed_on: date


class CooperationFollowUpOut(Schema):
    id: int
    months: int
    due_on: date
    done_on: date | None
    outcome: str
    note: str


class CooperationPlacementOut(Schema):
    id: int
    need_id: int
    candidate_id: int
    position: str
    placed_on: date
    score: Decimal
    reasons: dict
    follow_ups: list[CooperationFollowUpOut]

    @staticmethod
    def resolve_follow_ups(obj):
        return list(obj.follow_ups.all())


class CooperationFollowUpIn(Schema):
    done_on: date
    outcome: str
    note: str = ""


@router.get("/cooperation/needs", response=list[CooperationNeedOut], auth=VIEW,
            summary="Skills countries need (ISCO-08 occupations)")
def need_list(request: HttpRequest, country: str = ""):
    return list(selectors.need_list(user=request.user, country=country))


@router.post("/cooperation/needs", response={**WRITE, 201: CooperationNeedOut}, auth=EDIT,
             summary="Record a skill need")
def need_create(request: HttpRequest, payload: CooperationNeedIn):
    office = access_selectors.office_for_action(user=request.user, office_id=payload.office_id,
                                                permission="cooperation.edit")
    return Status(201, services.need_create(actor=request.user, office=office,
                                     **payload.dict(exclude={"office_id"})))


@router.get("/cooperation/needs/{need_id}/matches", response=list[CooperationMatchOut], auth=VIEW,
            summary="Candidates for a need, best first, with the jobs engine's reasons")
def need_matches(request: HttpRequest, need_id: DbId):
    need = selectors.need_get(user=request.user, need_id=need_id)
    return [CooperationMatchOut(candidate_id=r.candidate.pk, person_id=r.candidate.person_id,
                     score=r.match.score, same_occupation=r.same_occupation,
                     points=r.match.explanation.points,
                     skills_matched=list(r.match.explanation.skills.matched),
                     skills_missing=list(r.match.explanation.skills.missing))
            for r in selectors.matches_for_need(user=request.user, need=need)]


@router.get("/cooperation/candidates", response=list[CooperationCandidateOut], auth=VIEW,
            summary="Candidates abroad in scope (the list is audited)")
def candidate_list(request: HttpRequest):
    return selectors.candidate_list(user=request.user)


@router.post("/cooperation/candidates", response={**WRITE, 201: CooperationCandidateOut}, auth=EDIT,
             summary="Register a person with a case of return of qualified nationals")
def candidate_register(request: HttpRequest, payload: CooperationCandidateIn):
    person = Person.objects.filter(pk=payload.person_id).first()
    if person is None:
        raise NotFound("No such person")
    return Status(201, services.candidate_register(
        actor=request.user, person=person, case_id=payload.case_id,
        residing_in=payload.residing_in, returning_to=payload.returning_to,
        occupation=payload.occupation))


@router.post("/cooperation/placements", response={**WRITE, 201: CooperationPlacementOut}, auth=EDIT,
             summary="Record a placement; follow-ups fall due at 6 and 12 months")
def placement_record(request: HttpRequest, payload: CooperationPlacementIn):
    need = selectors.need_get(user=request.user, need_id=payload.need_id)
    candidate = selectors.candidate_get(user=request.user, candidate_id=payload.candidate_id)
    return Status(201, services.placement_record(actor=request.user, need=need, candidate=candidate,
                                          position=payload.position, placed_on=payload.placed_on))


@router.get("/cooperation/placements/{placement_id}",
            response={200: CooperationPlacementOut, 404: ErrorOut}, auth=VIEW,
            summary="A placement with its follow-ups (the view is audited)")
def placement_detail(request: HttpRequest, placement_id: DbId):
    return selectors.placement_get(user=request.user, placement_id=placement_id)


@router.post("/cooperation/follow-ups/{follow_up_id}", response={**WRITE, 201: CooperationFollowUpOut},
             auth=EDIT, summary="Record a follow-up's outcome")
def follow_up_record(request: HttpRequest, follow_up_id: DbId, payload: CooperationFollowUpIn):
    follow_up = selectors.follow_up_get(user=request.user, follow_up_id=follow_up_id)
    return Status(201, services.follow_up_record(actor=request.user, follow_up=follow_up,
                                          done_on=payload.done_on, outcome=payload.outcome,
                                          note=payload.note))
