from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from corridor.cases import services as case_services
from corridor.cases.models import AssistanceItem, Case, CaseState
from corridor.cases.tests.conftest import move
from corridor.core.errors import NotFound, PermissionDenied, ValidationFailed
from corridor.core.models import AuditAction, AuditEvent
from corridor.movements import services
from corridor.movements.models import BookingEvent, MedicalClearance, TravelPermission
from corridor.movements.tests.conftest import add_leg, in_days, make_ready
from corridor.registry.models import Consent, IdentityDocument, Person
from corridor.registry.tests.factories import PersonFactory


def fields_of(exc: ValidationFailed) -> set[str]:
    return {p["field"] for p in exc.value.problems}


def test_booking_passes_checks_and_records_timeline_and_audit(officer, leg, traveller):
    [booking] = services.booking_create(actor=officer, legs=[leg], people=[traveller])
    assert booking.state == "booked"
    assert booking.fare == Decimal("350.00")
    assert list(BookingEvent.objects.filter(booking=booking).values_list("to_state", flat=True)) \
        == ["proposed", "booked"]
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_type="movements.booking",
                                     object_id=str(booking.pk)).exists()


@pytest.mark.parametrize("check, spoil", [
    ("travel_document", lambda p: IdentityDocument.objects.filter(person=p).update(
        expires_on=timezone.localdate())),  # expires before the departure in 10 days
    ("fitness_to_travel", lambda p: MedicalClearance.objects.filter(person=p).update(fit=False)),
    ("consent", lambda p: Consent.objects.filter(person=p).update(given=False)),
])
def test_each_check_blocks_with_its_name(officer, leg, traveller, check, spoil):
    spoil(traveller)
    with pytest.raises(ValidationFailed) as exc:
        services.booking_create(actor=officer, legs=[leg], people=[traveller])
    assert fields_of(exc) == {check}
    assert exc.value.problems[0]["message"].startswith(check.replace("_", " "))
    assert not traveller.bookings.exists()


def test_no_clearance_at_all_blocks_fitness(officer, leg, traveller):
    MedicalClearance.objects.filter(person=traveller).delete()
    with pytest.raises(ValidationFailed) as exc:
        services.booking_create(actor=officer, legs=[leg], people=[traveller])
    assert fields_of(exc) == {"fitness_to_travel"}


def test_exit_and_entry_permissions_where_the_leg_needs_them(officer, operation, traveller):
    leg = add_leg(operation, officer, exit_permission_country="JOR",
                  entry_permission_country="TUR")
    with pytest.raises(ValidationFailed) as exc:
        services.booking_create(actor=officer, legs=[leg], people=[traveller])
    assert fields_of(exc) == {"exit_permission", "entry_permission"}
    services.permission_record(actor=officer, person=traveller, kind="exit", country="JOR")
    services.permission_record(actor=officer, person=traveller, kind="entry", country="tur",
                               valid_until=timezone.localdate() + dt.timedelta(days=30))
    assert TravelPermission.objects.filter(person=traveller).count() == 2
    services.booking_create(actor=officer, legs=[leg], people=[traveller])


def test_household_travels_together_unless_override_is_given_and_audited(officer, leg, family):
    household, head, _child = family
    with pytest.raises(ValidationFailed) as exc:
        services.booking_create(actor=officer, legs=[leg], people=[head])
    assert fields_of(exc) == {"household"}
    assert "Layla" in exc.value.problems[0]["message"]
    [booking] = services.booking_create(actor=officer, legs=[leg], people=[head],
                                        household_split_reason="Child travels with mother later")
    assert booking.household_split_reason == "Child travels with mother later"
    event = AuditEvent.objects.get(object_type="registry.household", object_id=str(household.pk))
    assert "Child travels with mother later" in event.summary
    assert event.actor == officer


def test_whole_household_books_without_reason(officer, leg, family):
    _household, head, child = family
    bookings = services.booking_create(actor=officer, legs=[leg], people=[head, child])
    assert len(bookings) == 2 and all(not b.household_split_reason for b in bookings)


def test_overbooking_refused_and_counts(officer, operation, org):
    leg = add_leg(operation, officer, seats=2)
    people = [make_ready(PersonFactory(office=org.country_a)) for _ in range(3)]
    with pytest.raises(ValidationFailed) as exc:
        services.booking_create(actor=officer, legs=[leg], people=people)
    assert fields_of(exc) == {"seats"}
    assert "Overbooking refused" in exc.value.problems[0]["message"]
    services.booking_create(actor=officer, legs=[leg], people=people[:2])
    with pytest.raises(ValidationFailed):
        services.booking_create(actor=officer, legs=[leg], people=people[2:])
    assert services.leg_counts(leg)["seats"] == 2


