from __future__ import annotations

import threading

import pytest
from django.db import connection

from corridor.core.errors import ValidationFailed
from corridor.movements import services
from corridor.movements.tests.conftest import add_leg, in_days, make_ready
from corridor.registry.tests.factories import PersonFactory


def test_api_books_and_refuses_with_named_check(client_for, officer, leg, traveller, org):
    client = client_for(officer)
    url = f"/api/v1/movements/legs/{leg.pk}/bookings"
    response = client.post(url, {"person_ids": [traveller.pk]}, content_type="application/json",
                           headers={"Idempotency-Key": "k1"})
    assert response.status_code == 201, response.content
    replay = client.post(url, {"person_ids": [traveller.pk]}, content_type="application/json",
                         headers={"Idempotency-Key": "k1"})
    assert replay.status_code == 201 and leg.bookings.count() == 1
    unready = PersonFactory(office=org.country_a)
    response = client.post(url, {"person_ids": [unready.pk]}, content_type="application/json")
    assert response.status_code == 422
    assert {p["field"] for p in response.json()["problems"]} == {
        "travel_document", "fitness_to_travel", "consent"}


def test_api_scope_and_permissions(client_for, cast, officer, leg, operation):
    assert client_for(cast["outsider"]).get(
        f"/api/v1/movements/operations/{operation.pk}").status_code == 403  # no movements.view
    from conftest import make_user
    from corridor.access.roles import Role

    other = make_user("movement_b", Role.MOVEMENT_OFFICER, cast["outsider"].memberships.get()
                      .office)
    client = client_for(other)
    assert client.get(f"/api/v1/movements/operations/{operation.pk}").status_code == 404
    assert client.get(f"/api/v1/movements/legs/{leg.pk}/manifest.csv").status_code == 404
    assert client.get("/api/v1/movements/operations").json()["count"] == 0


def test_api_create_operation_and_leg_with_local_times(client_for, officer, org, project):
    client = client_for(officer)
    response = client.post("/api/v1/movements/operations", {
        "office_id": org.country_a.pk, "project_id": project.pk, "kind": "evacuation",
        "title": "Evacuation"}, content_type="application/json")
    assert response.status_code == 201
    departure = in_days(7, 23, 30)
    response = client.post(f"/api/v1/movements/operations/{response.json()['id']}/legs", {
        "carrier": "Turkish Airlines", "number": "TK813", "origin": "AMM", "destination": "IST",
        "departure": departure.isoformat(), "departure_zone": "Asia/Amman",
        "arrival": in_days(8, 2, 0).isoformat(), "arrival_zone": "Europe/Istanbul",
        "seats": 150, "fare": "420.50"}, content_type="application/json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["departure_local"].startswith(departure.isoformat()[:16])
    assert body["fare"] == "420.50"


@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="needs committed data seen by two connections; the SQLite test database "
                           "is in memory and its flush is refused by the append-only audit trigger")
@pytest.mark.django_db(transaction=True)
def test_two_officers_booking_the_last_seat_book_it_once(cast, org):
    """Two threads, two connections, one seat: the row lock on the leg makes the second wait,
    count again and be refused. Runs on PostgreSQL (`make test-postgres`)."""
    from corridor.cases.tests.conftest import make_project

    officer = cast["movement_officer"]
    project = make_project(org.country_a)
    operation = services.operation_create(actor=officer, office=org.country_a, project=project,
                                          kind="transfer", title="last seat")
    leg = add_leg(operation, officer, seats=1)
    people = [make_ready(PersonFactory(office=org.country_a)) for _ in range(2)]
    outcomes: list[str] = []
    barrier = threading.Barrier(2)

    def book(person):
        try:
            barrier.wait(timeout=10)
            services.booking_create(actor=officer, legs=[leg], people=[person])
            outcomes.append("booked")
        except ValidationFailed as exc:
            outcomes.append(exc.problems[0]["field"])
        except Exception as exc:  # a lock timeout counts as a refusal
            outcomes.append(type(exc).__name__)
        finally:
            connection.close()  # this thread's own connection

    threads = [threading.Thread(target=book, args=(p,)) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["booked", "seats"], outcomes
    assert leg.bookings.count() == 1


def test_second_booking_of_the_last_seat_is_refused(officer, operation, org):
    """The same race played in turn (what the lock reduces it to): the second is refused."""
    leg = add_leg(operation, officer, seats=1)
    first, second = (make_ready(PersonFactory(office=org.country_a)) for _ in range(2))
    services.booking_create(actor=officer, legs=[leg], people=[first])
    with pytest.raises(ValidationFailed) as exc:
        services.booking_create(actor=officer, legs=[leg], people=[second])
    assert exc.value.problems[0]["field"] == "seats"


def test_api_escort_staff_must_work_in_the_operations_office_tree(client_for, cast, officer,
                                                                   leg, org):
    from conftest import make_user
    from corridor.access.roles import Role

    url = f"/api/v1/movements/legs/{leg.pk}/escorts"
    client = client_for(officer)
    # Another country's staff (and a made-up id) are refused the same way: nothing leaks.
    for user_id in (cast["outsider"].pk, 10**9):
        response = client.post(url, {"kind": "operational", "user_id": user_id},
                               content_type="application/json")
        assert response.status_code == 422, response.content
        assert [p["field"] for p in response.json()["problems"]] == ["user_id"]
    assert not leg.escorts.exists()
    # Staff of a sub-office below the operation's office may escort.
    nurse = make_user("nurse_sa", Role.MOVEMENT_OFFICER, org.sub_a)
    response = client.post(url, {"kind": "medical", "user_id": nurse.pk},
                           content_type="application/json")
    assert response.status_code == 201, response.content
    assert leg.escorts.get().user == nurse


def test_api_patch_operation_and_leg_with_versions(client_for, officer, operation, leg, org):
    client = client_for(officer)
    url = f"/api/v1/movements/operations/{operation.pk}"
    response = client.patch(url, {"version": operation.version, "status": "under_way"},
                            content_type="application/json")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "under_way"
    stale = client.patch(url, {"version": operation.version, "title": "Other"},
                         content_type="application/json")
    assert stale.status_code == 409 and stale.json()["current_version"] == operation.version + 1

    people = [make_ready(PersonFactory(office=org.country_a)) for _ in range(2)]
    services.booking_create(actor=officer, legs=[leg], people=people)
    url = f"/api/v1/movements/legs/{leg.pk}"
    refused = client.patch(url, {"version": leg.version, "seats": 1},
                           content_type="application/json")
    assert refused.status_code == 422
    [problem] = refused.json()["problems"]
    assert problem["field"] == "seats" and "2 already taken" in problem["message"]
    # The arrival zone was wrong, not the hour: the wall-clock time stays as typed.
    local = leg.arrival_local.strftime("%H:%M")
    response = client.patch(url, {"version": leg.version, "arrival_zone": "Asia/Kabul",
                                  "carrier": " Pegasus "}, content_type="application/json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["carrier"] == "Pegasus" and body["arrival_zone"] == "Asia/Kabul"
    assert body["arrival_local"][11:16] == local
    assert client.patch(url, {"version": body["version"], "seats": None},
                        content_type="application/json").status_code == 422
