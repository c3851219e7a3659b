"""Reads of technical cooperation and of the return of qualified nationals, always through the
policies. Lists of participants (government officials) and of candidates (people of the
registry) are audited, naming who was shown."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Avg, Count, QuerySet
from django.utils import timezone

from corridor.access.policies import has_permission
from corridor.cooperation import matching, policies
from corridor.cooperation.certificates import looks_like_code
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
from corridor.core.audit import audit_listed, audit_record
from corridor.core.errors import PermissionDenied
from corridor.core.fetch import get_in_scope
from corridor.core.models import AuditAction

FOLLOW_UP_NOTICE = dt.timedelta(days=14)  # the work queue shows follow-ups due this soon


def _require(user) -> None:
    if not has_permission(user, "cooperation.view"):
        raise PermissionDenied("Your role does not include technical cooperation.")


# Requests, missions, courses ---------------------------------------------------------------

def request_list(*, user, country: str = "") -> QuerySet[GovernmentRequest]:
    _require(user)
    requests = policies.requests_visible_to(user).select_related("office")
    return requests.filter(country=country.upper()) if country else requests


def request_get(*, user, request_id: int) -> GovernmentRequest:
    return get_in_scope(policies.requests_visible_to(user).select_related("office"),
                        request_id, "No such request")


def mission_get(*, user, mission_id: int) -> ExpertMission:
    return get_in_scope(policies.missions_visible_to(user).select_related("request"),
                        mission_id, "No such mission", office_field="request__office_id")


def course_list(*, user, country: str = "") -> QuerySet[Course]:
    _require(user)
    courses = policies.courses_visible_to(user).select_related("office").annotate(
        participant_count=Count("participants", distinct=True),
        session_count=Count("sessions", distinct=True))
    return courses.filter(country=country.upper()) if country else courses


def course_get(*, user, course_id: int) -> Course:
    return get_in_scope(policies.courses_visible_to(user).select_related("office", "request"),
                        course_id, "No such course")


def participants_of(*, user, course: Course, audit: bool = True) -> list[Participant]:
    """The course's participants with their attendance and certificates; the list is audited
    (government officials' names: ADR 0092)."""
    participants = list(policies.participants_visible_to(user).filter(course=course)
                        .annotate(present=Count("attendance", distinct=True))
                        .prefetch_related("certificates"))
    if audit:
        audit_listed(actor=user, object_type="cooperation.participant",
                     ids=[p.pk for p in participants],
                     filters={"course": course.pk}, what="participants",
                     offices=[course.office_id])
    return participants


def participant_get(*, user, participant_id: int) -> Participant:
    return get_in_scope(policies.participants_visible_to(user).select_related("course"),
                        participant_id, "No such participant", office_field="course__office_id")


def certificate_get(*, user, certificate_id: int) -> Certificate:
    certificate = get_in_scope(
        policies.certificates_visible_to(user).select_related("participant__course"),
        certificate_id, "No such certificate", office_field="participant__course__office_id")
    audit_record(actor=user, action=AuditAction.VIEW, obj=certificate,
                 office_id=certificate.participant.course.office_id, summary="certificate")
    return certificate


def certificate_verify(*, code: str) -> Certificate | None:
    """The public check: the certificate with exactly this code, or None. Nothing else is
    looked up or told (no near code, no count)."""
    if not looks_like_code(code):
        return None
    return Certificate.objects.filter(code=code).select_related("renewed_by").first()


# Return of qualified nationals -------------------------------------------------------------

def need_list(*, user, country: str = "") -> QuerySet[SkillNeed]:
    _require(user)
    needs = policies.needs_visible_to(user).select_related("office").annotate(
        placed=Count("placements"))
    return needs.filter(country=country.upper()) if country else needs


def need_get(*, user, need_id: int) -> SkillNeed:
    return get_in_scope(policies.needs_visible_to(user).select_related("office"), need_id,
                        "No such need")


def candidate_list(*, user, audit: bool = True) -> list[ReturnCandidate]:
    _require(user)
    candidates = list(policies.candidates_visible_to(user)
                      .select_related("person", "case", "office", "placement"))
    if audit:
        audit_listed(actor=user, object_type="registry.person",
                     ids=[c.person_id for c in candidates], filters={}, what="people",
                     offices=[c.office_id for c in candidates])
    return candidates


def candidate_get(*, user, candidate_id: int) -> ReturnCandidate:
    return get_in_scope(policies.candidates_visible_to(user)
                        .select_related("person", "case", "office"), candidate_id,
                        "No such candidate")


def matches_for_need(*, user, need: SkillNeed) -> list[matching.RankedCandidate]:
    """Candidates returning to the need's country, not yet placed, best first with the jobs
    engine's reasons; the people shown are audited on the need."""
    _require(user)
    pool = list(policies.candidates_visible_to(user)
                .filter(returning_to=need.country, placement__isnull=True)
                .select_related("person", "case"))
    ranked = matching.rank(actor=user, need=need, candidates=pool)
    audit_record(actor=user, action=AuditAction.VIEW, obj=need, summary="matching candidates",
                 changes={"people": [r.candidate.person_id for r in ranked]})
    return ranked


def placement_list(*, user) -> QuerySet[Placement]:
    _require(user)
    return policies.placements_visible_to(user).select_related(
        "need", "candidate__person", "candidate__case").prefetch_related("follow_ups")


def placement_get(*, user, placement_id: int) -> Placement:
    placement = get_in_scope(policies.placements_visible_to(user).select_related(
        "need", "candidate__person", "candidate__case"), placement_id, "No such placement",
        office_field="candidate__office_id")
    audit_record(actor=user, action=AuditAction.VIEW, obj=placement,
                 office_id=placement.candidate.office_id,
                 changes={"people": [placement.candidate.person_id]})
    return placement


def follow_up_get(*, user, follow_up_id: int) -> FollowUp:
    return get_in_scope(policies.follow_ups_visible_to(user).select_related(
        "placement__candidate"), follow_up_id, "No such follow-up",
        office_field="placement__candidate__office_id")


def follow_ups_due(*, user, on: dt.date | None = None) -> QuerySet[FollowUp]:
    """Follow-ups not yet done that fall due within FOLLOW_UP_NOTICE of `on`, or are late."""
    on = on or timezone.localdate()
    return policies.follow_ups_visible_to(user).filter(
        done_on__isnull=True, due_on__lte=on + FOLLOW_UP_NOTICE)


# Outcomes per country ----------------------------------------------------------------------

@dataclass
class CountryOutcome:
    country: str
    requests: int = 0
    missions: int = 0
    courses: int = 0
    sessions: int = 0
    participants: int = 0
    institutions: int = 0
    certificates: int = 0
    pre_test: float | None = None
    post_test: float | None = None
    rating: float | None = None
    needs: int = 0
    placements: int = 0
    in_post_12: int = 0
    by_status: dict[str, int] = field(default_factory=dict)

    @property
    def gain(self) -> float | None:
        if self.pre_test is None or self.post_test is None:
            return None
        return round(self.post_test - self.pre_test, 1)


def outcomes(*, user, country: str = "") -> list[CountryOutcome]:
    """What technical cooperation and returns achieved, country by country, in the user's scope:
    counts and averages only (no name)."""
    _require(user)
    rows: dict[str, CountryOutcome] = {}

    def row(code: str) -> CountryOutcome:
        return rows.setdefault(code, CountryOutcome(code))

    requests = request_list(user=user, country=country)
    for found in requests.order_by().values("country", "status").annotate(n=Count("pk")):
        r = row(found["country"])
        r.requests += found["n"]
        r.by_status[found["status"]] = found["n"]
    missions = policies.missions_visible_to(user).filter(request__in=requests.values("pk"))
    for found in missions.order_by().values("request__country").annotate(n=Count("pk")):
        row(found["request__country"]).missions = found["n"]
    courses = policies.courses_visible_to(user)
    if country:
        courses = courses.filter(country=country.upper())
    for found in courses.order_by().values("country").annotate(
            n=Count("pk", distinct=True), s=Count("sessions", distinct=True)):
        row(found["country"]).courses, row(found["country"]).sessions = found["n"], found["s"]
    participants = Participant.objects.filter(course__in=courses.values("pk"))
    for found in participants.order_by().values("course__country").annotate(
            n=Count("pk", distinct=True), i=Count("institution", distinct=True),
            pre=Avg("pre_test"), post=Avg("post_test")):
        r = row(found["course__country"])
        r.participants, r.institutions = found["n"], found["i"]
        r.pre_test = round(float(found["pre"]), 1) if found["pre"] is not None else None
        r.post_test = round(float(found["post"]), 1) if found["post"] is not None else None
    for found in Certificate.objects.filter(participant__in=participants.values("pk")).order_by(
            ).values("participant__course__country").annotate(n=Count("pk")):
        row(found["participant__course__country"]).certificates = found["n"]
    for found in courses.order_by().values("country").annotate(avg=Avg("evaluations__rating")):
        if found["avg"] is not None:
            row(found["country"]).rating = round(float(found["avg"]), 1)
    needs = policies.needs_visible_to(user)
    if country:
        needs = needs.filter(country=country.upper())
    for found in needs.order_by().values("country").annotate(n=Count("pk")):
        row(found["country"]).needs = found["n"]
    placements = Placement.objects.filter(need__in=needs.values("pk"))
    for found in placements.order_by().values("need__country").annotate(n=Count("pk")):
        row(found["need__country"]).placements = found["n"]
    for found in FollowUp.objects.filter(placement__in=placements.values("pk"), months=12,
                                         outcome="in_post").order_by().values(
            "placement__need__country").annotate(n=Count("pk")):
        row(found["placement__need__country"]).in_post_12 = found["n"]
    return sorted(rows.values(), key=lambda r: r.country)


def by_country(items) -> dict[str, list]:
    grouped: dict[str, list] = defaultdict(list)
    for item in items:
        grouped[item.country].append(item)
    return dict(grouped)