def test_cancelled_booking_frees_its_seat(officer, operation, org):
    leg = add_leg(operation, officer, seats=1)
    first, second = (make_ready(PersonFactory(office=org.country_a)) for _ in range(2))
    [booking] = services.booking_create(actor=officer, legs=[leg], people=[first])
    with pytest.raises(ValidationFailed) as exc:
        services.booking_transition(actor=officer, booking=booking, to="cancelled",
                                    expected_version=booking.version)
    assert fields_of(exc) == {"reason"}
    services.booking_transition(actor=officer, booking=booking, to="cancelled",
                                expected_version=booking.version, reason="Withdrew")
    services.booking_create(actor=officer, legs=[leg], people=[second])


def test_wheelchair_places_counted(officer, leg, org):
    people = [make_ready(PersonFactory(office=org.country_a), wheelchair=True) for _ in range(2)]
    with pytest.raises(ValidationFailed) as exc:
        services.booking_create(actor=officer, legs=[leg], people=people)
    assert fields_of(exc) == {"wheelchair_places"}
    [booking] = services.booking_create(actor=officer, legs=[leg], people=people[:1])
    assert booking.wheelchair
    assert services.leg_counts(leg)["wheelchairs"] == 1


def test_stretcher_needs_a_stretcher_place(officer, leg, org):
    person = make_ready(PersonFactory(office=org.country_a), stretcher=True)
    with pytest.raises(ValidationFailed) as exc:
        services.booking_create(actor=officer, legs=[leg], people=[person])
    assert fields_of(exc) == {"stretcher_places"}


def test_escorts_count_against_escort_seats(officer, leg, cast):
    services.escort_assign(actor=officer, leg=leg, kind="medical", name="Dr Salma Odeh")
    with pytest.raises(ValidationFailed) as exc:
        services.escort_assign(actor=officer, leg=leg, kind="operational", user=cast["case_worker"])
    assert fields_of(exc) == {"escort_seats"}
    assert services.leg_counts(leg)["escorts"] == 1


def test_connection_time_checked_when_adding_a_leg(officer, operation):
    add_leg(operation, officer, origin="AMM", destination="IST", days=10, hour=8, duration=3)
    with pytest.raises(ValidationFailed) as exc:  # lands 11:00, leaves 12:00: 60 < 90 min
        add_leg(operation, officer, origin="IST", destination="KBL", days=10, hour=12)
    assert fields_of(exc) == {"departure"}
    assert "at least 90 min" in exc.value.problems[0]["message"]
    add_leg(operation, officer, origin="IST", destination="KBL", days=10, hour=13)


def test_connection_minimum_is_configurable(officer, org, project):
    operation = services.operation_create(actor=officer, office=org.country_a, project=project,
                                          kind="evacuation", title="Fast",
                                          min_connection_minutes=45)
    add_leg(operation, officer, destination="IST", days=5, hour=8, duration=3)
    add_leg(operation, officer, origin="IST", destination="KBL", days=5, hour=12)


def test_booking_two_legs_with_too_short_connection_refused(officer, org, project, traveller):
    loose = services.operation_create(actor=officer, office=org.country_a, project=project,
                                      kind="transfer", title="t", min_connection_minutes=0)
    first = add_leg(loose, officer, destination="IST", days=5, hour=8, duration=3)
    onward = add_leg(loose, officer, origin="IST", destination="KBL", days=5, hour=11)
    loose.min_connection_minutes = 90  # tightened after the legs were added
    loose.save()
    with pytest.raises(ValidationFailed) as exc:
        services.booking_create(actor=officer, legs=[first, onward], people=[traveller])
    assert fields_of(exc) == {"connection"}


def test_other_office_operation_is_not_found(cast, org, project, traveller):
    outsider_officer = cast["outsider"]
    with pytest.raises(NotFound):
        services.operation_create(actor=outsider_officer, office=org.country_a, project=project,
                                  kind="transfer", title="x")


def test_case_worker_cannot_book(cast, leg, traveller):
    with pytest.raises(NotFound):  # case workers hold no movements.view
        services.booking_create(actor=cast["case_worker"], legs=[leg], people=[traveller])


