"""Writes to tracing: each checks the policy, names its actor and is audited in its transaction."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from corridor.access.models import Office
from corridor.access.policies import can_in_office
from corridor.core.audit import audit_record, diff_fields
from corridor.core.errors import (
    NotFound,
    PermissionDenied,
    ValidationFailed,
    clean_or_refuse,
)
from corridor.core.models import AuditAction
from corridor.core.versioning import model_values, versioned_update
from corridor.registry import policies as registry_policies
from corridor.registry.models import Person
from corridor.tracing import limits, linkage, policies
from corridor.tracing.models import (
    Candidate,
    CandidateStatus,
    PlanStatus,
    PlanStep,
    RequestStatus,
    ReunificationPlan,
    SoughtPerson,
    StepKind,
    TracingRequest,
)

SOUGHT_FIELDS = ["relation", "given_name", "family_name", "original_script_name", "other_names",
                 "sex", "birth_year", "birth_date", "father_name", "mother_name", "nationality",
                 "place_of_origin", "last_seen_place", "last_seen_on"]
REQUEST_EDITABLE = ["enquirer_name", "enquirer_contact", "cause", "status", "notes"]
PLAN_EDITABLE = ["status", "movement_origin", "movement_destination", "movement_date_wanted",
                 "movement_reference", "notes"]
PERSONAL = {"enquirer_name", "enquirer_contact", "notes"}
ADULT_AGE = 18


@dataclass(frozen=True)
class SoughtInput:
    fields: dict[str, Any] = field(default_factory=dict)


def check_edit(actor, request: TracingRequest) -> None:
    """The one check of every write to a request or its plans: 404 outside tracing.view, 403
    without tracing.edit."""
    if not policies.can(actor, "view", request):
        raise NotFound("No such tracing request")
    if not policies.can(actor, "edit", request):
        raise PermissionDenied("You cannot change this tracing request.")


def _sought(request: TracingRequest, item: SoughtInput, where: str) -> SoughtPerson:
    unknown = set(item.fields) - set(SOUGHT_FIELDS)
    if unknown:
        raise ValueError(f"not sought-person fields: {sorted(unknown)}")
    fields = dict(item.fields)
    fields["nationality"] = (fields.get("nationality") or "").upper()
    fields["other_names"] = list(fields.get("other_names") or [])
    sought = SoughtPerson(request=request, **fields)
    try:
        clean_or_refuse(sought, exclude=["request"])
    except ValidationFailed as exc:
        raise ValidationFailed([{**p, "where": where} for p in exc.problems]) from None
    year = sought.birth_year
    if year is not None and not 1900 <= year <= timezone.localdate().year:
        raise ValidationFailed([{"where": where, "field": "birth_year",
                                 "message": "a year between 1900 and this year"}])
    sought.save()
    return sought


def _enquirer(actor, enquirer_person_id: int | None, name: str, consent: bool) -> Person | None:
    problems = []
    person = None
    if enquirer_person_id is not None:
        person = registry_policies.visible_to(actor).filter(pk=enquirer_person_id).first()
        if person is None:
            problems.append({"field": "enquirer_person",
                             "message": "no such person in your scope"})
        elif linkage.refused_tracing(person.pk):
            problems.append({"field": "enquirer_person",
                             "message": "this person refused consent to tracing; the request "
                                        "cannot be filed"})
    elif not name.strip():
        problems.append({"field": "enquirer_name",
                         "message": "name the enquirer, or choose a registered person"})
    if not consent:
        problems.append({"field": "enquirer_consent",
                         "message": "the enquirer must consent to tracing"})
    if problems:
        raise ValidationFailed(problems)
    return person


def request_create(*, actor, office: Office, cause: str, sought: list[SoughtInput],
                   enquirer_person_id: int | None = None, enquirer_name: str = "",
                   enquirer_contact: str = "", enquirer_consent: bool = False,
                   notes: str = "") -> TracingRequest:
    """File a request for one or more sought persons (at most TRACING_MAX_SOUGHT_PER_REQUEST);
    the enquirer must consent to tracing."""
    if not can_in_office(actor, "tracing.edit", office.pk):
        raise PermissionDenied("You cannot file tracing requests for this office.")
    # Before the transaction: the audited refusal must outlive the rollback.
    limits.check_sought_count(actor=actor, office_id=office.pk, count=len(sought))
    with transaction.atomic():
        return _request_create(actor=actor, office=office, cause=cause, sought=sought,
                               enquirer_person_id=enquirer_person_id,
                               enquirer_name=enquirer_name, enquirer_contact=enquirer_contact,
                               enquirer_consent=enquirer_consent, notes=notes)


def _request_create(*, actor, office: Office, cause: str, sought: list[SoughtInput],
                    enquirer_person_id: int | None, enquirer_name: str, enquirer_contact: str,
                    enquirer_consent: bool, notes: str) -> TracingRequest:
    person = _enquirer(actor, enquirer_person_id, enquirer_name, enquirer_consent)
    if not sought:
        raise ValidationFailed([{"field": "sought", "message": "name at least one sought person"}])
    request = TracingRequest(
        office=office, reference=f"pending-{timezone.now().timestamp()}", enquirer_person=person,
        enquirer_name="" if person else enquirer_name.strip(), enquirer_contact=enquirer_contact,
        enquirer_consent=enquirer_consent, cause=cause, notes=notes, created_by=actor)
    clean_or_refuse(request, exclude=["version"])
    request.save()
    request.reference = f"TR-{office.code}-{request.pk:06d}"
    request.save(update_fields=["reference"])
    for index, item in enumerate(sought, start=1):
        _sought(request, item, where=f"sought person {index}")
    audit_record(actor=actor, action=AuditAction.CREATE, obj=request,
                 summary=f"Tracing request {request.reference}: {len(sought)} sought")
    return request


@transaction.atomic
def request_update(*, actor, request: TracingRequest, expected_version: int,
                   changes: dict[str, Any]) -> TracingRequest:
    check_edit(actor, request)
    unknown = set(changes) - set(REQUEST_EDITABLE)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    before = model_values(request, list(changes))
    request = versioned_update(request, expected_version=expected_version, changes=changes)
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=request,
                 changes=diff_fields(before, model_values(request, list(before)),
                                     personal=PERSONAL))
    return request


def _set_status(request: TracingRequest, status: str) -> None:
    """A status the workflow moves on its own; it bumps the version like any other write."""
    if request.status != status:
        request.refresh_from_db()
        versioned_update(request, expected_version=request.version, changes={"status": status})


def request_search(*, actor, request: TracingRequest) -> int:
    """Search the whole registry (consenting people only) for each sought person not yet found;
    keep decided candidates, replace proposals. Returns the number of proposals.

    Refused, and audited, for an officer who may not edit the request, for more sought persons
    than one request may name, and past the officer's searches of the day."""
    try:
        with transaction.atomic():
            check_edit(actor, request)
            sought_people = list(request.sought.filter(found_person__isnull=True))
            refusal = (limits.sought_refusal(len(sought_people))
                       or limits.claim_search(actor=actor, request=request,
                                              sought_count=len(sought_people)))
            if refusal is None:
                return _search(actor, request, sought_people)
    except (NotFound, PermissionDenied) as exc:
        limits.audit_refusal(actor=actor, office_id=request.office_id, request=request,
                             summary=f"Registry search refused: {exc}")
        raise
    over = (f"{len(sought_people)} sought persons, limit "
            f"{settings.TRACING_MAX_SOUGHT_PER_REQUEST}"
            if refusal.problems[0]["field"] == "sought"
            else f"the day's {settings.TRACING_SEARCHES_PER_DAY} searches used")
    limits.audit_refusal(actor=actor, office_id=request.office_id, request=request,
                         summary=f"Registry search refused: {over}")
    raise refusal


