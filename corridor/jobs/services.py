"""Writes for job referral: each checks the policy, names its actor and is audited in the same
transaction; edits name the version they read (a stale one is refused)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from corridor.access.models import Office
from corridor.access.policies import can_in_office
from corridor.core.audit import audit_record, diff_fields
from corridor.core.errors import NotFound, PermissionDenied, ValidationFailed, clean_or_refuse
from corridor.core.models import AuditAction
from corridor.core.versioning import model_values, versioned_update
from corridor.geo import codes as code_lists
from corridor.geo.models import AdminArea
from corridor.jobs import cases_link, matching, policies
from corridor.jobs.facts import candidate_facts, language_code, vacancy_facts
from corridor.jobs.models import (
    REFERRAL_TRANSITIONS,
    JobReferral,
    ReferralStatus,
    SkillsProfile,
    Vacancy,
)
from corridor.jobs.vocabulary import SECTORS
from corridor.registry.models import Person

VACANCY_FIELDS = ["title", "employer", "sector", "description", "required_skills",
                  "desirable_skills", "languages", "education_level", "years_wanted", "country",
                  "admin_area", "place_text", "posts", "status", "closing_date"]
PROFILE_FIELDS = ["skills", "education_level", "sector_years", "languages",
                  "preferred_countries", "availability", "available_from", "notes"]
SECTOR_CODES = {code for code, _label in SECTORS}
MAX_YEARS = 60


def _clean_lists(fields: dict[str, Any]) -> list[dict[str, str]]:
    """Normalise skills, languages, sector years and countries in place; return the problems."""
    problems = []
    for name in ("skills", "required_skills", "desirable_skills"):
        if name in fields:
            terms = fields[name] or []
            if not isinstance(terms, list) or not all(isinstance(t, str) for t in terms):
                problems.append({"field": name, "message": "a list of skills"})
                continue
            fields[name] = matching.canonical_skills(terms)
    if "languages" in fields:
        codes = []
        for raw in fields["languages"] or []:
            code = language_code(raw) if isinstance(raw, str) else None
            if code is None:
                problems.append({"field": "languages", "message": f"unknown language code {raw!r}"})
            elif code not in codes:
                codes.append(code)
        fields["languages"] = codes
    if "sector_years" in fields:
        years = fields["sector_years"] or {}
        cleaned: dict[str, float] = {}
        if not isinstance(years, dict):
            problems.append({"field": "sector_years", "message": "years per sector"})
            years = {}
        for sector, value in years.items():
            if sector not in SECTOR_CODES:
                problems.append({"field": "sector_years", "message": f"unknown sector {sector!r}"})
                continue
            try:
                number = float(value)
            except (TypeError, ValueError):
                number = -1
            if not 0 <= number <= MAX_YEARS:
                problems.append({"field": "sector_years",
                                 "message": f"years in {sector} must be between 0 and {MAX_YEARS}"})
            elif number:
                cleaned[sector] = number
        fields["sector_years"] = cleaned
    if "preferred_countries" in fields:
        countries = []
        for raw in fields["preferred_countries"] or []:
            code = (raw or "").strip().upper() if isinstance(raw, str) else ""
            if not code_lists.is_country(code):
                problems.append({"field": "preferred_countries",
                                 "message": f"unknown ISO 3166 alpha-3 code {raw!r}"})
            elif code not in countries:
                countries.append(code)
        fields["preferred_countries"] = countries
    if "country" in fields and isinstance(fields["country"], str):
        fields["country"] = fields["country"].strip().upper()
    return problems


def _refuse_unknown(fields: dict[str, Any], allowed: list[str]) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise ValueError(f"unknown fields: {sorted(unknown)}")


def _check_vacancy(vacancy: Vacancy) -> None:
    problems = []
    if vacancy.admin_area_id and vacancy.admin_area.country != vacancy.country:
        problems.append({"field": "admin_area",
                         "message": "the admin area is not in the vacancy's country"})
    if vacancy.posts < 1:
        problems.append({"field": "posts", "message": "at least one post"})
    if problems:
        raise ValidationFailed(problems)


# Vacancies ---------------------------------------------------------------------------------

@transaction.atomic
def vacancy_create(*, actor, office: Office, **fields: Any) -> Vacancy:
    if not can_in_office(actor, "jobs.edit", office.pk):
        raise PermissionDenied("You cannot publish vacancies for this office.")
    _refuse_unknown(fields, VACANCY_FIELDS)
    fields.setdefault("country", office.country)
    problems = _clean_lists(fields)
    if problems:
        raise ValidationFailed(problems)
    vacancy = Vacancy(office=office, created_by=actor, **fields)
    clean_or_refuse(vacancy)
    _check_vacancy(vacancy)
    vacancy.save()
    audit_record(actor=actor, action=AuditAction.CREATE, obj=vacancy, summary=vacancy.title)
    return vacancy


@transaction.atomic
def vacancy_update(*, actor, vacancy: Vacancy, expected_version: int,
                   changes: dict[str, Any]) -> Vacancy:
    if not policies.vacancies_visible_to(actor).filter(pk=vacancy.pk).exists():
        raise NotFound("No such vacancy")
    if not policies.can_edit_vacancy(actor, vacancy):
        raise PermissionDenied("You cannot edit this vacancy.")
    _refuse_unknown(changes, VACANCY_FIELDS)
    changes = dict(changes)
    problems = _clean_lists(changes)
    if problems:
        raise ValidationFailed(problems)
    before = model_values(vacancy, list(changes))
    for field, value in changes.items():
        setattr(vacancy, field, value)
    _check_vacancy(vacancy)
    vacancy = versioned_update(vacancy, expected_version=expected_version, changes=changes)
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=vacancy,
                 changes=diff_fields(before, model_values(vacancy, list(before))))
    return vacancy


# Skills profiles ---------------------------------------------------------------------------

def _person_for_edit(actor, person: Person) -> None:
    if not policies.people_visible_to(actor).filter(pk=person.pk).exists():
        raise NotFound("No such person")
    if not policies.can_edit_for_person(actor, person):
        raise PermissionDenied("You cannot edit this person's skills profile.")


def _areas(area_ids: list[int] | None) -> list[AdminArea]:
    area_ids = list(dict.fromkeys(area_ids or []))
    areas = list(AdminArea.objects.filter(pk__in=area_ids))
    if len(areas) != len(area_ids):
        raise ValidationFailed([{"field": "preferred_areas", "message": "unknown admin area"}])
    return areas


@transaction.atomic
def profile_create(*, actor, person: Person, preferred_area_ids: list[int] | None = None,
                   **fields: Any) -> SkillsProfile:
    """The person's skills profile; languages default to those in the person's record."""
    _person_for_edit(actor, person)
    _refuse_unknown(fields, PROFILE_FIELDS)
    if SkillsProfile.objects.filter(person=person).exists():
        raise ValidationFailed([{"field": "person", "message": "this person already has a profile"}])
    if not fields.get("languages"):
        fields["languages"] = [c for c in (language_code(x) for x in person.languages or []) if c]
    problems = _clean_lists(fields)
    if problems:
        raise ValidationFailed(problems)
    areas = _areas(preferred_area_ids)
    profile = SkillsProfile(person=person, created_by=actor, **fields)
    clean_or_refuse(profile, exclude=["person"])
    try:
        with transaction.atomic():
            profile.save()
    except IntegrityError:
        raise ValidationFailed([{"field": "person",
                                 "message": "this person already has a profile"}]) from None
    profile.preferred_areas.set(areas)
    audit_record(actor=actor, action=AuditAction.CREATE, obj=profile,
                 office_id=person.office_id, summary="skills profile")
    return profile


@transaction.atomic
def profile_update(*, actor, profile: SkillsProfile, expected_version: int,
                   changes: dict[str, Any],
                   preferred_area_ids: list[int] | None = None) -> SkillsProfile:
    """Change the profile; `preferred_area_ids` (when given) replaces the preferred places."""
    _person_for_edit(actor, profile.person)
    _refuse_unknown(changes, PROFILE_FIELDS)
    changes = dict(changes)
    problems = _clean_lists(changes)
    if problems:
        raise ValidationFailed(problems)
    areas = _areas(preferred_area_ids) if preferred_area_ids is not None else None
    before = model_values(profile, list(changes))
    areas_before = sorted(profile.preferred_areas.values_list("pk", flat=True))
    profile = versioned_update(profile, expected_version=expected_version, changes=changes)
    changed = diff_fields(before, model_values(profile, list(before)), personal=set(PROFILE_FIELDS))
    if areas is not None and sorted(a.pk for a in areas) != areas_before:
        profile.preferred_areas.set(areas)
        changed["preferred_areas"] = "changed"
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=profile,
                 office_id=profile.person.office_id, summary="skills profile", changes=changed)
    return profile


# Referrals ---------------------------------------------------------------------------------

@transaction.atomic
def referral_create(*, actor, vacancy: Vacancy, person: Person, note: str = "",
                    case_id: int | None = None) -> JobReferral:
    """Refer a person to an open vacancy. Recorded on the person's case (the one named, else their
    latest active case the actor may edit) as a "job_referral" assistance item."""
    if not policies.vacancies_visible_to(actor).filter(pk=vacancy.pk).exists():
        raise NotFound("No such vacancy")
    _person_for_edit(actor, person)
    if not vacancy.is_open:
        raise ValidationFailed([{"field": "vacancy", "message": "this vacancy is closed"}])
    if JobReferral.objects.filter(vacancy=vacancy, person=person).exists():
        raise ValidationFailed([{"field": "person",
                                 "message": "this person is already referred to this vacancy"}])
    case = cases_link.case_for(actor=actor, person=person, case_id=case_id)
    profile = SkillsProfile.objects.filter(person=person).first()
    score = (Decimal(str(matching.score(vacancy_facts(vacancy), candidate_facts(profile)).score))
             if profile is not None else None)
    referral = JobReferral(office_id=person.office_id, vacancy=vacancy, person=person,
                           case=case, outcome_note=note, referred_by=actor, score=score,
                           referred_on=timezone.localdate())
    clean_or_refuse(referral, exclude=["vacancy", "person", "office"])
    try:
        with transaction.atomic():
            referral.save()
    except IntegrityError:
        raise ValidationFailed([{"field": "person", "message": "this person is already referred "
                                 "to this vacancy"}]) from None
    audit_record(actor=actor, action=AuditAction.CREATE, obj=referral,
                 summary=f"referred to vacancy {vacancy.pk}")
    item_id = cases_link.record_referral(actor=actor, referral=referral)
    if item_id is not None:
        JobReferral.objects.filter(pk=referral.pk).update(assistance_item_id=item_id)
        referral.assistance_item_id = item_id
    return referral


@transaction.atomic
def referral_status_set(*, actor, referral: JobReferral, expected_version: int, status: str,
                        on: dt.date | None = None, note: str | None = None) -> JobReferral:
    """Move a referral on (referred → interview → hired / not selected / withdrawn)."""
    if not policies.referrals_visible_to(actor).filter(pk=referral.pk).exists():
        raise NotFound("No such referral")
    if not policies.can_edit_for_person(actor, referral.person):
        raise PermissionDenied("You cannot change this referral.")
    if status not in REFERRAL_TRANSITIONS.get(referral.status, frozenset()):
        raise ValidationFailed([{"field": "status", "message":
                                 f"a referral cannot go from {referral.status} to {status}"}])
    on = on or timezone.localdate()
    if on < referral.referred_on:
        raise ValidationFailed([{"field": "on", "message": "the date is before the referral"}])
    if status == ReferralStatus.HIRED:
        vacancy = Vacancy.objects.select_for_update().get(pk=referral.vacancy_id)
        hired = vacancy.referrals.filter(status=ReferralStatus.HIRED).count()
        if hired >= vacancy.posts:
            raise ValidationFailed([{"field": "status", "message":
                                     f"all {vacancy.posts} posts of this vacancy are filled"}])
    changes: dict[str, Any] = {"status": status}
    if status == ReferralStatus.INTERVIEW:
        changes["interview_on"] = on
    else:
        changes["outcome_on"] = on
    if note is not None:
        changes["outcome_note"] = note
    before = model_values(referral, list(changes))
    referral = versioned_update(referral, expected_version=expected_version, changes=changes)
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=referral,
                 summary=f"referral {before['status']} → {status}",
                 changes=diff_fields(before, model_values(referral, list(before)),
                                     personal={"outcome_note"}))
    return referral
