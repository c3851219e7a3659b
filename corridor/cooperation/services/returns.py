"""Return of qualified nationals: a country's skill needs, candidates abroad, placements and
their follow-ups. The candidate's case (corridor/cases) is read and written through its
selectors and services only: a placement and each follow-up add a note to its timeline."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from corridor.access.models import Office
from corridor.cases import selectors as case_selectors
from corridor.cases import services as case_services
from corridor.cases.models import CaseKind, CaseState
from corridor.cooperation import isco
from corridor.cooperation.matching import match_for
from corridor.cooperation.models import (
    FollowUp,
    FollowUpOutcome,
    NeedStatus,
    Placement,
    ReturnCandidate,
    SkillNeed,
)
from corridor.cooperation.models.returns import FOLLOW_UP_MONTHS
from corridor.cooperation.services._common import add_months, refuse, require_edit
from corridor.core.audit import audit_record
from corridor.core.errors import NotFound, clean_or_refuse
from corridor.core.models import AuditAction
from corridor.jobs.matching import canonical_skills
from corridor.registry import policies as registry_policies
from corridor.registry.models import Person


@transaction.atomic
def need_create(*, actor, office: Office, country: str, occupation: str, institution: str,
                required_skills: list[str] | None = None, sector: str = "",
                languages: list[str] | None = None, education_level: str = "",
                years_wanted: int = 0, posts: int = 1) -> SkillNeed:
    """A post a country wants filled; its sector and skills default to the occupation's."""
    require_edit(actor, office.pk)
    if not isco.is_occupation(occupation):
        refuse("occupation", _("%(code)s is not an ISCO-08 occupation known here.") % {
            "code": occupation})
    _title, default_sector, default_skills = isco.OCCUPATIONS[occupation]
    need = SkillNeed(office=office, country=(country or "").upper(), occupation=occupation,
                     institution=institution.strip(), sector=sector or default_sector,
                     required_skills=canonical_skills(required_skills or default_skills),
                     languages=[code.strip().lower() for code in languages or [] if code.strip()],
                     education_level=education_level, years_wanted=years_wanted, posts=posts)
    clean_or_refuse(need)
    need.save()
    audit_record(actor=actor, action=AuditAction.CREATE, obj=need, summary=occupation)
    return need


@transaction.atomic
def candidate_register(*, actor, person: Person, case_id: int, residing_in: str,
                       returning_to: str = "", occupation: str) -> ReturnCandidate:
    """A person of the registry, abroad, with an open case of the kind "return of qualified
    nationals" in the actor's scope, becomes a candidate in the person's office."""
    if not registry_policies.visible_to(actor).filter(pk=person.pk).exists():
        raise NotFound("No such person")
    require_edit(actor, person.office_id)
    try:
        case = case_selectors.case_get_for_user(user=actor, case_id=case_id, audit=False)
    except NotFound:
        refuse("case", _("No such case."))
    if case.person_id != person.pk:
        refuse("case", _("Case %(reference)s is not this person's.") % {
            "reference": case.reference})
    if case.kind != CaseKind.QUALIFIED_NATIONALS:
        refuse("case", _("Case %(reference)s is not a case of return of qualified nationals.")
               % {"reference": case.reference})
    if case.state in (CaseState.CLOSED, CaseState.REJECTED):
        refuse("case", _("Case %(reference)s is closed.") % {"reference": case.reference})
    if ReturnCandidate.objects.filter(person=person).exists():
        refuse("person", _("This person is already a candidate."))
    if not isco.is_occupation(occupation):
        refuse("occupation", _("%(code)s is not an ISCO-08 occupation known here.") % {
            "code": occupation})
    returning_to = (returning_to or person.nationality or "").upper()
    residing_in = (residing_in or "").upper()
    if residing_in and residing_in == returning_to:
        refuse("residing_in", _("A candidate lives abroad: the country of residence is the "
                                "country of return."))
    candidate = ReturnCandidate(office_id=person.office_id, person=person, case=case,
                                residing_in=residing_in, returning_to=returning_to,
                                occupation=occupation)
    clean_or_refuse(candidate)
    candidate.save()
    audit_record(actor=actor, action=AuditAction.CREATE, obj=candidate, summary=case.reference)
    return candidate