def _search(actor, request: TracingRequest, sought_people: list[SoughtPerson]) -> int:
    results, explanations = linkage.search(sought_people)
    by_sought = {f"s{s.pk}": s for s in sought_people}
    now = timezone.now()
    proposed = 0
    for sought in sought_people:
        decided = set(sought.candidates.exclude(status=CandidateStatus.PROPOSED)
                      .values_list("person_id", flat=True))
        sought.candidates.filter(status=CandidateStatus.PROPOSED).delete()
        rows = [row for row in results[results["request_id"] == f"s{sought.pk}"]
                .itertuples(index=False) if int(row.record_id) not in decided]
        # Explained by the search, with the weights it ranked them by: the review page shows the
        # stored explanation instead of scoring the pair on every view.
        created = Candidate.objects.bulk_create(
            Candidate(sought=by_sought[row.request_id], person_id=int(row.record_id),
                      rank=int(row.rank),
                      match_probability=Decimal(str(round(float(row.match_probability), 6))),
                      explanation=explanations.get((row.request_id, int(row.record_id)), {}))
            for row in rows)
        proposed += len(created)
        sought.searched_at = now
        sought.save(update_fields=["searched_at"])
    if proposed and request.status == RequestStatus.OPEN:
        _set_status(request, RequestStatus.MATCH_PROPOSED)
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=request,
                 summary=f"Registry searched: {proposed} candidate(s) proposed")
    return proposed


def _check_traceable(candidate: Candidate) -> None:
    """A person merged away or no longer consenting is withdrawn from tracing: the candidate
    answers as one that does not exist, saying nothing of why (nor where the record went)."""
    if not linkage.has_tracing_consent(candidate.person_id):
        raise NotFound("No such candidate")


