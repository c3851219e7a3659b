"""The imports API: dry run, import, refusal with problems, scope, exports and the XLSForm."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from corridor.core.models import AuditAction, AuditEvent
from corridor.registry.imports.tests.conftest import fixture_bytes, kobo_xlsx, upload
from corridor.registry.models import Person
from corridor.registry.tests.factories import PersonFactory

URL = "/api/v1/people/import/run"


def _send(client, org, data=None, name="people.csv", office=None, **extra):
    return client.post(URL, {"file": upload(name, data or fixture_bytes("people.csv")),
                             "office_id": (office or org.country_a).pk, **extra})


def test_dry_run_then_import_then_nothing_new(org, cast, client_for, areas):
    client = client_for(cast["case_worker"])
    preview = _send(client, org)
    assert preview.status_code == 200, preview.content
    assert preview.json()["status"] == "preview" and preview.json()["people"] == 5
    assert Person.objects.count() == 0
    done = _send(client, org, dry_run="false")
    assert done.status_code == 201 and done.json()["batch_id"]
    again = _send(client, org, dry_run="false")
    assert again.status_code == 200 and again.json()["status"] == "nothing_new"
    assert Person.objects.count() == 5


def test_a_kobo_export_through_the_api(org, cast, client_for, areas):
    client = client_for(cast["case_worker"])
    response = _send(client, org, kobo_xlsx(), name="kobo.xlsx", kind="field_export",
                     dry_run="false")
    assert response.status_code == 201 and response.json()["people"] == 3


def test_a_refused_file_answers_422_naming_file_row_and_field(org, cast, client_for, areas):
    client = client_for(cast["case_worker"])
    bad = fixture_bytes("people.csv").replace(b"UKR,UA0102,idp,older", b"UKR,UA0102,idp,elderly")
    response = _send(client, org, bad, dry_run="false")
    assert response.status_code == 422
    problem = response.json()["problems"][0]
    assert (problem["file"], problem["row"], problem["field"]) == (
        "people.csv", 5, "vulnerabilities")
    assert Person.objects.count() == 0


def test_importing_into_another_office_is_refused(org, cast, client_for, areas):
    client = client_for(cast["outsider"])
    assert _send(client, org, dry_run="false").status_code == 404  # as an office that is not
    assert _send(client, org, office=org.country_b, dry_run="false").status_code == 201
    assert set(Person.objects.values_list("office__code", flat=True)) == {"CB"}
    assert client_for(cast["data_analyst"]).post(URL, {}).status_code == 403


def test_export_endpoints_are_scoped_audited_and_constant_in_queries(org, cast, client_for):
    for index in range(3):
        PersonFactory(office=org.country_a, given_name=f"Inside{index}")
    PersonFactory(office=org.country_b, given_name="Outside")
    client = client_for(cast["case_worker"])
    with CaptureQueriesContext(connection) as few:
        small = client.get("/api/v1/people/export/csv")
    for index in range(20):
        PersonFactory(office=org.country_a, given_name=f"More{index}")
    with CaptureQueriesContext(connection) as many:
        client.get("/api/v1/people/export/csv")
    assert len(many) == len(few)
    text = small.content.decode("utf-8-sig")
    assert small.status_code == 200 and "Inside2" in text and "Outside" not in text
    assert client.get("/api/v1/people/export/xlsx").content[:2] == b"PK"
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT).count() == 3
    assert client_for(cast["movement_officer"]).get(
        "/api/v1/people/export/csv").status_code == 403


def test_the_xlsform_endpoint(org, cast, client_for):
    response = client_for(cast["case_worker"]).get("/api/v1/people/import/xlsform")
    assert response.status_code == 200 and response.content[:2] == b"PK"
    assert client_for(cast["tracing_officer"]).get(
        "/api/v1/people/import/xlsform").status_code == 403
