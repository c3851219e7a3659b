"""Bookings of people on legs: every pre-departure check, households together, no overbooking.

Legs are locked (`select_for_update`) before seats are counted, so two officers booking the last
seat at once book it once: the second waits for the first to commit, then counts again.
"""

from __future__ import annotations

from collections import defaultdict

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from corridor.cases import selectors as case_selectors
from corridor.cases.models import Case, CaseState
from corridor.core.audit import audit_record
from corridor.core.errors import NotFound, PermissionDenied, ValidationFailed
from corridor.core.models import AuditAction
from corridor.core.versioning import versioned_update
from corridor.movements import checks, itinerary
from corridor.movements.models import HOLDING_STATES, Booking, BookingState, Leg
from corridor.movements.services import lifecycle
from corridor.movements.services._common import check, check_open, event_add, refuse
from corridor.movements.services.handover import hand_over
from corridor.movements.services.operations import leg_counts
from corridor.registry import policies as registry_policies
from corridor.registry.models import Person

S = BookingState
# Which state may follow which; the ones in NEEDS_REASON need a reason.
TRANSITIONS: dict[str, set[str]] = {
    S.PROPOSED: {S.BOOKED, S.CANCELLED},
    S.BOOKED: {S.CONFIRMED, S.CANCELLED, S.NO_SHOW},
    S.CONFIRMED: {S.CHECKED_IN, S.CANCELLED, S.NO_SHOW},
    S.CHECKED_IN: {S.DEPARTED, S.NO_SHOW, S.CANCELLED},
    S.DEPARTED: {S.ARRIVED},
}
NEEDS_REASON = {S.CANCELLED, S.NO_SHOW}


def label(person: Person) -> str:
    return f"{person.given_name} {person.family_name.upper()} (#{person.pk})".replace("  ", " ")


def _cases_of(actor, people: list[Person], project_id: int) -> dict[int, Case]:
    """Each person's active case (approved or in assistance), the operation's project first."""
    household_ids = {p.household_id for p in people if p.household_id}
    try:
        # A case is a person's or a household's; a person's case covers their household too
        # (cases.services.beneficiaries), as the planner's candidates do.
        cases = case_selectors.case_list(user=actor).filter(
            Q(person__in=people) | Q(household_id__in=household_ids)
            | Q(person__household_id__in=household_ids),
            state__in=[CaseState.APPROVED, CaseState.IN_ASSISTANCE]).select_related("person")
    except PermissionDenied:  # no cases.view: the bookings simply carry no case
        return {}
    found: dict[int, Case] = {}
    for case in sorted(cases, key=lambda c: c.project_id != project_id):
        for person in people:
            if person.pk in found:
                continue
            household_id = case.household_id or (case.person.household_id if case.person_id
                                                 else None)
            if case.person_id == person.pk or (household_id and
                                               household_id == person.household_id):
                found[person.pk] = case
    return found


def _people_in_scope(actor, people: list[Person]) -> list[Person]:
    ids = {p.pk for p in people}
    visible = list(registry_policies.visible_to(actor).filter(pk__in=ids)
                   .select_related("household"))
    if len(visible) != len(ids):
        raise NotFound("No such person")
    return sorted(visible, key=lambda p: p.pk)


def _household_problems(people: list[Person], legs: list[Leg], reason: str) -> list[dict]:
    """Members of a household travel together, unless the officer gives a reason."""
    asked = {p.pk for p in people}
    household_ids = {p.household_id for p in people if p.household_id}
    if not household_ids or reason:
        return []
    members: dict[int, list[Person]] = defaultdict(list)
    for member in Person.objects.filter(household_id__in=household_ids).select_related("household"):
        members[member.household_id].append(member)
    problems = []
    for leg in legs:
        holding = set(leg.bookings.filter(state__in=HOLDING_STATES, person__household_id__in=
                                          household_ids).values_list("person_id", flat=True))
        for _household, household_members in sorted(members.items()):
            missing = [m for m in household_members if m.pk not in asked | holding]
            if missing:
                names = ", ".join(label(m) for m in missing)
                problems.append({
                    "where": household_members[0].household.reference, "field": "household",
                    "message": _("A household travels together: also book %(names)s on "
                                 "%(leg)s, or give a reason to book them apart.")
                    % {"names": names, "leg": leg}})
    return problems


