"""Who sees and edits technical cooperation and the return of qualified nationals.

Everything belongs to an office: the office scope of cooperation.view and cooperation.edit
(a role held in an office reaches the offices below it). Participants, government officials,
are seen only in the scope of the office running their course. A return candidate is a person
of the registry: visible only when the person is in the user's registry scope as well."""

from __future__ import annotations

from django.db.models import QuerySet

from corridor.access.policies import can_in_office, offices_for
from corridor.cooperation.models import (
    Certificate,
    Course,
    ExpertMission,
    FollowUp,
    GovernmentRequest,
    Participant,
    Placement,
    ReturnCandidate,
    SkillNeed,
)
from corridor.registry import policies as registry_policies


def _offices(user):
    return offices_for(user, "cooperation.view")


def requests_visible_to(user) -> QuerySet[GovernmentRequest]:
    return GovernmentRequest.objects.filter(office__in=_offices(user))


def missions_visible_to(user) -> QuerySet[ExpertMission]:
    return ExpertMission.objects.filter(request__office__in=_offices(user))


def courses_visible_to(user) -> QuerySet[Course]:
    return Course.objects.filter(office__in=_offices(user))


def participants_visible_to(user) -> QuerySet[Participant]:
    return Participant.objects.filter(course__office__in=_offices(user))


def certificates_visible_to(user) -> QuerySet[Certificate]:
    return Certificate.objects.filter(participant__course__office__in=_offices(user))


def needs_visible_to(user) -> QuerySet[SkillNeed]:
    return SkillNeed.objects.filter(office__in=_offices(user))


def candidates_visible_to(user) -> QuerySet[ReturnCandidate]:
    return ReturnCandidate.objects.filter(
        office__in=_offices(user), person__in=registry_policies.visible_to(user))


def placements_visible_to(user) -> QuerySet[Placement]:
    return Placement.objects.filter(candidate__in=candidates_visible_to(user))


def follow_ups_visible_to(user) -> QuerySet[FollowUp]:
    return FollowUp.objects.filter(placement__in=placements_visible_to(user))


def can_edit(user, office_id: int | None) -> bool:
    return can_in_office(user, "cooperation.edit", office_id)
