"""Filing, deciding and planning: consent, policy, versions and the audit trail."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from corridor.core.errors import NotFound, PermissionDenied, ValidationFailed, VersionConflict
from corridor.core.models import AuditEvent
from corridor.registry.models import Sex
from corridor.tracing import services
from corridor.tracing.models import (
    CandidateStatus,
    Cause,
    PlanStatus,
    RequestStatus,
    StepKind,
    TracingRequest,
)
from corridor.tracing.tests.conftest import file_request, propose, register


def _file(actor, office, **extra):
    return services.request_create(
        actor=actor, office=office, cause=Cause.MIGRATION,
        sought=[services.SoughtInput(fields={"given_name": "Ali"})], **extra)


def test_an_enquirer_who_refused_tracing_cannot_file(org, officer):
    mother = register(org.country_a, "Zainab", "Aziz", sex=Sex.FEMALE, tracing=False)
    with pytest.raises(ValidationFailed) as refused:
        _file(officer, org.country_a, enquirer_person_id=mother.pk, enquirer_consent=True)
    assert "refused consent to tracing" in str(refused.value)
    assert not TracingRequest.objects.exists()


def test_the_enquirer_must_consent_and_be_named(org, officer):
    with pytest.raises(ValidationFailed) as refused:
        _file(officer, org.country_a, enquirer_consent=False)
    fields = {p["field"] for p in refused.value.problems}
    assert fields == {"enquirer_name", "enquirer_consent"}


def test_a_registered_enquirer_outside_the_registry_scope_is_refused(org, officer):
    stranger = register(org.country_b, "Olena", "Kovalenko", sex=Sex.FEMALE)
    with pytest.raises(ValidationFailed, match="no such person in your scope"):
        _file(officer, org.country_a, enquirer_person_id=stranger.pk, enquirer_consent=True)


def test_filing_is_audited_and_numbered_by_office(org, officer):
    mother = register(org.country_a, "Zainab", "Aziz", sex=Sex.FEMALE)
    request = _file(officer, org.country_a, enquirer_person_id=mother.pk, enquirer_consent=True)
    assert request.reference == f"TR-CA-{request.pk:06d}" and request.version == 1
    assert request.status == RequestStatus.OPEN and request.sought.count() == 1
    assert AuditEvent.objects.filter(action="create", object_type="tracing.tracingrequest",
                                     object_id=str(request.pk), actor=officer).exists()


def test_other_offices_and_roles_cannot_file_or_change(org, cast, officer, tracing_request):
    with pytest.raises(PermissionDenied):
        _file(officer, org.country_b, enquirer_name="X", enquirer_consent=True)
    with pytest.raises(PermissionDenied):
        _file(cast["case_worker"], org.country_a, enquirer_name="X", enquirer_consent=True)
    with pytest.raises(NotFound):
        services.request_update(actor=cast["outsider"], request=tracing_request,
                                expected_version=1, changes={"notes": "x"})


def test_confirming_needs_a_reason_is_versioned_and_audited(org, officer, tracing_request):
    son = register(org.country_b, "MUHAMAD", "ALHASAN")
    candidate = propose(tracing_request, son)
    with pytest.raises(ValidationFailed, match="reason"):
        services.candidate_decide(actor=officer, candidate=candidate, expected_version=1,
                                  confirm=True, reason="  ")
    with pytest.raises(VersionConflict):
        services.candidate_decide(actor=officer, candidate=candidate, expected_version=7,
                                  confirm=True, reason="Mother recognised the photo")
    candidate.refresh_from_db()  # versioned_update leaves the refused values on the instance
    decided = services.candidate_decide(actor=officer, candidate=candidate, expected_version=1,
                                        confirm=True, reason="Mother recognised the photo")
    assert decided.status == CandidateStatus.CONFIRMED and decided.version == 2
    assert decided.decided_by == officer
    tracing_request.refresh_from_db()
    assert tracing_request.status == RequestStatus.MATCH_CONFIRMED
    assert tracing_request.sought.get().found_person == son
    event = AuditEvent.objects.get(object_type="tracing.candidate", action="update")
    assert event.office_id == org.country_a.pk and "confirmed" in event.summary
    with pytest.raises(ValidationFailed, match="already decided"):
        services.candidate_decide(actor=officer, candidate=decided, expected_version=2,
                                  confirm=False, reason="changed my mind")


def test_rejecting_is_audited(org, officer, tracing_request):
    candidate = propose(tracing_request, register(org.country_a, "Muhammad", "Hasan"))
    services.candidate_decide(actor=officer, candidate=candidate, expected_version=1,
                              confirm=False, reason="Different father")
    candidate.refresh_from_db()
    assert candidate.status == CandidateStatus.REJECTED and candidate.reason == "Different father"
    assert AuditEvent.objects.filter(object_type="tracing.candidate",
                                     summary__contains="rejected").exists()


def test_a_person_who_withdrew_consent_cannot_be_confirmed(org, officer, tracing_request):
    person = register(org.country_a, "Muhammad", "Hasan")
    candidate = propose(tracing_request, person)
    person.consents.create(purpose="tracing", given=False, recorded_on=timezone.localdate())
    # Withdrawn from tracing: the candidate answers as one that does not exist.
    with pytest.raises(NotFound, match="No such candidate"):
        services.candidate_decide(actor=officer, candidate=candidate, expected_version=1,
                                  confirm=True, reason="same person")


def _confirmed_plan(org, officer, *, born):
    request = file_request(officer, org.country_a, birth_year=born.year)
    candidate = propose(request, register(org.country_b, "Muhamad", "Alhasan", born=born))
    candidate = services.candidate_decide(actor=officer, candidate=candidate, expected_version=1,
                                          confirm=True, reason="documents match")
    return services.plan_create(actor=officer, candidate=candidate, movement_origin="Amman",
                                movement_destination="Baghdad",
                                movement_date_wanted=dt.date(2027, 3, 1))


def test_a_plan_with_a_child_needs_the_best_interests_step(org, officer):
    plan = _confirmed_plan(org, officer, born=dt.date.today().replace(year=dt.date.today().year - 12))
    assert services.child_involved(plan)
    assert plan.request.status == RequestStatus.REUNIFICATION
    today = dt.date.today()
    for kind in (StepKind.VERIFICATION, StepKind.AGREEMENT_ENQUIRER, StepKind.AGREEMENT_SOUGHT):
        services.plan_step_record(actor=officer, plan=plan, kind=kind, done_on=today,
                                  done_by="Huda Jaber")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.IN_PROGRESS
    with pytest.raises(ValidationFailed, match="Best interests"):
        services.plan_update(actor=officer, plan=plan, expected_version=plan.version,
                             changes={"status": PlanStatus.READY})
    services.plan_step_record(actor=officer, plan=plan, kind=StepKind.BEST_INTERESTS,
                              done_on=today, done_by="Child protection panel")
    plan = services.plan_update(actor=officer, plan=plan, expected_version=plan.version,
                                changes={"status": PlanStatus.READY})
    assert plan.status == PlanStatus.READY
    assert AuditEvent.objects.filter(object_type="tracing.planstep").count() == 4


def test_an_adult_reunion_needs_no_best_interests_step(org, officer):
    plan = _confirmed_plan(org, officer, born=dt.date(1990, 4, 3))
    assert not services.child_involved(plan)
    assert StepKind.BEST_INTERESTS not in services.missing_steps(plan)


def test_a_plan_follows_only_a_confirmed_match(org, officer, tracing_request):
    candidate = propose(tracing_request, register(org.country_a, "Muhammad", "Hasan"))
    with pytest.raises(ValidationFailed, match="confirmed match"):
        services.plan_create(actor=officer, candidate=candidate)