def test_person_out_of_registry_scope_is_not_found(officer, leg, org):
    stranger = make_ready(PersonFactory(office=org.country_b))
    with pytest.raises(NotFound):
        services.booking_create(actor=officer, legs=[leg], people=[stranger])


def test_transition_rules(officer, flown_leg, traveller):
    [booking] = services.booking_create(actor=officer, legs=[flown_leg], people=[traveller])
    with pytest.raises(ValidationFailed):
        services.booking_transition(actor=officer, booking=booking, to="arrived",
                                    expected_version=booking.version)
    for state in ("confirmed", "checked_in", "departed", "arrived"):
        booking = services.booking_transition(actor=officer, booking=booking, to=state,
                                              expected_version=booking.version)
    assert booking.state == "arrived"
    assert "No approved case" in booking.handover_note


@pytest.fixture
def approved_case(cast, project, traveller):
    from conftest import make_user
    from corridor.access.roles import Role

    worker = cast["case_worker"]
    case = case_services.case_open(actor=worker, project=project, kind="voluntary_return",
                                   person=traveller)
    move(case, worker, "assessed")
    second = make_user("case_worker_a2", Role.CASE_WORKER, case.office)
    return move(case, second, "approved")


def _fly(actor, booking):
    for state in ("confirmed", "checked_in", "departed", "arrived"):
        booking = services.booking_transition(actor=actor, booking=booking, to=state,
                                              expected_version=booking.version)
    return booking


def test_arrival_hands_over_costs_fare_and_moves_case(officer_and_worker, flown_leg, traveller,
                                                      approved_case):
    [booking] = services.booking_create(actor=officer_and_worker, legs=[flown_leg], people=[traveller])
    assert booking.case == approved_case
    booking = _fly(officer_and_worker, booking)
    approved_case.refresh_from_db()
    assert approved_case.state == CaseState.IN_ASSISTANCE, booking.handover_note
    item = AssistanceItem.objects.get(case=approved_case)
    assert (item.kind, item.status, item.actual_cost) == ("transport", "delivered",
                                                          Decimal("350.00"))
    assert item.beneficiary == traveller
    assert "costed" in booking.handover_note


def test_arrival_whose_case_cannot_move_on_is_recorded_and_says_what_is_left(
        officer, flown_leg, traveller, approved_case):
    [booking] = services.booking_create(actor=officer, legs=[flown_leg], people=[traveller])
    # The case was closed meanwhile: the arrival stands, the hand-over is left to a case worker.
    Case.objects.filter(pk=approved_case.pk).update(state=CaseState.CLOSED)
    booking = _fly(officer, booking)
    assert booking.state == "arrived"
    assert "left to a case worker" in booking.handover_note
    assert not AssistanceItem.objects.filter(case=approved_case).exists()


def test_planner_proposal_produces_feasible_bookings(officer, operation, approved_case, org,
                                                     traveller, project, cast):
    add_leg(operation, officer, destination="IST", days=10, hour=8, duration=3, seats=5)
    add_leg(operation, officer, origin="IST", destination="KBL", days=10, hour=14, seats=5)
    proposal = services.proposal_create(actor=officer, operation=operation, method="greedy",
                                        time_limit=2)
    assert list(proposal.assignments) == [str(traveller.pk)]
    assert len(proposal.assignments[str(traveller.pk)]) == 2
    bookings = services.proposal_accept(actor=officer, proposal=proposal)
    assert {b.state for b in bookings} == {"booked"} and len(bookings) == 2
    with pytest.raises(ValidationFailed):
        services.proposal_accept(actor=officer, proposal=proposal)


def test_planner_leaves_out_who_fails_a_check(officer, operation, approved_case, traveller):
    add_leg(operation, officer, seats=5)
    Consent.objects.filter(person=traveller).update(given=False)
    proposal = services.proposal_create(actor=officer, operation=operation, method="greedy",
                                        time_limit=2)
    assert proposal.assignments == {}
    # Stored as codes, worded when read, in the reader's language.
    assert proposal.excluded[str(traveller.pk)] == [
        {"check": "consent", "code": "no_consent", "params": {}}]
    from django.utils import translation

    from corridor.movements.checks import worded

    assert worded(proposal.excluded[str(traveller.pk)]) == [
        "consent: no consent to assistance given"]
    with translation.override("fr"):
        assert worded(proposal.excluded[str(traveller.pk)]) == [
            "consentement : aucun consentement à l'assistance donné"]


