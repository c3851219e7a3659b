"""The home page's work queue (issue 18, item 11): what waits for this user, counted, linked,
and marked new since the last visit; the header says when something new arrived. It names
nobody (counts only)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from corridor.cases import services as case_services
from corridor.cases.tests.conftest import make_project, move
from corridor.registry.tests.factories import PersonFactory
from corridor.tasks.models import BackgroundTask, TaskStatus

pytestmark = pytest.mark.django_db


def _queue(client) -> str:
    page = client.get("/home/").content.decode()
    return page[page.index('id="work-queue"'):page.index("</section>", page.index('id="work-queue"'))]


@pytest.fixture
def assessed_case(org, cast):
    worker = cast["case_worker"]
    person = PersonFactory(office=org.country_a, given_name="Amina", family_name="Diallo")
    case = case_services.case_open(actor=worker, project=make_project(org.country_a),
                                   kind="voluntary_return", person=person)
    return move(case, worker, "assessed")


def test_a_case_to_approve_waits_for_the_second_worker_not_the_assessor(
        org, cast, client_for, assessed_case):
    from conftest import make_user
    from corridor.access.roles import Role

    second = make_user("case_worker_a2", Role.CASE_WORKER, org.country_a)
    queue = _queue(client_for(second))
    assert "Cases waiting for approval" in queue and '<strong class="count">1</strong>' in queue
    assert "Diallo" not in queue and "DIALLO" not in queue  # counts, never names
    assert "Cases waiting for approval" not in _queue(client_for(cast["case_worker"]))
    assert "Cases waiting for approval" not in _queue(client_for(cast["outsider"]))


def test_a_failed_task_is_an_alert_for_whoever_started_it(cast, client_for):
    worker = cast["case_worker"]
    BackgroundTask.objects.create(kind="registry.import", requested_by=worker,
                                  status=TaskStatus.FAILED, finished_at=timezone.now())
    queue = _queue(client_for(worker))
    assert '<li class="alert"><a href="/tasks/">Background tasks failed</a>' in queue
    assert "Background tasks failed" not in _queue(client_for(cast["tracing_officer"]))


def test_the_header_says_what_is_new_until_the_home_page_is_seen(cast, client_for):
    worker = cast["case_worker"]
    client = client_for(worker)
    client.get("/home/")  # seen: nothing new since
    assert client.get("/home/waiting").json() == {"new": 0, "label": ""}
    BackgroundTask.objects.create(kind="registry.import", requested_by=worker,
                                  status=TaskStatus.SUCCEEDED, finished_at=timezone.now())
    session = client.session
    session.pop("workqueue_new", None)  # as after the recount interval
    session.save()
    assert client.get("/home/waiting").json() == {"new": 1, "label": "1 new in your work"}
    assert 'id="waiting-new"' in client.get("/cases/").content.decode()  # the notice's place
    home = client.get("/home/").content.decode()
    assert '<span class="new">new</span>' in home
    assert client.get("/home/waiting").json()["new"] == 0


def test_nothing_waiting_is_said_plainly(cast, client_for):
    assert "Nothing waits for you." in _queue(client_for(cast["finance_officer"]))


def test_surge_alerts_and_imports_to_review_wait_for_the_offices_analysts(org, cast, client_for):
    import datetime as dt

    from conftest import make_user
    from corridor.access.roles import Role
    from corridor.flows.models import ImportBatch, MonitoringPoint, SurgeAlert
    from corridor.geo.models import AdminArea

    analyst = cast["data_analyst"]
    area = AdminArea.objects.create(pcode="JO09", name="Irbid", level=1, country="JOR")
    point = MonitoringPoint.objects.create(office=org.country_a, code="JO-P9", name="Ramtha",
                                           kind="border_crossing", admin_area=area)
    SurgeAlert.objects.create(point=point, date=dt.date(2026, 1, 5), count=900, upper_bound=100)
    ImportBatch.objects.create(office=org.country_a, kind="counts", file_name="week.csv",
                               sha256="a" * 64, row_count=3, created_by=analyst)
    queue = _queue(client_for(analyst))
    assert '<li class="alert"><a href="/flows/alerts/">Surge alerts to acknowledge</a>' in queue
    assert "Flow imports to review" not in queue  # nobody reviews their own upload
    second = make_user("analyst_a2", Role.DATA_ANALYST, org.country_a)
    assert "Flow imports to review" in _queue(client_for(second))
    outsider = make_user("analyst_b", Role.DATA_ANALYST, org.country_b)
    assert "Surge alerts" not in _queue(client_for(outsider))
    SurgeAlert.objects.update(acknowledged_at=timezone.now(), acknowledged_by=analyst)
    assert "Surge alerts" not in _queue(client_for(analyst))