def _connection_problems(people: list[Person], legs: list[Leg], override: int | None) -> list:
    held = defaultdict(list)
    for booking in Booking.objects.filter(
            person__in=people, leg__operation_id=legs[0].operation_id,
            state__in=HOLDING_STATES).select_related("leg"):
        held[booking.person_id].append(booking.leg)
    problems = []
    for person in people:
        trip = {leg.pk: leg for leg in [*held[person.pk], *legs]}.values()
        for message in itinerary.connection_problems(trip, override):
            problems.append({"where": label(person), "field": "connection", "message": message})
    return problems


def _capacity_problems(leg: Leg, people: list[Person], needs: dict[int, dict]) -> list[dict]:
    taken = leg_counts(leg)
    problems = []
    asked = len(people)
    if taken["seats"] + asked > leg.seats:
        problems.append({"where": str(leg), "field": "seats",
                         "message": _("Overbooking refused: %(left)s of %(seats)s seats left, "
                                      "%(asked)s asked.")
                         % {"left": max(0, leg.seats - taken["seats"]), "seats": leg.seats,
                            "asked": asked}})
    left_messages = {
        "wheelchair": _("%(left)s wheelchair places left, %(wanted)s needed."),
        "stretcher": _("%(left)s stretcher places left, %(wanted)s needed."),
    }
    for need, field, places in (("wheelchair", "wheelchair_places", leg.wheelchair_places),
                                ("stretcher", "stretcher_places", leg.stretcher_places)):
        wanted = sum(1 for p in people if needs[p.pk][need])
        used = taken[f"{need}s"]
        if wanted and used + wanted > places:
            problems.append({"where": str(leg), "field": field,
                             "message": left_messages[need] % {"left": max(0, places - used),
                                                               "wanted": wanted}})
    return problems


@transaction.atomic
def booking_create(*, actor, legs: list[Leg], people: list[Person],
                   household_split_reason: str = "", state: str = S.BOOKED,
                   where: dict[int, str] | None = None) -> list[Booking]:
    """Book every person on every leg (all of one operation), or nobody; each refusal names its
    check. `where` may name each person's source (an evacuation list's row) in the problems."""
    if not legs or not people:
        refuse("people", "Choose at least one person and one leg.")
    operation = legs[0].operation
    check(actor, operation)
    check_open(operation)
    if any(leg.operation_id != operation.pk for leg in legs):
        refuse("legs", "All legs must belong to the same operation.")
    people = _people_in_scope(actor, people)
    # Lock the legs (in a fixed order) before counting their seats.
    legs = list(Leg.objects.select_for_update().filter(pk__in={leg.pk for leg in legs})
                .select_related("operation").order_by("pk"))
    reason = (household_split_reason or "").strip()
    where = where or {}
    facts = checks.facts_for(p.pk for p in people)
    problems: list[dict] = []
    needs: dict[int, dict] = {}
    for person in people:
        person_facts = facts[person.pk]
        needs[person.pk] = {"wheelchair": False, "stretcher": False, "oxygen": False,
                            "medical_escort": False}
        for leg in legs:
            for failed in checks.problems_for(person_facts, leg):
                problems.append({"where": where.get(person.pk, label(person)),
                                 "field": failed.check, "message": failed.text()})
            clearance = checks.clearance(person_facts, leg.departure_local.date())
            if clearance is not None:
                for need in needs[person.pk]:
                    needs[person.pk][need] |= getattr(clearance, need)
    already = Booking.objects.filter(leg__in=legs, person__in=people, state__in=HOLDING_STATES)
    for booking in already.select_related("person", "leg"):
        problems.append({"where": where.get(booking.person_id, label(booking.person)),
                         "field": "person",
                         "message": _("already booked on %(leg)s") % {"leg": booking.leg}})
    problems += _household_problems(people, legs, reason)
    problems += _connection_problems(people, legs, operation.min_connection_minutes)
    for leg in legs:
        problems += _capacity_problems(leg, people, needs)
    if problems:
        raise ValidationFailed(problems)
    cases = _cases_of(actor, people, operation.project_id)
    households_split = {p.household_id for p in people if p.household_id} if reason else set()
    created = []
    for leg in legs:
        for person in people:
            booking = Booking.objects.create(
                leg=leg, person=person, case=cases.get(person.pk), state=S.PROPOSED,
                fare=leg.fare, household_split_reason=reason if person.household_id else "",
                **needs[person.pk])
            event_add(booking=booking, actor=actor, to_state=S.PROPOSED)
            if state != S.PROPOSED:
                booking.state = state
                booking.save(update_fields=["state"])
                event_add(booking=booking, actor=actor, from_state=S.PROPOSED, to_state=state)
            audit_record(actor=actor, action=AuditAction.CREATE, obj=booking,
                         office_id=operation.office_id,
                         summary=f"{operation.reference}: {leg} ({state})")
            created.append(booking)
    for household_id in sorted(households_split):
        # The override is an officer's decision: recorded apart so the trail shows it plainly.
        audit_record(actor=actor, action=AuditAction.UPDATE, object_type="registry.household",
                     object_id=household_id, office_id=operation.office_id,
                     summary=f"Household booked apart on {operation.reference}: {reason}"[:255],
                     changes={"household_split_reason": reason})
    return created


