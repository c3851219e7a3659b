"""The planner in the app: candidates of an operation in, a proposal out, bookings on accept.

Candidates are the people of approved cases in the operation's office (and below) who are not
yet booked on it. Each itinerary of the operation (a chain of connecting legs) is one planner
`Transport`, its capacity the smallest left on any of its legs. Travellers failing a
pre-departure check are left out of the problem, with their reasons, so every proposed booking
is one that `booking_create` accepts.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

import engines.planner as planner
from corridor.cases import selectors as case_selectors
from corridor.cases.models import CaseState
from corridor.cases.services import beneficiaries
from corridor.core.audit import audit_record
from corridor.core.models import AuditAction
from corridor.movements import checks, itinerary
from corridor.movements.models import HOLDING_STATES, Booking, Leg, Operation, Proposal
from corridor.movements.services._common import check, check_open, refuse
from corridor.movements.services.bookings import booking_create
from corridor.movements.services.operations import leg_counts
from corridor.registry import policies as registry_policies
from corridor.registry.models import Person, Vulnerability

# How much each vulnerability adds to a traveller's priority (1, plus these, at most 5).
VULNERABILITY_WEIGHT = {
    Vulnerability.SERIOUS_MEDICAL: 2, Vulnerability.UNACCOMPANIED_CHILD: 2,
    Vulnerability.SURVIVOR_OF_VIOLENCE: 2, Vulnerability.TRAFFICKING_RISK: 2,
}


def priority(person: Person) -> int:
    return min(5, 1 + sum(VULNERABILITY_WEIGHT.get(v, 1) for v in person.vulnerabilities or []))


def candidates(*, actor, operation: Operation) -> list[Person]:
    """People of approved cases in the operation's office subtree, in scope, not yet booked."""
    cases = case_selectors.case_list(user=actor, state=CaseState.APPROVED).filter(
        office__path__startswith=operation.office.path).select_related("person")
    people: dict[int, Person] = {}
    for case in cases:
        for person in beneficiaries(case):
            people[person.pk] = person
    booked = set(Booking.objects.filter(leg__operation=operation, state__in=HOLDING_STATES)
                 .values_list("person_id", flat=True))
    visible = set(registry_policies.visible_to(actor).filter(pk__in=people)
                  .values_list("pk", flat=True))
    return [p for pk, p in sorted(people.items()) if pk in visible and pk not in booked]


def _transport(index: int, chain: list[Leg]) -> planner.Transport:
    free = []
    for leg in chain:
        taken = leg_counts(leg)
        free.append((leg.seats - taken["seats"], leg.wheelchair_places - taken["wheelchairs"],
                     leg.escort_seats - taken["escorts"]))
    return planner.Transport(
        id=f"I{index}", origin=chain[0].origin, destination=chain[-1].destination,
        departure=chain[0].departure_local.date(), seats=max(0, min(f[0] for f in free)),
        wheelchair_places=max(0, min(f[1] for f in free)),
        escort_places=max(0, min(f[2] for f in free)))


@transaction.atomic
def proposal_create(*, actor, operation: Operation, method: str = "cpsat",
                    time_limit: float = 10.0) -> Proposal:
    check(actor, operation)
    check_open(operation)
    legs = list(operation.legs.all())
    chains = itineraries = itinerary.itineraries(legs)
    if not chains:
        refuse("legs", "Add legs to the operation before asking for a proposal.")
    origin, destination = chains[0][0].origin, chains[0][-1].destination
    chains = [c for c in itineraries if c[0].origin == origin and c[-1].destination == destination]
    people = candidates(actor=actor, operation=operation)
    facts = checks.facts_for(p.pk for p in people)
    travellers, excluded = [], {}
    today = timezone.localdate()
    for person in people:
        # Checked against the first itinerary: documents and clearances rarely end between two.
        # Stored as codes, worded when shown (in the reader's language, not the planner's).
        failed = {(f.check, f.code, tuple(sorted(f.params.items()))): f for leg in chains[0]
                  for f in checks.problems_for(facts[person.pk], leg)}
        if failed:
            excluded[str(person.pk)] = [failed[key].as_data() for key in sorted(failed)]
            continue
        clearance = checks.clearance(facts[person.pk], chains[0][0].departure_local.date())
        travellers.append(planner.Traveller(
            id=str(person.pk), household=f"H{person.household_id}" if person.household_id
            else f"P{person.pk}", priority=priority(person), origin=origin,
            destination=destination, ready=min(today, chains[0][0].departure_local.date()),
            wheelchair=bool(clearance and clearance.wheelchair),
            needs_escort=bool(clearance and clearance.medical_escort)))
    transports = tuple(_transport(i, chain) for i, chain in enumerate(chains))
    result = planner.plan(planner.Problem(travellers=tuple(travellers), transports=transports),
                          method=method, time_limit=time_limit)
    legs_of = {f"I{i}": [leg.pk for leg in chain] for i, chain in enumerate(chains)}
    proposal = Proposal.objects.create(
        operation=operation, created_by=actor,
        assignments={person: legs_of[transport]
                     for person, transport in sorted(result.assignments.items())},
        priority_total=result.priority_total, upper_bound=result.upper_bound,
        waiting_days=result.waiting_days, excluded=excluded)
    audit_record(actor=actor, action=AuditAction.CREATE, obj=proposal,
                 office_id=operation.office_id,
                 summary=f"{operation.reference}: {len(result.assignments)} travellers proposed")
    return proposal


@transaction.atomic
def proposal_accept(*, actor, proposal: Proposal, person_ids: list[int] | None = None,
                    household_split_reason: str = "") -> list[Booking]:
    """Book the proposed travellers the officer kept (all by default), through the same checks."""
    proposal = Proposal.objects.select_for_update().select_related("operation").get(pk=proposal.pk)
    check(actor, proposal.operation)
    if proposal.accepted_at is not None:
        refuse("proposal", "This proposal was already accepted.")
    kept = {str(pk) for pk in person_ids} if person_ids is not None else set(proposal.assignments)
    unknown = kept - set(proposal.assignments)
    if unknown:
        refuse("person_ids", f"not in the proposal: {', '.join(sorted(unknown))}")
    by_chain: dict[tuple[int, ...], list[int]] = {}
    for person_id in sorted(kept, key=int):
        by_chain.setdefault(tuple(proposal.assignments[person_id]), []).append(int(person_id))
    created = []
    for leg_ids, ids in by_chain.items():
        legs = list(Leg.objects.filter(pk__in=leg_ids, operation=proposal.operation))
        people = list(Person.objects.filter(pk__in=ids))
        created += booking_create(actor=actor, legs=legs, people=people,
                                  household_split_reason=household_split_reason)
    proposal.accepted_at = timezone.now()
    proposal.save(update_fields=["accepted_at"])
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=proposal,
                 office_id=proposal.operation.office_id,
                 summary=f"accepted: {len(created)} bookings")
    return created
