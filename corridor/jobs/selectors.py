"""Reads for job referral, always through the policies; views of personal data are audited."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from corridor.access.policies import has_permission
from corridor.core.audit import audit_record
from corridor.core.errors import PermissionDenied
from corridor.core.fetch import get_in_scope
from corridor.core.models import AuditAction
from corridor.geo.models import AdminArea
from corridor.jobs import matching, policies
from corridor.jobs.facts import candidate_facts, vacancy_facts
from corridor.jobs.models import Availability, JobReferral, SkillsProfile, Vacancy, VacancyStatus
from corridor.registry.models import Person

MATCH_LIMIT = 20


def _require(user, permission: str = "jobs.view") -> None:
    if not has_permission(user, permission):
        raise PermissionDenied("Your role does not include job referral.")


def open_vacancies(vacancies: QuerySet[Vacancy]) -> QuerySet[Vacancy]:
    today = timezone.localdate()
    return vacancies.filter(status=VacancyStatus.OPEN).filter(
        Q(closing_date__isnull=True) | Q(closing_date__gte=today))


# Vacancies ---------------------------------------------------------------------------------

def vacancy_list(*, user, query: str = "", sector: str = "", status: str = "",
                 office_id: int | None = None, open_only: bool = False) -> QuerySet[Vacancy]:
    _require(user)
    vacancies = policies.vacancies_visible_to(user).select_related("office", "admin_area")
    if open_only:
        vacancies = open_vacancies(vacancies)
    if query:
        vacancies = vacancies.filter(Q(title__icontains=query) | Q(employer__icontains=query))
    if sector:
        vacancies = vacancies.filter(sector=sector)
    if status:
        vacancies = vacancies.filter(status=status)
    if office_id:
        vacancies = vacancies.filter(office_id=office_id)
    return vacancies


def vacancy_get_for_user(*, user, vacancy_id: int) -> Vacancy:
    vacancy = get_in_scope(policies.vacancies_visible_to(user)
                           .select_related("office", "admin_area__parent__parent"),
                           vacancy_id, "No such vacancy")
    return vacancy


# People and skills profiles ----------------------------------------------------------------

def person_get_for_user(*, user, person_id: int) -> Person:
    """The person, if in both the registry and the jobs scope of the user."""
    person = get_in_scope(policies.people_visible_to(user)
                          .select_related("office", "place_of_origin__parent__parent"),
                          person_id, "No such person")
    return person


def _profiles(queryset: QuerySet[SkillsProfile]) -> QuerySet[SkillsProfile]:
    return queryset.select_related(
        "person__office", "person__place_of_origin__parent__parent",
    ).prefetch_related(
        Prefetch("preferred_areas", queryset=AdminArea.objects.select_related("parent__parent")))


def profile_list(*, user, available_only: bool = False) -> QuerySet[SkillsProfile]:
    _require(user)
    profiles = _profiles(policies.profiles_visible_to(user))
    if available_only:
        profiles = profiles.exclude(availability=Availability.NOT_AVAILABLE)
    return profiles.order_by("person__family_name", "person__given_name", "id")


def profile_for_person(*, user, person_id: int, audit: bool = True
                       ) -> tuple[Person, SkillsProfile | None]:
    """The person and their profile (None if none yet); the view of a profile is audited."""
    _require(user)
    person = person_get_for_user(user=user, person_id=person_id)
    profile = _profiles(SkillsProfile.objects.filter(person=person)).first()
    if audit and profile is not None:
        audit_record(actor=user, action=AuditAction.VIEW, obj=profile,
                     office_id=person.office_id, summary="skills profile")
    return person, profile


# Matching ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class RankedCandidate:
    profile: SkillsProfile
    match: matching.Match


@dataclass(frozen=True)
class RankedVacancy:
    vacancy: Vacancy
    match: matching.Match


def candidates_for_vacancy(*, user, vacancy: Vacancy, limit: int = MATCH_LIMIT
                           ) -> list[RankedCandidate]:
    """The best available people in the user's scope for an open vacancy, not yet referred to
    it; the listing of people is audited on the vacancy."""
    _require(user)
    if not vacancy.is_open:
        return []
    profiles = {p.pk: p for p in profile_list(user=user, available_only=True)
                .exclude(person__job_referrals__vacancy=vacancy)}
    ranked = matching.rank_candidates(vacancy_facts(vacancy),
                                      [candidate_facts(p) for p in profiles.values()], limit=limit)
    audit_record(actor=user, action=AuditAction.VIEW, obj=vacancy, summary="best candidates",
                 changes={"people": [profiles[m.candidate_id].person_id for m in ranked]})
    return [RankedCandidate(profiles[m.candidate_id], m) for m in ranked]


def vacancies_for_profile(*, user, profile: SkillsProfile, limit: int = MATCH_LIMIT
                          ) -> list[RankedVacancy]:
    """The best open vacancies in the user's scope for a person's profile."""
    _require(user)
    vacancies = {v.pk: v for v in open_vacancies(policies.vacancies_visible_to(user))
                 .select_related("office", "admin_area__parent__parent")
                 .exclude(referrals__person_id=profile.person_id)}
    ranked = matching.rank_vacancies(candidate_facts(profile),
                                     [vacancy_facts(v) for v in vacancies.values()], limit=limit)
    return [RankedVacancy(vacancies[m.vacancy_id], m) for m in ranked]


# Referrals ---------------------------------------------------------------------------------

def referral_list(*, user, vacancy_id: int | None = None, person_id: int | None = None,
                  status: str = "") -> QuerySet[JobReferral]:
    _require(user)
    referrals = policies.referrals_visible_to(user).select_related(
        "vacancy", "vacancy__office", "person", "office", "case")
    if vacancy_id:
        referrals = referrals.filter(vacancy_id=vacancy_id)
    if person_id:
        referrals = referrals.filter(person_id=person_id)
    if status:
        referrals = referrals.filter(status=status)
    return referrals


def referral_get_for_user(*, user, referral_id: int, audit: bool = True) -> JobReferral:
    referral = get_in_scope(policies.referrals_visible_to(user)
                            .select_related("vacancy", "vacancy__office", "person", "office",
                                            "case"), referral_id, "No such referral")
    if audit:
        audit_record(actor=user, action=AuditAction.VIEW, obj=referral)
    return referral
