"""Case services: the workflow, four eyes, budget, assignment; each audited (transfers: test_transfers)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from conftest import make_user
from corridor.access.roles import Role
from corridor.cases import services
from corridor.cases.models import CaseEvent, CaseState
from corridor.cases.tests.conftest import move
from corridor.core.errors import NotFound, PermissionDenied, ValidationFailed, VersionConflict
from corridor.core.models import AuditEvent
from corridor.partners.selectors import project_money


def test_opening_gives_a_reference_an_event_and_an_audit(case, org, worker):
    assert case.reference == f"CASE-CA-{case.pk:06d}"
    assert case.office == org.country_a and case.state == CaseState.OPEN
    assert list(case.events.values_list("kind", flat=True)) == ["opened"]
    assert AuditEvent.objects.filter(action="create", object_type="cases.case",
                                     object_id=str(case.pk), actor=worker).exists()


def test_opening_for_someone_out_of_registry_scope_is_not_found(worker, project, person_b):
    with pytest.raises(NotFound):
        services.case_open(actor=worker, project=project, kind="evacuation", person=person_b)


def test_opening_for_a_household(worker, project, household):
    case = services.case_open(actor=worker, project=project, kind="family_reunion",
                              household=household)
    assert case.household == household and case.person is None
    assert services.beneficiaries(case).count() == 2


def test_an_analyst_cannot_open_a_case(cast, project, person):
    with pytest.raises((PermissionDenied, NotFound)):
        services.case_open(actor=cast["data_analyst"], project=project, kind="evacuation",
                           person=person)


def test_the_happy_path_with_four_eyes(case, worker, second_worker):
    move(case, worker, "assessed")
    with pytest.raises(PermissionDenied, match="Four eyes"):
        move(case, worker, "approved")
    case = move(case, second_worker, "approved")
    assert case.approved_by == second_worker and case.assessed_by == worker
    case = move(case, worker, "in_assistance")
    case = move(case, worker, "closed", reason="completed")
    assert case.state == CaseState.CLOSED and case.closure_reason == "completed"
    moves = [(e.from_state, e.to_state) for e in case.events.filter(kind="state_changed")]
    assert moves == [("open", "assessed"), ("assessed", "approved"),
                     ("approved", "in_assistance"), ("in_assistance", "closed")]
    assert AuditEvent.objects.filter(object_type="cases.case", object_id=str(case.pk),
                                     action="update").count() == 4


@pytest.mark.parametrize("to", ["approved", "in_assistance", "open"])
def test_invalid_moves_from_open_are_refused_with_a_message(case, second_worker, to):
    with pytest.raises(ValidationFailed, match="cannot go from open to"):
        move(case, second_worker, to)
    case.refresh_from_db()
    assert case.state == "open" and case.version == 1


def test_closing_needs_a_known_reason_and_a_note_for_other(case, worker):
    with pytest.raises(ValidationFailed, match="needs a reason"):
        move(case, worker, "closed")
    with pytest.raises(ValidationFailed, match="Closing needs one of"):
        move(case, worker, "closed", reason="bored")
    with pytest.raises(ValidationFailed, match="in assistance can be closed as completed"):
        move(case, worker, "closed", reason="completed")
    with pytest.raises(ValidationFailed, match="note"):
        move(case, worker, "closed", reason="other")
    case = move(case, worker, "closed", reason="other", note="Moved abroad")
    assert case.closure_note == "Moved abroad"


def test_reject_then_reopen_needs_reasons_and_restarts_assessment(case, worker, second_worker):
    move(case, worker, "assessed")
    with pytest.raises(ValidationFailed):
        move(case, second_worker, "rejected")
    case = move(case, second_worker, "rejected", reason="Not eligible under the project")
    assert case.rejection_reason.startswith("Not eligible")
    with pytest.raises(ValidationFailed, match="needs a reason"):
        move(case, worker, "open")
    case = move(case, worker, "open", reason="New documents")
    assert case.state == "open" and case.assessed_by is None and case.rejection_reason == ""
    reopen = case.events.filter(kind="state_changed").last()
    assert (reopen.from_state, reopen.to_state, reopen.reason) == ("rejected", "open",
                                                                   "New documents")


def test_approved_cannot_be_rejected(in_assistance, second_worker):
    with pytest.raises(ValidationFailed):
        move(in_assistance, second_worker, "rejected", reason="x")


def test_a_stale_move_is_a_conflict(case, worker):
    services.case_transition(actor=worker, case=case, to="assessed", expected_version=1)
    with pytest.raises(VersionConflict):
        services.case_transition(actor=worker, case=case, to="closed", reason="withdrawn",
                                 expected_version=1)


def test_an_outsider_cannot_move_the_case(case, cast):
    with pytest.raises(NotFound):
        move(case, cast["outsider"], "assessed")


def test_assignment_only_to_workers_of_the_office(case, worker, second_worker, cast):
    case = services.case_assign(actor=worker, case=case, assignee=second_worker,
                                expected_version=1)
    assert case.assigned_to == second_worker
    with pytest.raises(ValidationFailed, match="cannot work on cases"):
        services.case_assign(actor=worker, case=case, assignee=cast["outsider"],
                             expected_version=case.version)
    with pytest.raises(ValidationFailed):
        services.case_assign(actor=worker, case=case, assignee=cast["finance_officer"],
                             expected_version=case.version)
    event = case.events.get(kind="assigned")
    assert event.detail == {"from": "", "to": second_worker.username}


def test_budget_refuses_overcommitment(case, worker, project):
    services.assistance_plan(actor=worker, case=case, kind="transport",
                             planned_cost=Decimal("600.00"))
    with pytest.raises(ValidationFailed, match=r"400\.00 USD is left of 1,000\.00 USD"):
        services.assistance_plan(actor=worker, case=case, kind="shelter",
                                 planned_cost=Decimal("400.01"))
    services.assistance_plan(actor=worker, case=case, kind="shelter",
                             planned_cost=Decimal("400.00"))
    money = project_money(project_id=project.pk)
    assert (money.committed, money.spent, money.available) == (Decimal("1000.00"), 0, 0)


def test_delivery_needs_in_assistance_and_moves_money_to_spent(case, worker, second_worker,
                                                               project):
    item = services.assistance_plan(actor=worker, case=case, kind="transport",
                                    planned_cost=Decimal("300.00"))
    with pytest.raises(ValidationFailed, match="only while the case is in assistance"):
        services.assistance_deliver(actor=worker, item=item, actual_cost=Decimal("280"),
                                    expected_version=1)
    move(case, worker, "assessed")
    move(case, second_worker, "approved")
    move(case, worker, "in_assistance")
    item.case.refresh_from_db()
    item = services.assistance_deliver(actor=worker, item=item, actual_cost=Decimal("280.00"),
                                       expected_version=1)
    money = project_money(project_id=project.pk)
    assert (money.committed, money.spent) == (Decimal("0.00"), Decimal("280.00"))
    with pytest.raises(ValidationFailed, match="already delivered"):
        services.assistance_cancel(actor=worker, item=item, reason="x", expected_version=2)
    kinds = list(case.events.values_list("kind", flat=True))
    assert "assistance_planned" in kinds and "assistance_delivered" in kinds


def test_cancel_frees_the_commitment(case, worker, project):
    item = services.assistance_plan(actor=worker, case=case, kind="material_relief",
                                    planned_cost=Decimal("1000.00"))
    with pytest.raises(VersionConflict):
        services.assistance_cancel(actor=worker, item=item, reason="Not needed",
                                   expected_version=5)
    item.refresh_from_db()  # versioned_update wrote the refused change into the instance
    assert item.status == "planned"
    services.assistance_cancel(actor=worker, item=item, reason="Not needed", expected_version=1)
    assert project_money(project_id=project.pk).available == Decimal("1000.00")


def test_beneficiary_must_belong_to_the_case(case, worker, org):
    from corridor.registry.tests.factories import PersonFactory
    stranger = PersonFactory(office=org.country_a)
    with pytest.raises(ValidationFailed, match="beneficiary"):
        services.assistance_plan(actor=worker, case=case, kind="training",
                                 planned_cost=Decimal("10"), beneficiary=stranger)


def test_referral_and_answers(case, worker, person, partner):
    referral = services.referral_send(actor=worker, case=case, person=person, partner=partner,
                                      reason="Restoring family links")
    with pytest.raises(ValidationFailed, match="cannot become completed"):
        services.referral_answer(actor=worker, referral=referral, status="completed",
                                 answer="", expected_version=1)
    referral = services.referral_answer(actor=worker, referral=referral, status="accepted",
                                        answer="We will call", expected_version=1)
    referral = services.referral_answer(actor=worker, referral=referral, status="completed",
                                        answer="Done", expected_version=2)
    assert referral.status == "completed"
    assert list(case.events.filter(kind__startswith="referral").values_list("kind", flat=True)) \
        == ["referral_sent", "referral_answered", "referral_answered"]


def test_notes_are_on_the_timeline_and_not_empty(case, worker):
    with pytest.raises(ValidationFailed):
        services.note_add(actor=worker, case=case, text="   ")
    note = services.note_add(actor=worker, case=case, text="Called the family")
    assert case.events.last().detail == {"note_id": note.pk}


def test_events_are_append_only(case):
    event = CaseEvent.objects.filter(case=case).first()
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()


def test_a_regional_worker_can_approve_a_country_case(case, worker, cast):
    move(case, worker, "assessed")
    assert move(case, cast["regional_case_worker"], "approved").state == "approved"


def test_without_approve_permission_approval_is_refused(case, worker, org, monkeypatch):
    from corridor.access import roles
    limited = make_user("limited", Role.CASE_WORKER, org.country_a)
    move(case, worker, "assessed")
    monkeypatch.setitem(roles.ROLE_PERMISSIONS, Role.CASE_WORKER,
                        roles.ROLE_PERMISSIONS[Role.CASE_WORKER] - {"cases.approve"})
    with pytest.raises(PermissionDenied):
        move(case, limited, "approved")


def test_the_database_refuses_to_change_events(case):
    from django.db import DatabaseError, transaction

    # SQLite's RAISE(ABORT) and PostgreSQL's RAISE EXCEPTION arrive as different DatabaseErrors.
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        CaseEvent.objects.filter(case=case).update(reason="rewritten")
    assert not CaseEvent.objects.filter(reason="rewritten").exists()
