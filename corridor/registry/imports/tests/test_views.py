"""Import and export pages: upload, preview, confirm, result; scope answers 404 outside it."""

from __future__ import annotations

from corridor.core.models import AuditAction, AuditEvent
from corridor.fielddata.models import ImportBatch
from corridor.registry.imports.tests.conftest import fixture_bytes, upload
from corridor.registry.models import Person


def _post(client, org, data=None, name="people.csv", kind="spreadsheet", office=None):
    return client.post("/people/import/", {
        "file": upload(name, data if data is not None else fixture_bytes("people.csv")),
        "kind": kind, "office": (office or org.country_a).pk})


def test_upload_preview_confirm_and_result(org, cast, client_for, areas, media):
    client = client_for(cast["case_worker"])
    page = client.get("/people/import/")
    assert page.status_code == 200 and "Download the XLSForm" in page.content.decode()
    preview = _post(client, org)
    body = preview.content.decode()
    assert preview.status_code == 200 and "Import preview" in body and "Amina" in body
    assert Person.objects.count() == 0
    token = preview.context["confirm"].initial["token"]
    # Another user cannot confirm someone else's preview.
    other = client_for(cast["regional_case_worker"])
    assert other.post("/people/import/confirm/", {"token": token}).status_code == 404
    done = client.post("/people/import/confirm/", {"token": token})
    assert done.status_code == 302 and Person.objects.count() == 5
    result = client.get(done["Location"])
    assert result.status_code == 200 and "People created" in result.content.decode()
    assert not list(media.glob("imports/pending/*"))
    # The outsider does not see the batch at all.
    outsider = client_for(cast["outsider"])
    assert outsider.get(done["Location"]).status_code == 404


def test_a_refused_file_shows_file_row_and_field(org, cast, client_for, areas, media):
    client = client_for(cast["case_worker"])
    bad = fixture_bytes("people.csv").replace(b"1985-04-12", b"1985-13-45")
    response = _post(client, org, bad)
    body = response.content.decode()
    assert response.status_code == 422 and "File refused" in body
    assert "birth_date" in body and "not a date" in body and "people.csv" in body
    assert "confirm" not in (response.context or {}) or not response.context.get("confirm")
    assert Person.objects.count() == 0


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
