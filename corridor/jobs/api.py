"""API for job referral: the same selectors, services and policies as the pages."""

from datetime import date
from decimal import Decimal

from django.http import HttpRequest
from ninja import Header, Query, Router, Schema
from ninja.pagination import paginate

from corridor.access import selectors as access_selectors
from corridor.access.api_permissions import permits
from corridor.core.api_schemas import ConflictOut, ErrorOut, InvalidOut
from corridor.core.errors import NotFound, ValidationFailed
from corridor.core.idempotency import idempotent_create
from corridor.core.ids import DbId
from corridor.core.pagination import AuditedPagination, BoundedPageNumberPagination
from corridor.geo.models import AdminArea
from corridor.jobs import selectors, services
from corridor.jobs.models import Availability, ReferralStatus, VacancyStatus
from corridor.jobs.vocabulary import EDUCATION_LEVELS, SECTORS, SKILLS

router = Router(tags=["jobs"])


class SkillOut(Schema):
    code: str
    label: str
    sector: str
    synonyms: list[str]
    near: list[str]


class VacancyOut(Schema):
    id: int
    office_id: int
    title: str
    employer: str
    sector: str
    description: str
    required_skills: list[str]
    desirable_skills: list[str]
    languages: list[str]
    education_level: str
    years_wanted: int
    country: str
    admin_area_pcode: str | None
    place_text: str
    posts: int
    status: VacancyStatus
    is_open: bool
    closing_date: date | None
    version: int


class VacancyIn(Schema):
    office_id: DbId
    title: str
    employer: str
    sector: str
    description: str = ""
    required_skills: list[str] = []
    desirable_skills: list[str] = []
    languages: list[str] = []
    education_level: str = ""
    years_wanted: int = 0
    country: str | None = None
    admin_area_pcode: str | None = None
    place_text: str = ""
    posts: int = 1
    status: VacancyStatus = VacancyStatus.OPEN
    closing_date: date | None = None


class VacancyPatch(Schema):
    version: int
    title: str = None
    employer: str = None
    sector: str = None
    description: str = None
    required_skills: list[str] = None
    desirable_skills: list[str] = None
    languages: list[str] = None
    education_level: str = None
    years_wanted: int = None
    country: str = None
    admin_area_pcode: str | None = None
    place_text: str = None
    posts: int = None
    status: VacancyStatus = None
    closing_date: date | None = None


class VacancyFilters(Schema):
    q: str = ""
    sector: str = ""
    status: VacancyStatus | None = None
    office_id: DbId | None = None
    open_only: bool = False


class ProfileOut(Schema):
    id: int
    person_id: int
    skills: list[str]
    education_level: str
    sector_years: dict[str, float]
    languages: list[str]
    preferred_area_pcodes: list[str]
    preferred_countries: list[str]
    availability: Availability
    available_from: date | None
    notes: str
    version: int


class ProfileIn(Schema):
    skills: list[str] = []
    education_level: str = ""
    sector_years: dict[str, float] = {}
    languages: list[str] = []
    preferred_area_pcodes: list[str] = []
    preferred_countries: list[str] = []
    availability: Availability = Availability.NOW
    available_from: date | None = None
    notes: str = ""


class ProfilePatch(Schema):
    version: int
    skills: list[str] = None
    education_level: str = None
    sector_years: dict[str, float] = None
    languages: list[str] = None
    preferred_area_pcodes: list[str] = None
    preferred_countries: list[str] = None
    availability: Availability = None
    available_from: date | None = None
    notes: str = None


class SkillsFoundOut(Schema):
    matched: list[str]
    near: list[tuple[str, str]]
    missing: list[str]


class ExplanationOut(Schema):
    points: dict[str, float]
    skills: SkillsFoundOut
    sector: str
    years: float
    years_wanted: int
    languages_shared: list[str]
    languages_wanted: list[str]
    place_tier: str
    education_level: str
    education_wanted: str


class VacancyCandidateOut(Schema):
    person_id: int
    profile_id: int
    given_name: str
    family_name: str
    office_id: int
    score: float
    explanation: ExplanationOut


class VacancyMatchOut(Schema):
    vacancy: VacancyOut
    score: float
    explanation: ExplanationOut


