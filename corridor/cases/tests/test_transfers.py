"""Case transfers: a request the receiving office accepts or declines, only to the offices the
rule allows; the person's record follows on acceptance, nothing moves otherwise; all audited."""

from __future__ import annotations

import pytest

from conftest import make_user
from corridor.access.roles import Role
from corridor.cases import policies, selectors, services
from corridor.cases.models import Case, CaseTransfer, TransferStatus
from corridor.core.errors import NotFound, PermissionDenied, ValidationFailed, VersionConflict
from corridor.core.models import AuditEvent
from corridor.registry import selectors as registry_selectors
from corridor.registry.models import Person
from corridor.registry.tests.factories import PersonFactory


@pytest.fixture
def receiver(org):
    """A case worker of the receiving office, a sibling country office of the same region."""
    return make_user("case_worker_a2_office", Role.CASE_WORKER, org.country_a2)


def request(case, actor, office, reason="The family moved to Baghdad"):
    case.refresh_from_db()
    return services.transfer_request(actor=actor, case=case, office=office, reason=reason,
                                     expected_version=case.version)


def test_targets_are_caseload_offices_of_the_region_or_within_reach(case, worker, cast, org):
    assert set(policies.transfer_targets(worker, case)) == {org.country_a2, org.sub_a}
    assert set(policies.transfer_targets(cast["regional_case_worker"], case)) == {
        org.country_a2, org.sub_a}
    hq_worker = make_user("case_worker_hq", Role.CASE_WORKER, org.hq)
    assert set(policies.transfer_targets(hq_worker, case)) == {
        org.country_a2, org.sub_a, org.country_b}
    # Who may not edit the case transfers it nowhere.
    assert not policies.transfer_targets(cast["movement_officer"], case).exists()


@pytest.mark.parametrize("where", ["hq", "region_a", "region_b", "country_b", "country_a"])
def test_request_outside_the_rule_is_refused_and_writes_nothing(case, worker, org, where):
    with pytest.raises(ValidationFailed) as refused:
        request(case, worker, getattr(org, where))
    assert refused.value.problems[0]["field"] == "office"
    assert not CaseTransfer.objects.exists()
    case.refresh_from_db()
    assert case.version == 1 and case.events.count() == 1


def test_request_leaves_the_case_where_it_is_marked_pending(case, worker, receiver, org):
    transfer = request(case, worker, org.country_a2)
    case.refresh_from_db()
    assert case.office == org.country_a and case.version == 2
    assert case.transfer_pending
    assert selectors.case_get_for_user(user=worker, case_id=case.pk, audit=False).transfer_pending
    assert transfer.status == TransferStatus.PENDING and transfer.from_office == org.country_a
    event = case.events.get(kind="transfer_requested")
    assert (event.reason, event.detail["to"]) == ("The family moved to Baghdad", "CA2")
    assert set(AuditEvent.objects.filter(object_type="cases.casetransfer", action="create")
               .values_list("office_id", flat=True)) == {org.country_a.pk, org.country_a2.pk}
    # The receiving office sees the request, not the case nor the person.
    assert selectors.transfer_get_for_user(user=receiver, transfer_id=transfer.pk) == transfer
    with pytest.raises(NotFound):
        selectors.case_get_for_user(user=receiver, case_id=case.pk)
    with pytest.raises(NotFound):
        registry_selectors.person_get_for_user(user=receiver, person_id=case.person_id)


def test_request_needs_a_reason_and_the_current_version(case, worker, org):
    with pytest.raises(ValidationFailed) as refused:
        request(case, worker, org.country_a2, reason="  ")
    assert refused.value.problems[0]["field"] == "reason"
    with pytest.raises(VersionConflict):
        services.transfer_request(actor=worker, case=case, office=org.country_a2,
                                  reason="Moved", expected_version=case.version + 1)
    assert not CaseTransfer.objects.exists()


def test_one_pending_transfer_per_case(case, worker, org):
    request(case, worker, org.country_a2)
    with pytest.raises(ValidationFailed) as refused:
        request(case, worker, org.sub_a)
    assert refused.value.problems[0]["field"] == "office"
    assert CaseTransfer.objects.filter(case=case).count() == 1


def test_accept_moves_the_case_and_the_person(case, worker, receiver, org, person):
    case.refresh_from_db()
    services.case_assign(actor=worker, case=case, assignee=worker, expected_version=case.version)
    transfer = request(case, worker, org.country_a2)
    accepted = services.transfer_accept(actor=receiver, transfer=transfer,
                                        expected_version=transfer.version)
    assert accepted.status == TransferStatus.ACCEPTED and accepted.answered_by == receiver
    case.refresh_from_db()
    person.refresh_from_db()
    assert case.office == org.country_a2 and person.office == org.country_a2
    assert case.assigned_to is None  # the sender's worker cannot work in the receiving office
    assert not case.transfer_pending
    # The receiver now works on both; the sender sees neither.
    assert selectors.case_get_for_user(user=receiver, case_id=case.pk, audit=False)
    assert registry_selectors.person_get_for_user(user=receiver, person_id=person.pk, audit=False)
    with pytest.raises(NotFound):
        selectors.case_get_for_user(user=worker, case_id=case.pk)
    with pytest.raises(NotFound):
        registry_selectors.person_get_for_user(user=worker, person_id=person.pk)
    assert case.events.filter(kind="transferred", detail__to="CA2").exists()
    moved = AuditEvent.objects.filter(object_type="registry.person", object_id=str(person.pk),
                                      action="update")
    assert set(moved.values_list("office_id", flat=True)) == {org.country_a.pk,
                                                              org.country_a2.pk}
    assert moved.first().changes == {"office": ["CA", "CA2"]}