def test_evacuation_list_is_all_or_nothing(operation, officer):
    # A movement officer registers the new people on the list alone (registry.edit; roles.py).
    leg = add_leg(operation, officer, seats=50)
    expires = (timezone.localdate() + dt.timedelta(days=400)).isoformat()
    header = ("household,relation_to_head,given_name,family_name,sex,birth_date,nationality,"
              "category,document_number,document_expires_on,consent_assistance,fit_to_travel\n")
    good = (f"H1,head,Omar,Haddad,male,1980-01-02,SYR,refugee,N1000001,{expires},yes,yes\n"
            f"H1,child,Layla,Haddad,female,2015-05-06,SYR,refugee,N1000002,{expires},yes,yes\n"
            f",,Yusuf,Khalil,male,1990-03-04,SYR,refugee,N1000003,{expires},yes,yes\n")
    bad = good + f",,Maryam,Darwish,female,04/05/1991,SYR,refugee,N1000004,{expires},yes,maybe\n"
    with pytest.raises(ValidationFailed) as exc:
        services.evacuation_book(actor=officer, operation=operation, legs=[leg],
                                 text=header + bad)
    assert {(p["where"], p["field"]) for p in exc.value.problems} == {
        ("row 5", "birth_date"), ("row 5", "fit_to_travel")}
    assert not leg.bookings.exists()
    # A check failing after registration also rolls everything back (and names the row).
    no_consent = good.replace(f"N1000003,{expires},yes", f"N1000003,{expires},no")
    with pytest.raises(ValidationFailed) as exc:
        services.evacuation_book(actor=officer, operation=operation, legs=[leg],
                                 text=header + no_consent)
    assert {(p["where"], p["field"]) for p in exc.value.problems} == {("row 4", "consent")}
    assert not leg.bookings.exists()
    from corridor.registry.models import Person
    assert not Person.objects.filter(family_name="Haddad").exists()
    bookings = services.evacuation_book(actor=officer, operation=operation,
                                        legs=[leg], text=header + good)
    assert len(bookings) == 3
    assert Person.objects.filter(family_name="Haddad", household__isnull=False).count() == 2


def test_evacuation_list_is_all_or_nothing_and_names_the_failed_check(officer, leg, operation,
                                                                        traveller):
    text = "given_name,category,fit_to_travel\nAli,refugee,yes\n"
    people_before = Person.objects.count()
    with pytest.raises(ValidationFailed) as exc:
        services.evacuation_book(actor=officer, operation=operation, legs=[leg], text=text)
    assert "travel document" in exc.value.problems[0]["message"]
    assert Person.objects.count() == people_before  # the new person was not kept
    bookings = services.evacuation_book(actor=officer, operation=operation, legs=[leg],
                                        text=f"person_id\n{traveller.pk}\n")
    assert [b.person for b in bookings] == [traveller]


def test_readiness_records_are_scoped(cast, officer, org):
    stranger = PersonFactory(office=org.country_b)
    with pytest.raises(NotFound):
        services.clearance_record(actor=officer, person=stranger, examined_on=in_days(0).date(),
                                  valid_until=in_days(30).date(), fit=True)
    person = PersonFactory(office=org.country_a)
    with pytest.raises(PermissionDenied):
        services.clearance_record(actor=cast["case_worker"], person=person,
                                  examined_on=in_days(0).date(), valid_until=in_days(3).date(),
                                  fit=True)


def test_escort_staff_from_above_or_below_is_accepted_from_elsewhere_refused(officer, operation,
                                                                              cast, org):
    from conftest import make_user
    from corridor.access.roles import Role

    leg = add_leg(operation, officer, escort_seats=3)
    with pytest.raises(ValidationFailed) as exc:
        services.escort_assign(actor=officer, leg=leg, kind="operational", user=cast["outsider"])
    assert fields_of(exc) == {"user_id"}
    sideways = make_user("officer_ca2", Role.MOVEMENT_OFFICER, org.country_a2)  # a sibling
    with pytest.raises(ValidationFailed):
        services.escort_assign(actor=officer, leg=leg, kind="operational", user=sideways)
    regional = make_user("officer_ra", Role.MOVEMENT_OFFICER, org.region_a)
    below = make_user("officer_sa", Role.MOVEMENT_OFFICER, org.sub_a)
    for user in (officer, regional, below):
        services.escort_assign(actor=officer, leg=leg, kind="operational", user=user)
    assert leg.escorts.count() == 3