class ReferralOut(Schema):
    id: int
    vacancy_id: int
    person_id: int
    office_id: int
    case_id: int | None
    assistance_item_id: int | None
    status: ReferralStatus
    referred_on: date
    interview_on: date | None
    outcome_on: date | None
    outcome_note: str
    score: Decimal | None
    version: int


class ReferralIn(Schema):
    vacancy_id: DbId
    person_id: DbId
    note: str = ""
    case_id: DbId | None = None


class ReferralPatch(Schema):
    version: int
    status: ReferralStatus
    on: date | None = None
    outcome_note: str = None


class ReferralFilters(Schema):
    vacancy_id: DbId | None = None
    person_id: DbId | None = None
    status: ReferralStatus | None = None


def _area_ids(pcodes: list[str]) -> list[int]:
    found = dict(AdminArea.objects.filter(pcode__in=pcodes).values_list("pcode", "pk"))
    missing = [p for p in pcodes if p not in found]
    if missing:
        raise ValidationFailed([{"field": "preferred_area_pcodes",
                                 "message": f"unknown P-code {missing[0]!r}"}])
    return [found[p] for p in pcodes]


def _area(pcode: str | None):
    if not pcode:
        return None
    area = AdminArea.objects.filter(pcode=pcode).first()
    if area is None:
        raise ValidationFailed([{"field": "admin_area_pcode",
                                 "message": f"unknown P-code {pcode!r}"}])
    return area


# Vocabulary --------------------------------------------------------------------------------

@router.get("/jobs/skills", response=list[SkillOut], summary="The controlled vocabulary of skills",
            auth=permits("jobs.view"))
def skill_list(request: HttpRequest):
    return [SkillOut(code=code, label=label, sector=sector, synonyms=list(synonyms),
                     near=list(near)) for code, (label, sector, synonyms, near) in SKILLS.items()]


@router.get("/jobs/sectors", response=list[dict[str, str]],
            summary="Sectors and education levels (codes and English labels)", auth=permits("jobs.view"))
def sector_list(request: HttpRequest):
    return [{"kind": "sector", "code": c, "label": label} for c, label in SECTORS] + \
        [{"kind": "education_level", "code": c, "label": label} for c, label in EDUCATION_LEVELS]


# Vacancies ---------------------------------------------------------------------------------

@router.get("/jobs/vacancies", response=list[VacancyOut], summary="Vacancies in scope",
            auth=permits("jobs.view"))
@paginate(BoundedPageNumberPagination, page_size=50, max_page_size=200)
def vacancy_list(request: HttpRequest, filters: Query[VacancyFilters]):
    return selectors.vacancy_list(user=request.user, query=filters.q, sector=filters.sector,
                                  status=filters.status or "", office_id=filters.office_id,
                                  open_only=filters.open_only)


@router.get("/jobs/vacancies/{vacancy_id}", response={200: VacancyOut, 404: ErrorOut},
            auth=permits("jobs.view"))
def vacancy_detail(request: HttpRequest, vacancy_id: DbId):
    return selectors.vacancy_get_for_user(user=request.user, vacancy_id=vacancy_id)


@router.post("/jobs/vacancies",
             response={201: VacancyOut, 403: ErrorOut, 404: ErrorOut, 422: InvalidOut},
             summary="Publish a vacancy (send Idempotency-Key to make retries safe)",
             auth=permits("jobs.edit"))
def vacancy_create(request: HttpRequest, payload: VacancyIn,
                   idempotency_key: str | None = Header(None, alias="Idempotency-Key")):
    def create():
        office = access_selectors.office_for_action(user=request.user, office_id=payload.office_id,
                                                    permission="jobs.edit")
        fields = payload.dict(exclude={"office_id", "admin_area_pcode", "country"})
        if payload.country:
            fields["country"] = payload.country
        fields["admin_area"] = _area(payload.admin_area_pcode)
        vacancy = services.vacancy_create(actor=request.user, office=office, **fields)
        return 201, vacancy, VacancyOut.from_orm(vacancy).model_dump(mode="json")

    def replay(pk: int) -> dict:
        return VacancyOut.from_orm(vacancy_detail(request, pk)).model_dump(mode="json")

    return idempotent_create(request, key=idempotency_key, endpoint="jobs.vacancy",
                             create=create, replay=replay)


