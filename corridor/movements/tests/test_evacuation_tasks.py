"""Evacuation lists as background tasks: the page and the API answer at once; the worker registers
and books the whole list or refuses it, nothing written; the refused list's problems (which quote
it) are sealed and shown only to who started the task."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from conftest import enrolled, make_user
from corridor.access.roles import Role
from corridor.access.services import token_create
from corridor.registry.models import Person
from corridor.tasks.models import BackgroundTask, TaskStatus
from corridor.tasks.tests.helpers import run_tasks, task_of

HEADER = ("household,relation_to_head,given_name,family_name,sex,birth_date,nationality,category,"
          "document_number,document_expires_on,consent_assistance,fit_to_travel\n")


def _list(*, bad: bool = False) -> bytes:
    expires = (timezone.localdate() + dt.timedelta(days=400)).isoformat()
    rows = (f"H1,head,Omar,Haddad,male,1980-01-02,SYR,refugee,N1000001,{expires},yes,yes\n"
            f"H1,child,Layla,Haddad,female,2015-05-06,SYR,refugee,N1000002,{expires},yes,yes\n")
    if bad:
        rows += f",,Maryam,Darwish,female,04/05/1991,SYR,refugee,N1000004,{expires},yes,yes\n"
    return (HEADER + rows).encode()


def test_the_page_answers_at_once_and_the_worker_books_the_list(client_for, officer,
                                                                operation, leg):
    client = client_for(officer)
    response = client.post(reverse("movements:evacuation", args=[operation.pk]),
                           {"legs": [leg.pk], "file": SimpleUploadedFile("list.csv", _list())})
    record = task_of(response)
    assert record.status == TaskStatus.QUEUED and not leg.bookings.exists()
    run_tasks()
    record.refresh_from_db()
    assert record.status == TaskStatus.SUCCEEDED, record.error
    assert record.result == {"bookings": 2, "operation": operation.pk}
    assert leg.bookings.count() == 2
    page = client.get(f"/tasks/{record.pk}/").content.decode()
    assert "2 bookings made" in page


def test_a_refused_list_writes_nothing_and_only_its_sender_reads_its_problems(
        client_for, officer, operation, leg, org):
    client = client_for(officer)
    record = task_of(client.post(reverse("movements:evacuation", args=[operation.pk]), {
        "legs": [leg.pk], "file": SimpleUploadedFile("list.csv", _list(bad=True))}))
    run_tasks()
    record.refresh_from_db()
    assert record.status == TaskStatus.FAILED
    assert record.result == {"problems": 1, "operation": operation.pk}
    assert "Darwish" not in str(record.result) and "04/05/1991" not in record.sealed_report
    assert not Person.objects.filter(family_name__in=["Haddad", "Darwish"]).exists()
    assert not leg.bookings.exists()
    page = client.get(f"/tasks/{record.pk}/").content.decode()
    assert "row 4" in page and "birth_date" in page
    # Another officer of the same office does not see the task at all.
    colleague = make_user("movement_officer_2", Role.MOVEMENT_OFFICER, org.country_a)
    assert client_for(colleague).get(f"/tasks/{record.pk}/").status_code == 404


def test_the_api_answers_202_and_the_same_list_is_one_task(client_for, officer, operation, leg):
    from django.test import Client

    _, secret = token_create(actor=enrolled(officer), name="t", scopes=["movements:write"])
    api = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    url = f"/api/v1/movements/operations/{operation.pk}/evacuation-lists/tasks"
    first = api.post(url, {"legs": [leg.pk], "file": SimpleUploadedFile("list.csv", _list())})
    assert first.status_code == 202, first.content
    again = api.post(url, {"legs": [leg.pk], "file": SimpleUploadedFile("list.csv", _list())})
    assert again.json()["id"] == first.json()["id"]
    assert api.post(url, {"legs": [leg.pk + 1000],
                          "file": SimpleUploadedFile("list.csv", _list())}).status_code == 404
    run_tasks()
    assert BackgroundTask.objects.get(pk=first.json()["id"]).status == TaskStatus.SUCCEEDED
    assert leg.bookings.count() == 2