def test_movement_officer_hands_over_with_its_own_permission_not_cases_edit(
        officer, flown_leg, traveller, approved_case):
    from corridor.access.policies import can_in_office

    # The role no longer carries the broad case rights, yet the hand-over goes through.
    assert not can_in_office(officer, "cases.edit", approved_case.office_id)
    [booking] = services.booking_create(actor=officer, legs=[flown_leg], people=[traveller])
    booking = _fly(officer, booking)
    approved_case.refresh_from_db()
    assert approved_case.state == CaseState.IN_ASSISTANCE, booking.handover_note
    assert AssistanceItem.objects.get(case=approved_case).status == "delivered"
    # ...and nothing else on the case is open to the officer.
    with pytest.raises(PermissionDenied):
        case_services.note_add(actor=officer, case=approved_case, text="Arrived well")
    with pytest.raises(PermissionDenied):
        case_services.assistance_plan(actor=officer, case=approved_case, kind="cash",
                                      planned_cost="10")


def test_handover_refused_without_the_handover_permission(cast, approved_case, traveller):
    worker = cast["case_worker"]  # cases.edit, but no movements.handover
    with pytest.raises(PermissionDenied):
        case_services.transport_handover(actor=worker, case=approved_case, beneficiary=traveller,
                                         fare=Decimal("10.00"), description="x",
                                         arrived_on=timezone.localdate(), move_on=True)
    approved_case.refresh_from_db()
    assert approved_case.state == CaseState.APPROVED
    assert not AssistanceItem.objects.filter(case=approved_case).exists()


def test_two_leg_trip_costs_both_fares_and_delivers_them_at_the_end(officer, operation,
                                                                   traveller, approved_case):
    first = add_leg(operation, officer, destination="IST", days=-2, hour=8, duration=3)
    onward = add_leg(operation, officer, origin="IST", destination="KBL", days=-2, hour=14)
    one, two = services.booking_create(actor=officer, legs=[first, onward], people=[traveller])
    one = _fly(officer, one)
    approved_case.refresh_from_db()
    # Still on the way: the first fare is committed, the case waits for the arrival home.
    assert approved_case.state == CaseState.APPROVED
    assert one.assistance_item.status == "planned"
    two = _fly(officer, two)
    approved_case.refresh_from_db()
    assert approved_case.state == CaseState.IN_ASSISTANCE
    items = AssistanceItem.objects.filter(case=approved_case).order_by("id")
    assert [(i.kind, i.status, i.actual_cost) for i in items] == [
        ("transport", "delivered", Decimal("350.00")), ("transport", "delivered",
                                                         Decimal("350.00"))]
    assert {one.assistance_item_id, two.assistance_item_id} == {i.pk for i in items}


def test_household_members_of_a_persons_case_travel_on_that_case(cast, officer, flown_leg, family,
                                                                  project):
    from conftest import make_user
    from corridor.access.roles import Role

    _household, head, child = family
    worker = cast["case_worker"]
    case = case_services.case_open(actor=worker, project=project, kind="voluntary_return",
                                   person=head)  # the head's case; the child benefits from it
    move(case, worker, "assessed")
    case = move(case, make_user("case_worker_a3", Role.CASE_WORKER, case.office), "approved")
    bookings = services.booking_create(actor=officer, legs=[flown_leg], people=[head, child])
    assert {b.person_id: b.case_id for b in bookings} == {head.pk: case.pk, child.pk: case.pk}
    for booking in bookings:
        _fly(officer, booking)
    assert AssistanceItem.objects.filter(case=case, status="delivered").count() == 2


def test_the_people_of_a_proposal_are_read_through_the_registry_scope_and_audited(
        officer, operation, approved_case, traveller, cast):
    from corridor.core.models import AuditEvent
    from corridor.movements import selectors

    add_leg(operation, officer, seats=5)
    proposal = services.proposal_create(actor=officer, operation=operation, method="greedy",
                                        time_limit=2)
    people = selectors.proposal_people(user=officer, proposal=proposal)
    assert set(people) == {traveller.pk}
    assert AuditEvent.objects.filter(action="view", summary__startswith="people of").exists()
    # Someone who cannot see that office's registry sees nobody of it.
    assert selectors.proposal_people(user=cast["outsider"], proposal=proposal) == {}
