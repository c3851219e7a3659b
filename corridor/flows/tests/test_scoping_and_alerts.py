"""Office scope (others' points answer 404 on pages and API), surge alerts notified to the office."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from corridor.flows import services
from corridor.flows.models import SurgeAlert
from corridor.flows.services import point_create
from corridor.flows.tests.helpers import count_row, counts_csv


@pytest.fixture
def loaded(org, cast, points, analyst_b):
    """40 quiet days at both Jordanian points, a surge on the last day at JO-P1; Ukraine too."""
    rows = []
    for days_ago in range(40, 0, -1):
        rows.append(count_row("JO-P1", days_ago, count=500 if days_ago == 1 else 50 + days_ago % 3))
        rows.append(count_row("JO-P2", days_ago, count=30 + days_ago % 2))
    services.flows_import(actor=cast["data_analyst"], office=org.country_a, kind="counts",
                          data=counts_csv(rows), filename="jo.csv")
    ua = [count_row("UA-P1", d, nationality="UKR", origin="UA14", destination="UA46", count=70)
          for d in range(10, 0, -1)]
    services.flows_import(actor=analyst_b, office=org.country_b, kind="counts", data=counts_csv(ua),
                          filename="ua.csv")
    return points


def test_a_surge_creates_an_alert_for_the_point_office(loaded, cast, analyst_b, client_for):
    alerts = list(SurgeAlert.objects.values_list("point__code", "count"))
    assert alerts == [("JO-P1", 500)]
    client = client_for(cast["data_analyst"])
    page = client.get("/flows/").content.decode()
    assert "1 open alert" in page and "Point JO-P1" in page
    assert client.get("/api/v1/flows/alerts").json()["items"][0]["point_code"] == "JO-P1"
    # Ukraine's analyst is not notified of Jordan's surge.
    other = client_for(analyst_b)
    assert "open alert" not in other.get("/flows/").content.decode()
    assert other.get("/api/v1/flows/alerts").json()["count"] == 0
    alert = SurgeAlert.objects.get()
    assert other.post(f"/flows/alerts/{alert.pk}/acknowledge/").status_code == 404
    assert client.post(f"/flows/alerts/{alert.pk}/acknowledge/").status_code == 302
    alert.refresh_from_db()
    assert alert.acknowledged_by == cast["data_analyst"]


def test_other_offices_points_answer_404(loaded, cast, client_for):
    client = client_for(cast["data_analyst"])
    foreign = loaded["b1"]
    assert client.get(f"/flows/points/{foreign.pk}/").status_code == 404
    assert client.get(f"/flows/?point={foreign.pk}").status_code == 404
    assert client.get(f"/flows/od/?point={foreign.pk}").status_code == 404
    assert client.get(f"/flows/export/series.csv?point={foreign.pk}").status_code == 404
    assert client.get(f"/api/v1/flows/points/{foreign.pk}").status_code == 404
    assert client.get(f"/api/v1/flows/series?point_id={foreign.pk}").status_code == 404
    assert client.get("/api/v1/flows/displaced?country=UKR").status_code == 404
    own = client.get(f"/flows/points/{loaded['a1'].pk}/")
    assert own.status_code == 200 and "JO-P1" in own.content.decode()
    codes = {p["code"] for p in client.get("/api/v1/flows/points").json()["items"]}
    assert codes == {"JO-P1", "JO-P2"}
    # Totals leave out the other office's flows.
    rows = client.get("/api/v1/flows/breakdown?by=nationality&date_from=2000-01-01").json()
    assert "UKR" not in {r["value"] for r in rows}


def test_other_offices_imports_answer_404(loaded, cast, analyst_b, client_for):
    from corridor.flows.models import ImportBatch

    theirs = ImportBatch.objects.get(office__code="CB")
    assert client_for(cast["data_analyst"]).get(f"/flows/imports/{theirs.pk}/").status_code == 404
    assert client_for(cast["data_analyst"]).get(f"/api/v1/flows/imports/{theirs.pk}").status_code == 404
    assert client_for(analyst_b).get(f"/flows/imports/{theirs.pk}/").status_code == 200


def test_roles_without_flows_see_nothing(loaded, cast, client_for):
    worker = client_for(cast["case_worker"])
    assert worker.get("/flows/").status_code == 404
    assert worker.get("/api/v1/flows/od").status_code == 403


def test_the_regional_and_hq_analysts_see_below_them(loaded, cast, client_for):
    codes = {p["code"] for p in client_for(cast["hq_analyst"]).get("/api/v1/flows/points").json()["items"]}
    assert codes == {"JO-P1", "JO-P2", "UA-P1"}


def test_point_list_queries_do_not_grow_with_points(org, cast, points, gazetteer, client_for):
    client = client_for(cast["data_analyst"])
    client.get("/flows/points/")
    with CaptureQueriesContext(connection) as few:
        assert client.get("/flows/points/").status_code == 200
    for n in range(6):
        point_create(actor=None, office=org.country_a, code=f"JO-X{n}", name=f"X{n}", kind="transit_hub",
                     admin_area=gazetteer["JO11"])
    with CaptureQueriesContext(connection) as many:
        page = client.get("/flows/points/")
    assert "JO-X5" in page.content.decode()
    assert len(many) == len(few)


def test_events_api_is_idempotent_and_scoped(org, cast, gazetteer, analyst_b, client_for):
    from corridor.flows.models import DisplacementEvent

    client = client_for(cast["data_analyst"])
    # A recent event: events may not lie in the future, whatever day the suite runs.
    day = (timezone.localdate() - dt.timedelta(days=30)).isoformat()
    payload = {"office_id": org.country_a.pk, "admin_pcode": "JO22", "date": day,
               "kind": "flood", "individuals": 140, "households": 30}
    headers = {"HTTP_IDEMPOTENCY_KEY": "tablet-3-event-9"}
    first = client.post("/api/v1/flows/events", payload, content_type="application/json", **headers)
    again = client.post("/api/v1/flows/events", payload, content_type="application/json", **headers)
    assert first.status_code == again.status_code == 201 and first.json() == again.json()
    assert DisplacementEvent.objects.count() == 1
    assert client_for(analyst_b).get("/api/v1/flows/events").json()["count"] == 0
    refused = client.post("/api/v1/flows/events", {**payload, "office_id": org.country_b.pk},
                          content_type="application/json")
    assert refused.status_code == 404


def _country_scope_reads(queries: CaptureQueriesContext) -> int:
    """Queries reading the countries of the offices in scope (`policies.countries_visible_to`)."""
    return sum(q["sql"].startswith('SELECT "access_office"."country"') for q in queries.captured_queries)


@pytest.mark.parametrize("url", [
    "/flows/?country=JOR&admin_area=JO22",  # the filter form, then the area and country checks
    "/flows/export/displaced.csv?country=JOR&admin_area=JO22",
    "/api/v1/flows/displaced?country=JOR&admin_area=JO22",
])
def test_one_request_reads_the_countries_in_scope_once(loaded, cast, client_for, url):
    client = client_for(cast["data_analyst"])
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert _country_scope_reads(queries) == 1


def test_the_countries_in_scope_are_read_again_when_roles_change(org, cast):
    from corridor.access.roles import Role
    from corridor.access.services import membership_grant
    from corridor.flows.policies import countries_visible_to

    analyst = cast["data_analyst"]
    assert countries_visible_to(analyst) == {"JOR"}
    with CaptureQueriesContext(connection) as queries:
        assert countries_visible_to(analyst) == {"JOR"}
    assert len(queries) == 0  # cached on the user
    membership_grant(actor=None, user=analyst, office=org.country_b, role=Role.DATA_ANALYST)
    assert countries_visible_to(analyst) == {"JOR", "UKR"}