@router.patch("/jobs/vacancies/{vacancy_id}",
              response={200: VacancyOut, 403: ErrorOut, 404: ErrorOut, 409: ConflictOut,
                        422: InvalidOut},
              summary="Change a vacancy; send the version you read (a stale one gets 409)",
              auth=permits("jobs.edit"))
def vacancy_update(request: HttpRequest, vacancy_id: DbId, payload: VacancyPatch):
    vacancy = selectors.vacancy_get_for_user(user=request.user, vacancy_id=vacancy_id)
    changes = payload.dict(exclude_unset=True, exclude={"version", "admin_area_pcode"})
    if "admin_area_pcode" in payload.model_fields_set:
        changes["admin_area"] = _area(payload.admin_area_pcode)
    return services.vacancy_update(actor=request.user, vacancy=vacancy,
                                   expected_version=payload.version, changes=changes)


@router.get("/jobs/vacancies/{vacancy_id}/candidates",
            response={200: list[VacancyCandidateOut], 404: ErrorOut},
            summary="Best available people in scope for an open vacancy, with the reasons",
            auth=permits("jobs.view"))
def vacancy_candidates(request: HttpRequest, vacancy_id: DbId, limit: int = 20):
    vacancy = selectors.vacancy_get_for_user(user=request.user, vacancy_id=vacancy_id)
    ranked = selectors.candidates_for_vacancy(user=request.user, vacancy=vacancy,
                                              limit=max(1, min(limit, 100)))
    return [VacancyCandidateOut(person_id=r.profile.person_id, profile_id=r.profile.pk,
                         given_name=r.profile.person.given_name,
                         family_name=r.profile.person.family_name,
                         office_id=r.profile.person.office_id, score=r.match.score,
                         explanation=r.match.explanation) for r in ranked]


# Skills profiles ---------------------------------------------------------------------------

@router.get("/jobs/profiles", response=list[ProfileOut], summary="Skills profiles in scope",
            auth=permits("jobs.view"))
@paginate(AuditedPagination, page_size=50, max_page_size=200,
          object_type="jobs.skillsprofile", what="profiles", office="person.office_id")
def profile_list(request: HttpRequest, available_only: bool = False):
    return selectors.profile_list(user=request.user, available_only=available_only)


def _profile_or_404(request: HttpRequest, person_id: int, *, audit: bool = True):
    _person, profile = selectors.profile_for_person(user=request.user, person_id=person_id,
                                                    audit=audit)
    if profile is None:
        raise NotFound("This person has no skills profile")
    return profile


@router.get("/jobs/people/{person_id}/profile", response={200: ProfileOut, 404: ErrorOut},
            summary="A person's skills profile (the view is audited)", auth=permits("jobs.view"))
def profile_detail(request: HttpRequest, person_id: DbId):
    return _profile_or_404(request, person_id)


@router.post("/jobs/people/{person_id}/profile",
             response={201: ProfileOut, 403: ErrorOut, 404: ErrorOut, 422: InvalidOut},
             summary="Create a person's skills profile (send Idempotency-Key for safe retries)",
             auth=permits("jobs.edit"))
def profile_create(request: HttpRequest, person_id: DbId, payload: ProfileIn,
                   idempotency_key: str | None = Header(None, alias="Idempotency-Key")):
    def create():
        person = selectors.person_get_for_user(user=request.user, person_id=person_id)
        fields = payload.dict(exclude={"preferred_area_pcodes"})
        profile = services.profile_create(
            actor=request.user, person=person,
            preferred_area_ids=_area_ids(payload.preferred_area_pcodes), **fields)
        return 201, profile, ProfileOut.from_orm(profile).model_dump(mode="json")

    def replay(_pk: int) -> dict:  # a person has one profile, read as its GET reads it
        return ProfileOut.from_orm(profile_detail(request, person_id)).model_dump(mode="json")

    return idempotent_create(request, key=idempotency_key, endpoint=f"jobs.profile.{person_id}",
                             create=create, replay=replay)


