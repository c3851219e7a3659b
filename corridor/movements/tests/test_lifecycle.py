"""A movement's lifecycle follows the clock and its legs (issue 18 item 5)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import override_settings
from django.utils import timezone

from corridor.core.errors import ValidationFailed
from corridor.movements import services
from corridor.movements.models import Operation
from corridor.movements.services.lifecycle import check_not_early
from corridor.movements.tests.conftest import add_leg


def _to(officer, booking, *states):
    for state in states:
        booking = services.booking_transition(actor=officer, booking=booking, to=state,
                                              expected_version=booking.version)
    return booking


def test_a_departure_days_before_the_leg_is_refused_and_nothing_changes(officer, leg,
                                                                        traveller):
    [booking] = services.booking_create(actor=officer, legs=[leg], people=[traveller])
    booking = _to(officer, booking, "confirmed", "checked_in")
    with pytest.raises(ValidationFailed) as refused:
        _to(officer, booking, "departed")
    assert refused.value.problems[0]["field"] == "to"
    assert "not due to depart until" in refused.value.problems[0]["message"]
    assert "(Asia/Amman)" in refused.value.problems[0]["message"]
    booking.refresh_from_db()
    assert booking.state == "checked_in"
    assert Operation.objects.get(pk=leg.operation_id).status == "planning"


@override_settings(MOVEMENT_EARLY_MINUTES=120)
def test_the_tolerance_is_measured_from_the_scheduled_time(operation, officer):
    leg = add_leg(operation, officer, days=3)
    check_not_early(leg, "departed", now=leg.departure - dt.timedelta(minutes=119))
    with pytest.raises(ValidationFailed):
        check_not_early(leg, "departed", now=leg.departure - dt.timedelta(minutes=121))
    # The arrival is measured from the scheduled arrival, not the departure.
    with pytest.raises(ValidationFailed):
        check_not_early(leg, "arrived", now=leg.departure + dt.timedelta(minutes=1))
    check_not_early(leg, "arrived", now=leg.arrival - dt.timedelta(minutes=60))
    # A late record is always allowed; other moves are not timed.
    check_not_early(leg, "arrived", now=leg.arrival + dt.timedelta(days=2))
    check_not_early(leg, "confirmed", now=leg.departure - dt.timedelta(days=30))


def test_the_operation_is_under_way_at_the_first_departure_and_completed_at_the_end(
        officer, operation, flown_leg, traveller, family):
    _household, head, child = family
    later = add_leg(operation, officer, days=20)  # its passengers do not travel: cancelled
    one, = services.booking_create(actor=officer, legs=[flown_leg], people=[traveller])
    two, three = services.booking_create(actor=officer, legs=[flown_leg], people=[head, child])
    waiting, = services.booking_create(actor=officer, legs=[later], people=[traveller])
    _to(officer, one, "confirmed", "checked_in", "departed")
    operation.refresh_from_db()
    assert operation.status == "under_way"
    _to(officer, one, "arrived")
    _to(officer, two, "confirmed", "checked_in", "departed", "arrived")
    services.booking_transition(actor=officer, booking=three, to="no_show", reason="Ill",
                                expected_version=three.version)
    operation.refresh_from_db()
    assert operation.status == "under_way"  # someone still booked on the later leg
    services.booking_transition(actor=officer, booking=waiting, to="cancelled",
                                reason="Already home", expected_version=waiting.version)
    operation.refresh_from_db()
    assert operation.status == "completed"


def test_a_cancelled_operation_stays_cancelled(officer, operation, flown_leg, traveller):
    booking, = services.booking_create(actor=officer, legs=[flown_leg], people=[traveller])
    _to(officer, booking, "confirmed", "checked_in", "departed", "arrived")
    Operation.objects.filter(pk=operation.pk).update(status="cancelled")
    from corridor.movements.services.lifecycle import follow_legs

    operation.refresh_from_db()
    assert follow_legs(actor=officer, operation=operation).status == "cancelled"
    assert timezone.now() > flown_leg.arrival