@transaction.atomic
def candidate_decide(*, actor, candidate: Candidate, expected_version: int, confirm: bool,
                     reason: str) -> Candidate:
    """Confirm or reject a proposed match, with a reason."""
    request = candidate.sought.request
    check_edit(actor, request)
    _check_traceable(candidate)
    problems = []
    if not reason.strip():
        problems.append({"field": "reason", "message": "give the reason for the decision"})
    if candidate.status != CandidateStatus.PROPOSED:
        problems.append({"field": "status", "message": "this candidate was already decided"})
    if problems:
        raise ValidationFailed(problems)
    status = CandidateStatus.CONFIRMED if confirm else CandidateStatus.REJECTED
    candidate = versioned_update(candidate, expected_version=expected_version, changes={
        "status": status, "reason": reason.strip(), "decided_by": actor,
        "decided_at": timezone.now()})
    if confirm:
        SoughtPerson.objects.filter(pk=candidate.sought_id).update(found_person=candidate.person)
        _set_status(request, RequestStatus.MATCH_CONFIRMED)
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=candidate,
                 office_id=request.office_id,
                 summary=f"Candidate {'confirmed' if confirm else 'rejected'} for "
                         f"{request.reference}",
                 changes={"status": [CandidateStatus.PROPOSED, status], "reason": "changed"})
    return candidate


@transaction.atomic
def plan_create(*, actor, candidate: Candidate, movement_origin: str = "",
                movement_destination: str = "", movement_date_wanted: dt.date | None = None,
                notes: str = "") -> ReunificationPlan:
    request = candidate.sought.request
    check_edit(actor, request)
    _check_traceable(candidate)
    if candidate.status != CandidateStatus.CONFIRMED:
        raise ValidationFailed([{"field": "candidate",
                                 "message": "a plan follows a confirmed match"}])
    if ReunificationPlan.objects.filter(candidate=candidate).exists():
        raise ValidationFailed([{"field": "candidate", "message": "this match has a plan"}])
    plan = ReunificationPlan(candidate=candidate, request=request,
                             movement_origin=movement_origin,
                             movement_destination=movement_destination,
                             movement_date_wanted=movement_date_wanted, notes=notes)
    clean_or_refuse(plan, exclude=["version"])
    plan.save()
    _set_status(request, RequestStatus.REUNIFICATION)
    audit_record(actor=actor, action=AuditAction.CREATE, obj=plan, office_id=request.office_id)
    return plan


def _age_on(born: dt.date | None, day: dt.date) -> int | None:
    if born is None:
        return None
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def child_involved(plan: ReunificationPlan) -> bool:
    """Either side under 18 today (as far as the registry and the request know)."""
    today = timezone.localdate()
    request, sought = plan.request, plan.candidate.sought
    births = [plan.candidate.person.birth_date, sought.birth_date,
              request.enquirer_person.birth_date if request.enquirer_person_id else None]
    if sought.birth_year and not sought.birth_date:
        births.append(dt.date(sought.birth_year, 12, 31))
    return any(age is not None and age < ADULT_AGE for age in (_age_on(b, today) for b in births))


def missing_steps(plan: ReunificationPlan) -> list[str]:
    needed = [StepKind.VERIFICATION, StepKind.AGREEMENT_ENQUIRER, StepKind.AGREEMENT_SOUGHT]
    if child_involved(plan):
        needed.append(StepKind.BEST_INTERESTS)
    done = set(plan.steps.values_list("kind", flat=True))
    return [kind for kind in needed if kind not in done]


@transaction.atomic
def plan_update(*, actor, plan: ReunificationPlan, expected_version: int,
                changes: dict[str, Any]) -> ReunificationPlan:
    check_edit(actor, plan.request)
    unknown = set(changes) - set(PLAN_EDITABLE)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    if changes.get("status") in (PlanStatus.READY, PlanStatus.COMPLETED):
        missing = missing_steps(plan)
        if missing:
            raise ValidationFailed([{"field": "status", "message": "steps still to record: " +
                                     ", ".join(str(StepKind(k).label) for k in missing)}])
    before = model_values(plan, list(changes))
    plan = versioned_update(plan, expected_version=expected_version, changes=changes)
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=plan,
                 office_id=plan.request.office_id,
                 changes=diff_fields(before, model_values(plan, list(before)),
                                     personal={"notes"}))
    return plan


@transaction.atomic
def plan_step_record(*, actor, plan: ReunificationPlan, kind: str, done_on: dt.date,
                     done_by: str, notes: str = "") -> PlanStep:
    check_edit(actor, plan.request)
    if plan.steps.filter(kind=kind).exists():
        raise ValidationFailed([{"field": "kind", "message": "this step is already recorded"}])
    step = PlanStep(plan=plan, kind=kind, done_on=done_on, done_by=done_by.strip(), notes=notes,
                    recorded_by=actor)
    clean_or_refuse(step, exclude=["plan"])
    if done_on > timezone.localdate():
        raise ValidationFailed([{"field": "done_on", "message": "a step is recorded once done"}])
    step.save()
    if plan.status == PlanStatus.DRAFT:
        versioned_update(plan, expected_version=plan.version,
                         changes={"status": PlanStatus.IN_PROGRESS})
    audit_record(actor=actor, action=AuditAction.CREATE, obj=step,
                 office_id=plan.request.office_id, summary=f"Plan step: {kind}")
    return step
