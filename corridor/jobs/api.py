"""API for job referral: the same selectors, services and policies as the pages."""

from datetime import date
from decimal import Decimal

from django.http import HttpRequest
from ninja import Header, Query, Router, Schema, Status
from ninja.pagination import paginate

from corridor.access.api_permissions import require
from corridor.access.models import Office
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
    title: str | None = None
    employer: str | None = None
    sector: str | None = None
    description: str | None = None
    required_skills: list[str] | None = None
    desirable_skills: list[str] | None = None
    languages: list[str] | None = None
    education_level: str | None = None
    years_wanted: int | None = None
    country: str | None = None
    admin_area_pcode: str | None = None
    place_text: str | None = None
    posts: int | None = None
    status: VacancyStatus | None = None
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
    skills: list[str] | None = None
    education_level: str | None = None
    sector_years: dict[str, float] | None = None
    languages: list[str] | None = None
    preferred_area_pcodes: list[str] | None = None
    preferred_countries: list[str] | None = None
    availability: Availability | None = None
    available_from: date | None = None
    notes: str | None = None


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


class CandidateOut(Schema):
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
    outcome_note: str | None = None


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

@router.get("/jobs/skills", response=list[SkillOut], summary="The controlled vocabulary of skills")
def skill_list(request: HttpRequest):
    require(request.user, "jobs.view")
    return [SkillOut(code=code, label=label, sector=sector, synonyms=list(synonyms),
                     near=list(near)) for code, (label, sector, synonyms, near) in SKILLS.items()]


@router.get("/jobs/sectors", response=list[dict[str, str]],
            summary="Sectors and education levels (codes and English labels)")
def sector_list(request: HttpRequest):
    require(request.user, "jobs.view")
    return [{"kind": "sector", "code": c, "label": label} for c, label in SECTORS] + \
        [{"kind": "education_level", "code": c, "label": label} for c, label in EDUCATION_LEVELS]


# Vacancies ---------------------------------------------------------------------------------

@router.get("/jobs/vacancies", response=list[VacancyOut], summary="Vacancies in scope")
@paginate(BoundedPageNumberPagination, page_size=50, max_page_size=200)
def vacancy_list(request: HttpRequest, filters: Query[VacancyFilters]):
    require(request.user, "jobs.view")
    return selectors.vacancy_list(user=request.user, query=filters.q, sector=filters.sector,
                                  status=filters.status or "", office_id=filters.office_id,
                                  open_only=filters.open_only)


@router.get("/jobs/vacancies/{vacancy_id}", response={200: VacancyOut, 404: ErrorOut})
def vacancy_detail(request: HttpRequest, vacancy_id: DbId):
    require(request.user, "jobs.view")
    return selectors.vacancy_get_for_user(user=request.user, vacancy_id=vacancy_id)


@router.post("/jobs/vacancies",
             response={201: VacancyOut, 403: ErrorOut, 404: ErrorOut, 422: InvalidOut},
             summary="Publish a vacancy (send Idempotency-Key to make retries safe)")
def vacancy_create(request: HttpRequest, payload: VacancyIn,
                   idempotency_key: str | None = Header(None, alias="Idempotency-Key")):
    require(request.user, "jobs.edit")

    def create():
        office = Office.objects.filter(pk=payload.office_id).first()
        if office is None:
            raise NotFound("No such office")
        fields = payload.dict(exclude={"office_id", "admin_area_pcode", "country"})
        if payload.country:
            fields["country"] = payload.country
        fields["admin_area"] = _area(payload.admin_area_pcode)
        vacancy = services.vacancy_create(actor=request.user, office=office, **fields)
        return 201, VacancyOut.from_orm(vacancy).model_dump(mode="json")

    status, body = idempotent_create(user=request.user, key=idempotency_key,
                                     endpoint="jobs.vacancy", create=create)
    return Status(status, body)


