"""Who sees and edits vacancies, skills profiles and referrals.

Vacancies belong to an office: the office scope of jobs.view and jobs.edit. Profiles and referrals
are about a person: visible when the person is in the user's registry scope *and* the person's
office is in the user's jobs scope."""

from __future__ import annotations

from django.db.models import QuerySet

from corridor.access.policies import can_in_office, offices_for
from corridor.jobs.models import JobReferral, SkillsProfile, Vacancy
from corridor.registry import policies as registry_policies
from corridor.registry.models import Person


def vacancies_visible_to(user) -> QuerySet[Vacancy]:
    return Vacancy.objects.filter(office__in=offices_for(user, "jobs.view"))


def people_visible_to(user) -> QuerySet[Person]:
    return registry_policies.visible_to(user).filter(office__in=offices_for(user, "jobs.view"))


def profiles_visible_to(user) -> QuerySet[SkillsProfile]:
    return SkillsProfile.objects.filter(person__in=people_visible_to(user))


def referrals_visible_to(user) -> QuerySet[JobReferral]:
    return JobReferral.objects.filter(person__in=people_visible_to(user))


def can_edit_vacancy(user, vacancy: Vacancy) -> bool:
    return can_in_office(user, "jobs.edit", vacancy.office_id)


def can_edit_for_person(user, person: Person) -> bool:
    return can_in_office(user, "jobs.edit", person.office_id)
