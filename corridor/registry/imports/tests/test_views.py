"""Import and export pages: upload, preview, confirm, result; scope answers 404 outside it."""

from __future__ import annotations

from corridor.core.models import AuditAction, AuditEvent
from corridor.fielddata.models import ImportBatch
from corridor.registry.imports.tests.conftest import fixture_bytes, run_tasks, task_of, upload
from corridor.registry.models import Person


def _post(client, org, data=None, name="people.csv", kind="spreadsheet", office=None):
    return client.post("/people/import/", {
        "file": upload(name, data if data is not None else fixture_bytes("people.csv")),
        "kind": kind, "office": (office or org.country_a).pk})


def test_upload_preview_confirm_and_result(org, cast, client_for, areas, media):
    client = client_for(cast["case_worker"])
    page = client.get("/people/import/")
    assert page.status_code == 200 and "Download the XLSForm" in page.content.decode()
    check = task_of(_post(client, org))  # the page answers at once with the check's task
    waiting = client.get(f"/tasks/{check.pk}/").content.decode()
    assert "Queued" in waiting and "task-progress.js" in waiting and "Amina" not in waiting
    assert Person.objects.count() == 0
    assert "1 task(s) run" in run_tasks()
    preview = client.get(f"/tasks/{check.pk}/")
    body = preview.content.decode()
    assert preview.status_code == 200 and "Import preview" in body and "Amina" in body
    assert 'name="task"' in body and Person.objects.count() == 0
    # Another user sees neither the check nor can confirm it.
    other = client_for(cast["regional_case_worker"])
    assert other.get(f"/tasks/{check.pk}/").status_code == 404
    assert other.post("/people/import/confirm/", {"task": check.pk}).status_code == 404
    started = task_of(client.post("/people/import/confirm/", {"task": check.pk}))
    # Confirming twice starts one import.
    assert task_of(client.post("/people/import/confirm/", {"task": check.pk})).pk == started.pk
    run_tasks()
    done = client.get(f"/tasks/{started.pk}/").content.decode()
    assert Person.objects.count() == 5 and "See the imported households" in done
    started.refresh_from_db()
    assert started.status == "succeeded" and started.rows_written == 5
    result = client.get(f"/people/import/batches/{started.result['batch_id']}/")
    assert result.status_code == 200 and "People created" in result.content.decode()
    assert not list(media.glob("imports/pending/*"))
    # The outsider does not see the batch at all.
    outsider = client_for(cast["outsider"])
    assert outsider.get(f"/people/import/batches/{started.result['batch_id']}/").status_code == 404


def test_a_refused_file_shows_file_row_and_field(org, cast, client_for, areas, media):
    client = client_for(cast["case_worker"])
    bad = fixture_bytes("people.csv").replace(b"1985-04-12", b"1985-13-45")
    check = task_of(_post(client, org, bad))
    run_tasks()
    response = client.get(f"/tasks/{check.pk}/")
    body = response.content.decode()
    assert "File refused" in body and "nothing was imported" in body
    assert "birth_date" in body and "not a date" in body and "people.csv" in body
    assert 'name="task"' not in body and Person.objects.count() == 0
    check.refresh_from_db()
    assert check.status == "failed" and check.result["problems"] == 1
    # The report, which quotes the file, is stored sealed, never in plain text.
    assert "1985-13-45" not in check.sealed_report and "1985-13-45" not in str(check.result)
    assert not list(media.glob("imports/pending/*"))


def test_an_office_outside_the_scope_cannot_be_chosen(org, cast, client_for, areas, media):
    client = client_for(cast["outsider"])
    response = _post(client, org)
    assert response.status_code == 200 and "office" in response.context["form"].errors
    assert Person.objects.count() == 0 and ImportBatch.objects.count() == 0


def test_roles_without_import_get_404(org, cast, client_for):
    client = client_for(cast["movement_officer"])
    assert client.get("/people/import/").status_code == 404
    assert client.get("/people/import/xlsform.xlsx").status_code == 404
    assert client.get("/people/import/export.csv").status_code == 404


def test_xlsform_and_export_downloads(org, cast, client_for):
    from corridor.registry.tests.factories import PersonFactory

    PersonFactory(office=org.country_a, given_name="Inside")
    PersonFactory(office=org.country_b, given_name="Outside")
    client = client_for(cast["case_worker"])
    form = client.get("/people/import/xlsform.xlsx")
    assert form.status_code == 200 and form.content[:2] == b"PK"
    assert client.get("/people/import/export/").status_code == 200
    csv = client.get("/people/import/export.csv").content.decode("utf-8-sig")
    assert "Inside" in csv and "Outside" not in csv
    xlsx = client.get("/people/import/export.xlsx", {"category": "refugee"})
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT).count() == 2