@transaction.atomic
def placement_record(*, actor, need: SkillNeed, candidate: ReturnCandidate, position: str,
                     placed_on: dt.date) -> Placement:
    """The candidate takes up a post meeting the need from `placed_on`: the match's score and
    reasons are kept as the engine gives them now, follow-ups fall due 6 and 12 months on, and
    the case's timeline says so."""
    need = SkillNeed.objects.select_for_update().get(pk=need.pk)
    require_edit(actor, need.office_id)
    require_edit(actor, candidate.office_id)
    if need.status != NeedStatus.OPEN:
        refuse("need", _("This need is no longer open."))
    if candidate.returning_to != need.country:
        refuse("candidate", _("The candidate returns to %(theirs)s, the need is in %(need)s.")
               % {"theirs": candidate.returning_to, "need": need.country})
    if Placement.objects.filter(candidate=candidate).exists():
        refuse("candidate", _("This candidate is already placed."))
    if not position.strip():
        refuse("position", _("Name the position taken up."))
    earliest = need.created_at.date()
    if placed_on < earliest - dt.timedelta(days=365) or \
            placed_on > timezone.localdate() + dt.timedelta(days=365):
        refuse("placed_on", _("%(day)s is not a possible start for this need.") % {
            "day": placed_on})
    match = match_for(actor=actor, need=need, candidate=candidate)
    placement = Placement(need=need, candidate=candidate, position=position.strip(),
                          placed_on=placed_on, score=Decimal(str(match.score)),
                          reasons=dataclasses.asdict(match.explanation), placed_by=actor)
    clean_or_refuse(placement)
    placement.save()
    FollowUp.objects.bulk_create([
        FollowUp(placement=placement, months=months, due_on=add_months(placed_on, months))
        for months in FOLLOW_UP_MONTHS])
    if need.placements.count() >= need.posts:
        SkillNeed.objects.filter(pk=need.pk).update(status=NeedStatus.FILLED)
    case_services.note_add(actor=actor, case=candidate.case, text=_(
        "Placed as %(position)s at %(institution)s (%(country)s) from %(day)s, match score "
        "%(score)s; follow-ups due on %(six)s and %(twelve)s.") % {
        "position": placement.position, "institution": need.institution,
        "country": need.country, "day": placed_on.isoformat(), "score": placement.score,
        "six": add_months(placed_on, 6).isoformat(),
        "twelve": add_months(placed_on, 12).isoformat()})
    audit_record(actor=actor, action=AuditAction.CREATE, obj=placement,
                 office_id=candidate.office_id, summary=candidate.case.reference)
    return placement


@transaction.atomic
def follow_up_record(*, actor, follow_up: FollowUp, done_on: dt.date, outcome: str,
                     note: str = "") -> FollowUp:
    follow_up = FollowUp.objects.select_for_update().select_related(
        "placement__candidate__case").get(pk=follow_up.pk)
    candidate = follow_up.placement.candidate
    require_edit(actor, candidate.office_id)
    if follow_up.done_on is not None:
        refuse("follow_up", _("This follow-up is already recorded."))
    if outcome not in FollowUpOutcome.values:
        refuse("outcome", _("Choose an outcome."))
    if done_on < follow_up.placement.placed_on or done_on > timezone.localdate():
        refuse("done_on", _("A follow-up is done between the start (%(start)s) and today.") % {
            "start": follow_up.placement.placed_on})
    follow_up.done_on, follow_up.outcome, follow_up.note = done_on, outcome, note.strip()
    follow_up.done_by = actor
    follow_up.save(update_fields=["done_on", "outcome", "note", "done_by"])
    case_services.note_add(actor=actor, case=candidate.case, text=_(
        "Follow-up at %(months)d months (%(day)s): %(outcome)s.") % {
        "months": follow_up.months, "day": done_on.isoformat(),
        "outcome": FollowUpOutcome(outcome).label} + (f"\n{follow_up.note}" if follow_up.note
                                                      else ""))
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=follow_up,
                 office_id=candidate.office_id, summary=f"follow-up {follow_up.months}")
    return follow_up