@transaction.atomic
def booking_transition(*, actor, booking: Booking, to: str, expected_version: int,
                       reason: str = "") -> Booking:
    leg = Leg.objects.select_for_update().select_related("operation").get(pk=booking.leg_id)
    check(actor, leg.operation)
    from_state = booking.state
    if to not in S.values:
        refuse("to", f"unknown state {to!r}")
    if to not in TRANSITIONS.get(from_state, set()):
        allowed = ", ".join(sorted(TRANSITIONS.get(from_state, set()))) or "none"
        refuse("to", f"A booking cannot go from {from_state} to {to} (allowed: {allowed}).")
    reason = (reason or "").strip()
    if to in NEEDS_REASON and not reason:
        refuse("reason", "Say why.")
    lifecycle.check_not_early(leg, to)
    if to == S.BOOKED:  # a proposal becomes a booking only through the same checks
        facts = checks.facts_for([booking.person_id])[booking.person_id]
        problems = checks.problems_for(facts, leg)
        if problems:
            raise ValidationFailed([{"where": label(booking.person), "field": failed.check,
                                     "message": failed.text()} for failed in problems])
    booking = versioned_update(booking, expected_version=expected_version, changes={"state": to})
    event_add(booking=booking, actor=actor, from_state=from_state, to_state=to, reason=reason)
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=booking,
                 office_id=leg.operation.office_id, summary=f"{from_state} → {to}",
                 changes={"state": [from_state, to]})
    if to == S.ARRIVED:
        note = hand_over(actor=actor, booking=booking)
        Booking.objects.filter(pk=booking.pk).update(handover_note=note[:255])
        booking.handover_note = note[:255]
    if to in (S.DEPARTED, S.ARRIVED, S.NO_SHOW, S.CANCELLED):
        lifecycle.follow_legs(actor=actor, operation=leg.operation)
    return booking


# What an officer records for a whole leg at once: the state moved to, from the one before it.
LEG_MOVES: dict[str, str] = {
    S.CONFIRMED: S.BOOKED, S.CHECKED_IN: S.CONFIRMED, S.DEPARTED: S.CHECKED_IN,
    S.ARRIVED: S.DEPARTED,
}


@transaction.atomic
def leg_move(*, actor, leg: Leg, to: str, reason: str = "") -> list[Booking]:
    """Move every booking of `leg` that stands in the state before `to` (all booked ones
    confirmed, all departed ones arrived...), each through `booking_transition`: the same checks,
    timeline, audit and, on arrival, hand-over. All or nothing."""
    check(actor, leg.operation)
    if to not in LEG_MOVES:
        refuse("to", f"A whole leg moves only to: {', '.join(LEG_MOVES)}.")
    bookings = list(leg.bookings.filter(state=LEG_MOVES[to]).select_related("person", "leg")
                    .order_by("pk"))
    if not bookings:
        refuse("to", f"No booking on {leg} is {S(LEG_MOVES[to]).label.lower()}.")
    return [booking_transition(actor=actor, booking=booking, to=to,
                               expected_version=booking.version, reason=reason)
            for booking in bookings]
