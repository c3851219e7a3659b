"""The gazetteer and sites imports as background tasks: the page and the API answer at once, the
worker imports the whole file or refuses it with its problems and writes nothing."""

from __future__ import annotations

from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from conftest import enrolled
from corridor.access.services import token_create
from corridor.core.models import AuditEvent
from corridor.geo.models import AdminArea, Site
from corridor.tasks.models import BackgroundTask, TaskStatus
from corridor.tasks.tests.helpers import run_tasks, task_of

DATA = Path(__file__).resolve().parent.parent / "data"
AREAS = (b"pcode,name,level,country,parent\nSD,Sudan,0,SDN,\nSD01,Khartoum,1,SDN,SD\n"
         b"SD0101,Bahri,2,SDN,SD01\n")


def test_an_analyst_imports_a_gazetteer_from_the_page_and_follows_its_task(cast, client_for):
    analyst = cast["data_analyst"]
    client = client_for(analyst)
    assert client.get("/geo/imports/").status_code == 200
    response = client.post("/geo/imports/", {
        "kind": "gazetteer", "file": SimpleUploadedFile("sd.csv", AREAS)})
    record = task_of(response)
    assert record.status == TaskStatus.QUEUED and not AdminArea.objects.exists()
    run_tasks()
    record.refresh_from_db()
    assert record.status == TaskStatus.SUCCEEDED, record.error
    assert record.result == {"kind": "gazetteer", "created": 3, "updated": 0, "unchanged": 0}
    assert AdminArea.objects.get(pcode="SD0101").parent.pcode == "SD01"
    page = client.get(f"/tasks/{record.pk}/").content.decode()
    assert "3 areas created, 0 updated, 0 unchanged." in page
    assert AuditEvent.objects.filter(object_type="geo.adminarea", actor=analyst).exists()


def test_a_gazetteer_with_a_bad_row_is_refused_whole_with_its_problems(cast, client_for):
    client = client_for(cast["administrator"])
    bad = AREAS + b"SD02,Kassala,1,XXX,SD\nSD0201,Nowhere,2,SDN,SD09\n"
    record = task_of(client.post("/geo/imports/", {
        "kind": "gazetteer", "file": SimpleUploadedFile("sd.csv", bad)}))
    run_tasks()
    record.refresh_from_db()
    assert record.status == TaskStatus.FAILED
    found = {(p["where"], p["field"]) for p in record.result["problem_list"]}
    assert ("sd.csv, row 5", "country") in found and ("sd.csv, row 6", "parent") in found
    assert not AdminArea.objects.exists()
    assert "sd.csv, row 5" in client.get(f"/tasks/{record.pk}/").content.decode()


def test_sites_through_the_api_answer_202_and_the_same_file_is_one_task(cast, client_for):
    admin = cast["administrator"]
    client_for(admin).post("/geo/imports/", {
        "kind": "gazetteer", "file": SimpleUploadedFile(
            "g.csv", (DATA / "demo_gazetteer_hxl.csv").read_bytes())})
    run_tasks()
    _, secret = token_create(actor=enrolled(admin), name="t", scopes=["geo:write"])
    api = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    sites = (DATA / "demo_sites.csv").read_bytes()
    first = api.post("/api/v1/geo/imports/tasks", {
        "kind": "sites", "file": SimpleUploadedFile("sites.csv", sites)})
    assert first.status_code == 202, first.content
    again = api.post("/api/v1/geo/imports/tasks", {
        "kind": "sites", "file": SimpleUploadedFile("sites.csv", sites)})
    assert again.json()["id"] == first.json()["id"]
    run_tasks()
    record = BackgroundTask.objects.get(pk=first.json()["id"])
    assert record.status == TaskStatus.SUCCEEDED, record.error
    assert record.result["sites"] == Site.objects.count() > 0


def test_who_may_not_import_the_gazetteer_is_refused(cast, client_for):
    worker = cast["case_worker"]
    assert client_for(worker).get("/geo/imports/").status_code == 404
    _, secret = token_create(actor=enrolled(worker), name="t", scopes=["registry:write"])
    response = Client(HTTP_AUTHORIZATION=f"Bearer {secret}").post(
        "/api/v1/geo/imports/tasks", {"kind": "gazetteer",
                                      "file": SimpleUploadedFile("sd.csv", AREAS)})
    assert response.status_code == 403
    assert not BackgroundTask.objects.exists()