@router.patch("/jobs/vacancies/{vacancy_id}",
              response={200: VacancyOut, 403: ErrorOut, 404: ErrorOut, 409: ConflictOut,
                        422: InvalidOut},
              summary="Change a vacancy; send the version you read (a stale one gets 409)")
def vacancy_update(request: HttpRequest, vacancy_id: DbId, payload: VacancyPatch):
    require(request.user, "jobs.edit")
    vacancy = selectors.vacancy_get_for_user(user=request.user, vacancy_id=vacancy_id)
    changes = payload.dict(exclude_unset=True, exclude={"version", "admin_area_pcode"})
    if "admin_area_pcode" in payload.model_fields_set:
        changes["admin_area"] = _area(payload.admin_area_pcode)
    return services.vacancy_update(actor=request.user, vacancy=vacancy,
                                   expected_version=payload.version, changes=changes)


@router.get("/jobs/vacancies/{vacancy_id}/candidates",
            response={200: list[CandidateOut], 404: ErrorOut},
            summary="Best available people in scope for an open vacancy, with the reasons")
def vacancy_candidates(request: HttpRequest, vacancy_id: DbId, limit: int = 20):
    require(request.user, "jobs.view")
    vacancy = selectors.vacancy_get_for_user(user=request.user, vacancy_id=vacancy_id)
    ranked = selectors.candidates_for_vacancy(user=request.user, vacancy=vacancy,
                                              limit=max(1, min(limit, 100)))
    return [CandidateOut(person_id=r.profile.person_id, profile_id=r.profile.pk,
                         given_name=r.profile.person.given_name,
                         family_name=r.profile.person.family_name,
                         office_id=r.profile.person.office_id, score=r.match.score,
                         explanation=r.match.explanation) for r in ranked]


# Skills profiles ---------------------------------------------------------------------------

@router.get("/jobs/profiles", response=list[ProfileOut], summary="Skills profiles in scope")
@paginate(AuditedPagination, page_size=50, max_page_size=200,
          object_type="jobs.skillsprofile", what="profiles", office="person.office_id")
def profile_list(request: HttpRequest, available_only: bool = False):
    require(request.user, "jobs.view")
    return selectors.profile_list(user=request.user, available_only=available_only)


def _profile_or_404(request: HttpRequest, person_id: int, *, audit: bool = True):
    _person, profile = selectors.profile_for_person(user=request.user, person_id=person_id,
                                                    audit=audit)
    if profile is None:
        raise NotFound("This person has no skills profile")
    return profile


@router.get("/jobs/people/{person_id}/profile", response={200: ProfileOut, 404: ErrorOut},
            summary="A person's skills profile (the view is audited)")
def profile_detail(request: HttpRequest, person_id: DbId):
    require(request.user, "jobs.view")
    return _profile_or_404(request, person_id)


@router.post("/jobs/people/{person_id}/profile",
             response={201: ProfileOut, 403: ErrorOut, 404: ErrorOut, 422: InvalidOut},
             summary="Create a person's skills profile (send Idempotency-Key for safe retries)")
def profile_create(request: HttpRequest, person_id: DbId, payload: ProfileIn,
                   idempotency_key: str | None = Header(None, alias="Idempotency-Key")):
    require(request.user, "jobs.edit")

    def create():
        person = selectors.person_get_for_user(user=request.user, person_id=person_id)
        fields = payload.dict(exclude={"preferred_area_pcodes"})
        profile = services.profile_create(
            actor=request.user, person=person,
            preferred_area_ids=_area_ids(payload.preferred_area_pcodes), **fields)
        return 201, ProfileOut.from_orm(profile).model_dump(mode="json")

    status, body = idempotent_create(user=request.user, key=idempotency_key,
                                     endpoint=f"jobs.profile.{person_id}", create=create)
    return Status(status, body)