def test_accept_moves_a_household_with_its_members(worker, receiver, org, project, household):
    case = services.case_open(actor=worker, project=project, kind="family_reunion",
                              household=household)
    transfer = request(case, worker, org.country_a2)
    assert selectors.transfer_get_for_user(user=receiver, transfer_id=transfer.pk
                                           ).people_count == 2
    services.transfer_accept(actor=receiver, transfer=transfer, expected_version=1)
    household.refresh_from_db()
    assert household.office == org.country_a2
    assert set(Person.objects.filter(household=household).values_list("office", flat=True)) == {
        org.country_a2.pk}
    assert registry_selectors.household_get_for_user(user=receiver, household_id=household.pk)


def test_records_merged_into_the_person_follow(case, worker, receiver, org, person):
    duplicate = PersonFactory(office=org.country_a, given_name="Amina", family_name="Dialo")
    Person.objects.filter(pk=duplicate.pk).update(merged_into=person)
    bystander = PersonFactory(office=org.country_a)
    transfer = request(case, worker, org.country_a2)
    services.transfer_accept(actor=receiver, transfer=transfer, expected_version=1)
    duplicate.refresh_from_db()
    bystander.refresh_from_db()
    assert duplicate.office == org.country_a2 and bystander.office == org.country_a


def test_decline_needs_a_reason_and_moves_nothing(case, worker, receiver, org, person):
    transfer = request(case, worker, org.country_a2)
    with pytest.raises(ValidationFailed) as refused:
        services.transfer_decline(actor=receiver, transfer=transfer, reason=" ",
                                  expected_version=1)
    assert refused.value.problems[0]["field"] == "reason"
    declined = services.transfer_decline(actor=receiver, transfer=transfer,
                                         reason="No caseworker free", expected_version=1)
    assert declined.status == TransferStatus.DECLINED
    assert declined.decline_reason == "No caseworker free"
    case.refresh_from_db()
    person.refresh_from_db()
    assert case.office == org.country_a and person.office == org.country_a
    assert not case.transfer_pending
    assert case.events.get(kind="transfer_declined").reason == "No caseworker free"
    with pytest.raises(NotFound):
        selectors.case_get_for_user(user=receiver, case_id=case.pk)
    # Declined, the case may be offered again.
    assert request(case, worker, org.sub_a).status == TransferStatus.PENDING


def test_sender_cancels_and_only_the_receiver_answers(case, worker, receiver, org, cast):
    transfer = request(case, worker, org.country_a2)
    with pytest.raises(PermissionDenied):  # the sender does not answer for the other office
        services.transfer_accept(actor=worker, transfer=transfer, expected_version=1)
    with pytest.raises(NotFound):  # an office of another region does not even see it
        services.transfer_accept(actor=cast["outsider"], transfer=transfer, expected_version=1)
    movement_a2 = make_user("movement_a2", Role.MOVEMENT_OFFICER, org.country_a2)
    with pytest.raises((NotFound, PermissionDenied)):
        services.transfer_accept(actor=movement_a2, transfer=transfer, expected_version=1)
    with pytest.raises(NotFound):  # the receiver cannot see the case, so cannot cancel it
        services.transfer_cancel(actor=receiver, transfer=transfer, expected_version=1)
    cancelled = services.transfer_cancel(actor=worker, transfer=transfer, expected_version=1)
    assert cancelled.status == TransferStatus.CANCELLED
    assert case.events.filter(kind="transfer_cancelled").exists()
    with pytest.raises(ValidationFailed):  # answered once, for good
        services.transfer_accept(actor=receiver, transfer=transfer, expected_version=2)
    case.refresh_from_db()
    assert case.office == org.country_a


def test_a_stale_answer_is_a_conflict(case, worker, receiver, org):
    transfer = request(case, worker, org.country_a2)
    services.transfer_cancel(actor=worker, transfer=transfer, expected_version=1)
    with pytest.raises(VersionConflict):
        services.transfer_accept(actor=receiver, transfer=transfer, expected_version=1)
    assert Case.objects.get(pk=case.pk).office == org.country_a


def test_regional_case_worker_answers_for_the_offices_below(case, worker, cast, org, person):
    transfer = request(case, worker, org.country_a2)
    services.transfer_accept(actor=cast["regional_case_worker"], transfer=transfer,
                             expected_version=1)
    person.refresh_from_db()
    assert person.office == org.country_a2

