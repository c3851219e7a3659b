"""Imports as background tasks through the API: 202 with the task's address, polled until it ends;
the same file started twice runs once; a refusal is the task's outcome, its report the
requester's alone."""

from __future__ import annotations

from corridor.registry.imports.tests.conftest import fixture_bytes, run_tasks, upload
from corridor.registry.models import Household, Person
from corridor.tasks.models import BackgroundTask
from corridor.tasks.runner import UNEXPECTED

URL = "/api/v1/people/import/tasks"


def _start(client, org, data=None, **extra):
    return client.post(URL, {"file": upload("people.csv", data or fixture_bytes("people.csv")),
                             "office_id": org.country_a.pk, **extra}, **{
        k: v for k, v in extra.items() if k.startswith("HTTP_")})


def test_an_import_task_answers_202_and_is_polled_until_it_ends(org, cast, client_for, areas,
                                                                 media):
    client = client_for(cast["case_worker"])
    started = _start(client, org)
    assert started.status_code == 202, started.content
    task = started.json()
    assert task["status"] == "queued" and not task["finished"]
    assert task["url"] == f"/api/v1/tasks/{task['id']}" and task["page"] == f"/tasks/{task['id']}/"
    assert Person.objects.count() == 0  # nothing is done in the request
    # The same file, options and office again: the same task, not a second import.
    assert _start(client, org).json()["id"] == task["id"]
    run_tasks()
    polled = client.get(task["url"]).json()
    assert polled["status"] == "succeeded" and polled["finished"] and polled["percent"] == 100
    assert polled["result"]["people"] == 5 and polled["result"]["households"] == 2
    assert polled["rows_checked"] == 5 and polled["rows_written"] == 5
    assert Person.objects.count() == 5 and Household.objects.count() == 2
    report = client.get(f"{URL}/{task['id']}/report").json()
    assert report["status"] == "imported" and report["batch_id"] == polled["result"]["batch_id"]
    # Only its requester sees the task and its report.
    other = client_for(cast["regional_case_worker"])
    assert other.get(task["url"]).status_code == 404
    assert other.get(f"{URL}/{task['id']}/report").status_code == 404
    assert client.get("/api/v1/tasks/not-a-uuid").status_code == 422


def test_a_refused_file_fails_the_task_with_its_problems_in_the_report(org, cast, client_for,
                                                                       areas, media):
    client = client_for(cast["case_worker"])
    bad = fixture_bytes("people.csv").replace(b"UKR,UA0102,idp,older", b"UKR,UA0102,idp,elderly")
    task = _start(client, org, bad).json()
    run_tasks()
    polled = client.get(task["url"]).json()
    assert polled["status"] == "failed" and "nothing was imported" in polled["error"]
    assert polled["result"]["problems"] == 1 and polled["rows_written"] == 0
    problem = client.get(f"{URL}/{task['id']}/report").json()["problems"][0]
    assert (problem["file"], problem["row"], problem["field"]) == (
        "people.csv", 5, "vulnerabilities")
    assert Person.objects.count() == 0
    # A failed task does not hold the file: fixed and sent again, it runs.
    assert _start(client, org, bad).json()["id"] != task["id"]


def test_an_idempotency_key_names_the_work_and_scope_holds(org, cast, client_for, areas, media):
    client = client_for(cast["case_worker"])
    first = _start(client, org, HTTP_IDEMPOTENCY_KEY="k-1").json()["id"]
    assert _start(client, org, HTTP_IDEMPOTENCY_KEY="k-1").json()["id"] == first
    assert _start(client, org, HTTP_IDEMPOTENCY_KEY="k-2").json()["id"] != first
    outsider = client_for(cast["outsider"])
    assert _start(outsider, org).status_code == 404  # an office outside the scope
    assert client_for(cast["data_analyst"]).post(URL, {}).status_code == 403
    assert BackgroundTask.objects.count() == 2


def test_an_unexpected_error_fails_the_task_without_its_message(org, cast, client_for, areas,
                                                                 media):
    """A task whose kept file vanished before it ran ends with an error saying so; one whose
    function raises is failed with a message that quotes nothing of the data, and the queue's
    row keeps no message either."""
    from django_tasks_db.models import DBTaskResult

    client = client_for(cast["case_worker"])
    task = _start(client, org).json()
    for path in media.glob("imports/pending/*"):
        path.unlink()
    run_tasks()
    polled = client.get(task["url"]).json()
    assert polled["status"] == "failed" and "upload it again" in polled["error"]
    record = BackgroundTask.objects.get(pk=task["id"])
    record.pk = None
    # No kind among its parameters: the function fails with KeyError('kind').
    record.status, record.key, record.params = "queued", "", {"file": "0" * 32,
                                                              "office": org.country_a.pk}
    record.save()
    (media / "imports" / "pending").mkdir(parents=True, exist_ok=True)
    (media / "imports" / "pending" / ("0" * 32)).write_bytes(b"Amina Haddad,1985-04-12\n")
    from corridor.registry.imports.tasks import import_people_file

    import_people_file.enqueue(str(record.pk))
    run_tasks()
    record.refresh_from_db()
    assert record.status == "failed" and record.error == UNEXPECTED
    queued = DBTaskResult.objects.filter(task_path__endswith="import_people_file").order_by(
        "-enqueued_at").first()
    assert queued.status == "FAILED" and "KeyError" in queued.traceback
    assert "'kind'" not in queued.traceback  # the class is named, never the message
