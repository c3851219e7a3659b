"""From a ready reunification plan to a movement booking, through the movements services; and
the candidate's explanation stored at search time."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from conftest import enrolled, make_user
from corridor.access import services as access_services
from corridor.access.models import Membership
from corridor.access.roles import Role
from corridor.cases.tests.conftest import make_project
from corridor.core.errors import NotFound, PermissionDenied, ValidationFailed
from corridor.movements import services as movement_services
from corridor.movements.models import Booking, BookingState
from corridor.movements.tests.conftest import add_leg, make_ready
from corridor.tracing import plan_booking, services
from corridor.tracing.models import Candidate, PlanStatus, StepKind
from corridor.tracing.tests.conftest import file_request, propose, register


@pytest.fixture
def booker(org):
    """A tracing officer who also holds movement rights in country_a."""
    user = make_user("tracing_and_movements", Role.TRACING_OFFICER, org.country_a)
    Membership.objects.create(user=user, office=org.country_a, role=Role.MOVEMENT_OFFICER)
    return user


def ready_plan(org, actor):
    request = file_request(actor, org.country_a, birth_year=1990)
    son = make_ready(register(org.country_a, "Muhamad", "Alhasan", born=dt.date(1990, 4, 3)))
    candidate = propose(request, son)
    candidate = services.candidate_decide(actor=actor, candidate=candidate, expected_version=1,
                                          confirm=True, reason="documents match")
    plan = services.plan_create(actor=actor, candidate=candidate, movement_origin="AMM",
                                movement_destination="IST")
    for kind in (StepKind.VERIFICATION, StepKind.AGREEMENT_ENQUIRER, StepKind.AGREEMENT_SOUGHT):
        services.plan_step_record(actor=actor, plan=plan, kind=kind,
                                  done_on=dt.date.today(), done_by="Huda Jaber")
    plan.refresh_from_db()
    return services.plan_update(actor=actor, plan=plan, expected_version=plan.version,
                                changes={"status": PlanStatus.READY})


def reunion_leg(org, actor, kind="family_reunion"):
    operation = movement_services.operation_create(
        actor=actor, office=org.country_a, project=make_project(org.country_a, code=f"P-{kind}"),
        kind=kind, title="Reunion Amman to Istanbul")
    return add_leg(operation, actor)


def test_a_ready_plan_books_the_person_found_on_a_family_reunion_leg(org, booker):
    plan = ready_plan(org, booker)
    leg = reunion_leg(org, booker)
    plan = plan_booking.plan_book(actor=booker, plan=plan, expected_version=plan.version, leg=leg)
    booking = Booking.objects.get(leg=leg)
    assert plan.booking_id == booking.pk and booking.person_id == plan.candidate.person_id
    assert booking.state == BookingState.BOOKED
    assert plan.movement_reference == f"{leg.operation.reference}/{booking.pk}"
    with pytest.raises(ValidationFailed, match="already has a booking"):
        plan_booking.plan_book(actor=booker, plan=plan, expected_version=plan.version, leg=leg)


def test_the_booking_needs_a_ready_plan_a_reunion_leg_and_movement_rights(org, cast, booker):
    plan = ready_plan(org, booker)
    other_leg = reunion_leg(org, booker, kind="voluntary_return")
    with pytest.raises(ValidationFailed, match="family-reunion"):
        plan_booking.plan_book(actor=booker, plan=plan, expected_version=plan.version,
                               leg=other_leg)
    leg = reunion_leg(org, booker)
    # A tracing officer without movement rights: the movements services refuse the booking.
    with pytest.raises(NotFound):
        plan_booking.plan_book(actor=cast["tracing_officer"], plan=plan,
                               expected_version=plan.version, leg=leg)
    # The movement checks apply: a person not ready to travel is refused by movements.
    unready = ready_plan(org, booker)
    unready.candidate.person.documents.all().delete()
    with pytest.raises(ValidationFailed):
        plan_booking.plan_book(actor=booker, plan=unready, expected_version=unready.version,
                               leg=leg)
    assert not Booking.objects.filter(leg=leg).exists()
    draft = services.plan_update(actor=booker, plan=plan, expected_version=plan.version,
                                 changes={"status": PlanStatus.IN_PROGRESS})
    with pytest.raises(ValidationFailed, match="ready for movement"):
        plan_booking.plan_book(actor=booker, plan=draft, expected_version=draft.version, leg=leg)


def test_an_existing_booking_is_linked_from_the_page(org, booker, client_for):
    plan = ready_plan(org, booker)
    leg = reunion_leg(org, booker)
    booking = movement_services.booking_create(actor=booker, legs=[leg],
                                               people=[plan.candidate.person])[0]
    client = client_for(booker)
    page = client.get(f"/tracing/plans/{plan.pk}/").content.decode()
    assert "Book the movement" in page and leg.operation.reference in page
    response = client.post(f"/tracing/plans/{plan.pk}/book/",
                           {"version": plan.version, "booking": booking.pk})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.booking_id == booking.pk
    assert leg.operation.reference in client.get(f"/tracing/plans/{plan.pk}/").content.decode()


def test_the_search_stores_each_candidates_explanation_for_the_review(org, officer, filler,
                                                                      client_for):
    request = file_request(officer, org.country_a)
    register(org.country_a, "Muhamad", "Alhasan", born=dt.date(1990, 4, 3))
    assert services.request_search(actor=officer, request=request) > 0
    candidate = Candidate.objects.filter(sought__request=request).order_by("rank").first()
    fields = {f["field"]: f for f in candidate.explanation["fields"]}
    assert fields["given_name"]["category"] in ("match", "near")
    # The review page shows what was stored (altered here to prove it is not scored again).
    # A matching name made strong evidence against: only the stored explanation says so.
    candidate.explanation["fields"][0]["weight"] = -12.34
    Candidate.objects.filter(pk=candidate.pk).update(explanation=candidate.explanation)
    response = client_for(officer).get(f"/tracing/candidates/{candidate.pk}/")
    assert response.context["comparison"].rows[0].weight == -12.34
    row = response.content.decode().split("<tbody>", 1)[1].split("</tr>", 1)[0]
    assert "strong evidence against" in row


def test_the_api_books_a_ready_plan_and_needs_movement_rights(org, cast, booker, client_for):
    plan = ready_plan(org, booker)
    leg = reunion_leg(org, booker)
    refused = client_for(cast["tracing_officer"]).post(
        f"/api/v1/tracing/plans/{plan.pk}/booking", {"version": plan.version, "leg_id": leg.pk},
        content_type="application/json")
    assert refused.status_code == 403
    booked = client_for(booker).post(
        f"/api/v1/tracing/plans/{plan.pk}/booking", {"version": plan.version, "leg_id": leg.pk},
        content_type="application/json")
    assert booked.status_code == 200, booked.content
    assert booked.json()["booking_id"] == Booking.objects.get(leg=leg).pk
    stale = client_for(booker).post(
        f"/api/v1/tracing/plans/{plan.pk}/booking", {"version": plan.version, "leg_id": leg.pk},
        content_type="application/json")
    assert stale.status_code == 409


def test_booking_a_plan_needs_tracing_edit_not_only_view(org, booker, client_for):
    """A token that may read tracing (and write movements) cannot book: booking changes the
    plan, which needs tracing.edit."""
    plan = ready_plan(org, booker)
    leg = reunion_leg(org, booker)
    _token, secret = access_services.token_create(actor=enrolled(booker), name="reader",
                                                  scopes=["tracing:read", "registry:read",
                                                          "movements:write"])
    refused = Client(HTTP_AUTHORIZATION=f"Bearer {secret}").post(
        f"/api/v1/tracing/plans/{plan.pk}/booking", {"version": plan.version, "leg_id": leg.pk},
        content_type="application/json")
    assert refused.status_code == 403
    # The service refuses it too (the token's scopes, as the API's authentication marks them).
    booker.token_scopes = ["tracing:read", "registry:read", "movements:write"]
    with pytest.raises(PermissionDenied):
        plan_booking.plan_book(actor=booker, plan=plan, expected_version=plan.version, leg=leg)
    assert not Booking.objects.filter(leg=leg).exists()
    plan.refresh_from_db()
    assert plan.booking_id is None