@router.patch("/jobs/people/{person_id}/profile",
              response={200: ProfileOut, 403: ErrorOut, 404: ErrorOut, 409: ConflictOut,
                        422: InvalidOut},
              summary="Change a skills profile; send the version you read", auth=permits("jobs.edit"))
def profile_update(request: HttpRequest, person_id: DbId, payload: ProfilePatch):
    profile = _profile_or_404(request, person_id, audit=False)
    changes = payload.dict(exclude_unset=True, exclude={"version", "preferred_area_pcodes"})
    areas = (_area_ids(payload.preferred_area_pcodes or [])
             if "preferred_area_pcodes" in payload.model_fields_set else None)
    return services.profile_update(actor=request.user, profile=profile,
                                   expected_version=payload.version, changes=changes,
                                   preferred_area_ids=areas)


@router.get("/jobs/people/{person_id}/vacancies",
            response={200: list[VacancyMatchOut], 404: ErrorOut},
            summary="Best open vacancies in scope for a person's profile, with the reasons",
            auth=permits("jobs.view"))
def profile_vacancies(request: HttpRequest, person_id: DbId, limit: int = 20):
    profile = _profile_or_404(request, person_id)
    ranked = selectors.vacancies_for_profile(user=request.user, profile=profile,
                                             limit=max(1, min(limit, 100)))
    return [VacancyMatchOut(vacancy=VacancyOut.from_orm(r.vacancy), score=r.match.score,
                            explanation=r.match.explanation) for r in ranked]


# Referrals ---------------------------------------------------------------------------------

@router.get("/jobs/referrals", response=list[ReferralOut], summary="Job referrals in scope",
            auth=permits("jobs.view"))
@paginate(AuditedPagination, page_size=50, max_page_size=200,
          object_type="jobs.jobreferral", what="referrals")
def referral_list(request: HttpRequest, filters: Query[ReferralFilters]):
    return selectors.referral_list(user=request.user, vacancy_id=filters.vacancy_id,
                                   person_id=filters.person_id, status=filters.status or "")


@router.get("/jobs/referrals/{referral_id}", response={200: ReferralOut, 404: ErrorOut},
            auth=permits("jobs.view"))
def referral_detail(request: HttpRequest, referral_id: DbId):
    return selectors.referral_get_for_user(user=request.user, referral_id=referral_id)


@router.post("/jobs/referrals",
             response={201: ReferralOut, 403: ErrorOut, 404: ErrorOut, 422: InvalidOut},
             summary="Refer a person to an open vacancy; recorded on the person's case",
             auth=permits("jobs.edit"))
def referral_create(request: HttpRequest, payload: ReferralIn,
                    idempotency_key: str | None = Header(None, alias="Idempotency-Key")):
    def create():
        vacancy = selectors.vacancy_get_for_user(user=request.user, vacancy_id=payload.vacancy_id)
        person = selectors.person_get_for_user(user=request.user, person_id=payload.person_id)
        referral = services.referral_create(actor=request.user, vacancy=vacancy, person=person,
                                            note=payload.note, case_id=payload.case_id)
        return 201, referral, ReferralOut.from_orm(referral).model_dump(mode="json")

    def replay(pk: int) -> dict:
        return ReferralOut.from_orm(referral_detail(request, pk)).model_dump(mode="json")

    return idempotent_create(request, key=idempotency_key, endpoint="jobs.referral",
                             create=create, replay=replay)


@router.patch("/jobs/referrals/{referral_id}",
              response={200: ReferralOut, 403: ErrorOut, 404: ErrorOut, 409: ConflictOut,
                        422: InvalidOut},
              summary="Move a referral on (interview, hired, not selected, withdrawn)",
              auth=permits("jobs.edit"))
def referral_update(request: HttpRequest, referral_id: DbId, payload: ReferralPatch):
    referral = selectors.referral_get_for_user(user=request.user, referral_id=referral_id,
                                               audit=False)
    return services.referral_status_set(actor=request.user, referral=referral,
                                        expected_version=payload.version, status=payload.status,
                                        on=payload.on, note=payload.outcome_note)