@router.patch("/jobs/people/{person_id}/profile",
              response={200: ProfileOut, 403: ErrorOut, 404: ErrorOut, 409: ConflictOut,
                        422: InvalidOut},
              summary="Change a skills profile; send the version you read")
def profile_update(request: HttpRequest, person_id: DbId, payload: ProfilePatch):
    require(request.user, "jobs.edit")
    profile = _profile_or_404(request, person_id, audit=False)
    changes = payload.dict(exclude_unset=True, exclude={"version", "preferred_area_pcodes"})
    areas = (_area_ids(payload.preferred_area_pcodes or [])
             if "preferred_area_pcodes" in payload.model_fields_set else None)
    return services.profile_update(actor=request.user, profile=profile,
                                   expected_version=payload.version, changes=changes,
                                   preferred_area_ids=areas)


@router.get("/jobs/people/{person_id}/vacancies",
            response={200: list[VacancyMatchOut], 404: ErrorOut},
            summary="Best open vacancies in scope for a person's profile, with the reasons")
def profile_vacancies(request: HttpRequest, person_id: DbId, limit: int = 20):
    require(request.user, "jobs.view")
    profile = _profile_or_404(request, person_id)
    ranked = selectors.vacancies_for_profile(user=request.user, profile=profile,
                                             limit=max(1, min(limit, 100)))
    return [VacancyMatchOut(vacancy=VacancyOut.from_orm(r.vacancy), score=r.match.score,
                            explanation=r.match.explanation) for r in ranked]


# Referrals ---------------------------------------------------------------------------------

@router.get("/jobs/referrals", response=list[ReferralOut], summary="Job referrals in scope")
@paginate(AuditedPagination, page_size=50, max_page_size=200,
          object_type="jobs.jobreferral", what="referrals")
def referral_list(request: HttpRequest, filters: Query[ReferralFilters]):
    require(request.user, "jobs.view")
    return selectors.referral_list(user=request.user, vacancy_id=filters.vacancy_id,
                                   person_id=filters.person_id, status=filters.status or "")


@router.get("/jobs/referrals/{referral_id}", response={200: ReferralOut, 404: ErrorOut})
def referral_detail(request: HttpRequest, referral_id: DbId):
    require(request.user, "jobs.view")
    return selectors.referral_get_for_user(user=request.user, referral_id=referral_id)


@router.post("/jobs/referrals",
             response={201: ReferralOut, 403: ErrorOut, 404: ErrorOut, 422: InvalidOut},
             summary="Refer a person to an open vacancy; recorded on the person's case")
def referral_create(request: HttpRequest, payload: ReferralIn,
                    idempotency_key: str | None = Header(None, alias="Idempotency-Key")):
    require(request.user, "jobs.edit")

    def create():
        vacancy = selectors.vacancy_get_for_user(user=request.user, vacancy_id=payload.vacancy_id)
        person = selectors.person_get_for_user(user=request.user, person_id=payload.person_id)
        referral = services.referral_create(actor=request.user, vacancy=vacancy, person=person,
                                            note=payload.note, case_id=payload.case_id)
        return 201, ReferralOut.from_orm(referral).model_dump(mode="json")

    status, body = idempotent_create(user=request.user, key=idempotency_key,
                                     endpoint="jobs.referral", create=create)
    return Status(status, body)


@router.patch("/jobs/referrals/{referral_id}",
              response={200: ReferralOut, 403: ErrorOut, 404: ErrorOut, 409: ConflictOut,
                        422: InvalidOut},
              summary="Move a referral on (interview, hired, not selected, withdrawn)")
def referral_update(request: HttpRequest, referral_id: DbId, payload: ReferralPatch):
    require(request.user, "jobs.edit")
    referral = selectors.referral_get_for_user(user=request.user, referral_id=referral_id,
                                               audit=False)
    return services.referral_status_set(actor=request.user, referral=referral,
                                        expected_version=payload.version, status=payload.status,
                                        on=payload.on, note=payload.outcome_note)
