"""Hostile files are refused before they are parsed, naming the file and the limit; the previews
waiting for confirmation are deleted as soon as they are not needed."""

from __future__ import annotations

import os
import time

import openpyxl.xml
import pytest
from django.conf import settings
from django.core.management import call_command

from corridor.core.tests.hostile_files import (
    SHEET,
    bomb_xlsx,
    declared_dimension,
    many_members_zip,
    understate_sizes,
    with_entities,
    workbook,
)
from corridor.registry.imports import services
from corridor.registry.imports.columns import SPREADSHEET_COLUMNS
from corridor.registry.imports.tests.conftest import (
    fixture_bytes,
    odk_zip,
    run_tasks,
    task_of,
    upload,
)
from corridor.registry.models import Person
from corridor.tasks import files as pending

HEAD = ["H1", "head", "Amina", "Haddad", "", "female", "1985-04-12", "exact", "SYR", "",
        "refugee", "", "", "", "", "", "", "yes", "yes", ""]


def refused(cast, org, name, data, kind="spreadsheet") -> dict:
    with pytest.raises(services.ImportRefused) as caught:
        services.people_import(actor=cast["case_worker"], office=org.country_a,
                               upload=upload(name, data), kind=kind, dry_run=True)
    assert Person.objects.count() == 0
    return caught.value.report.problems[0]


def test_a_decompression_bomb_is_refused_before_openpyxl_reads_it(org, cast, areas):
    limit = settings.UPLOAD_MAX_UNCOMPRESSED_MB
    bomb = bomb_xlsx(SPREADSHEET_COLUMNS, inflated_mb=limit + 10)
    assert len(bomb) < 2 * 1024 * 1024  # small on the wire
    problem = refused(cast, org, "bomb.xlsx", bomb)
    assert problem["file"] == "bomb.xlsx"
    assert f"limit of {limit} MB once uncompressed" in problem["message"]


def test_a_bomb_whose_directory_understates_its_size_is_refused(org, cast, areas):
    bomb = understate_sizes(bomb_xlsx(SPREADSHEET_COLUMNS, inflated_mb=20), SHEET, 1000)
    problem = refused(cast, org, "liar.xlsx", bomb)
    assert problem["file"] == "liar.xlsx" and "damaged archive" in problem["message"]


def test_the_streamed_size_is_checked_not_only_the_declared_one(org, cast, areas, settings):
    # The sheet declares its true size here; the sum of declared sizes stays under the limit
    # only because the limit is compared member by member as it inflates: both must hold.
    settings.UPLOAD_MAX_UNCOMPRESSED_MB = 25
    settings.UPLOAD_MAX_MB = 25
    problem = refused(cast, org, "bomb.xlsx", bomb_xlsx(SPREADSHEET_COLUMNS, inflated_mb=30))
    assert "limit of 25 MB once uncompressed" in problem["message"]


def test_an_archive_with_too_many_members_is_refused(org, cast, areas):
    limit = settings.UPLOAD_MAX_ZIP_MEMBERS
    archive = many_members_zip(limit + 1, b"KEY,given_name\n")
    problem = refused(cast, org, "parts.zip", archive, kind="field_export")
    assert f"more than {limit} files" in problem["message"]


def test_a_sheet_declaring_more_rows_than_the_limit_is_refused_before_reading(org, cast, areas):
    data = declared_dimension(workbook([SPREADSHEET_COLUMNS, HEAD]), "A1:T1048576")
    problem = refused(cast, org, "people.xlsx", data)
    assert problem["file"] == "people.xlsx [Sheet]"
    assert f"declares 1048576 rows, more than the limit of {settings.UPLOAD_MAX_ROWS}" \
        in problem["message"]


def test_a_sheet_declaring_too_many_columns_is_refused(org, cast, areas):
    data = declared_dimension(workbook([SPREADSHEET_COLUMNS, HEAD]), "A1:XFD2")
    problem = refused(cast, org, "people.xlsx", data)
    assert f"declares 16384 columns, more than the limit of {settings.UPLOAD_MAX_COLUMNS}" \
        in problem["message"]


@pytest.mark.parametrize("excel", [False, True])
def test_rows_past_the_limit_are_refused_naming_the_first_one(org, cast, areas, settings, excel):
    settings.UPLOAD_MAX_ROWS = 4
    rows = [SPREADSHEET_COLUMNS] + [[f"H{i}", *HEAD[1:]] for i in range(6)]
    if excel:  # no declared dimension: the rows are counted as they are read
        data = declared_dimension(workbook(rows), None)
        name, file = "people.xlsx", "people.xlsx [Sheet]"
    else:
        data = "\n".join(",".join(r) for r in rows).encode()
        name = file = "people.csv"
    problem = refused(cast, org, name, data)
    assert problem["file"] == file and problem["row"] == 5
    assert "more than 4 rows" in problem["message"] and "row 5" in problem["where"]


def test_a_csv_row_with_too_many_columns_is_refused(org, cast, areas):
    limit = settings.UPLOAD_MAX_COLUMNS
    data = (",".join(SPREADSHEET_COLUMNS) + "\n" + ",".join(["x"] * (limit + 1)) + "\n").encode()
    problem = refused(cast, org, "people.csv", data)
    assert problem["row"] == 2 and f"{limit + 1} columns, more than the limit" in problem["message"]


def test_too_many_kobo_json_submissions_are_refused(org, cast, areas, settings):
    settings.UPLOAD_MAX_ROWS = 2
    data = b'[{"_uuid": "a", "members": []}, {"_uuid": "b"}, {"_uuid": "c"}]'
    problem = refused(cast, org, "data.json", data, kind="kobo_json")
    assert problem["row"] == 3 and "more than 2 rows" in problem["message"]


def test_entities_in_a_workbook_are_refused_not_expanded(org, cast, areas):
    assert openpyxl.xml.DEFUSEDXML  # openpyxl parses through defusedxml, a direct dependency
    base = workbook([SPREADSHEET_COLUMNS, HEAD])
    # An internal entity the standard parser would expand into the imported name.
    named = with_entities(base, '<!DOCTYPE worksheet [<!ENTITY who "Injected">]>', "Amina",
                          "&who;")
    assert refused(cast, org, "named.xlsx", named)["message"] == "not an Excel (.xlsx) file"
    laughs = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    bomb = with_entities(base, f'<!DOCTYPE worksheet [<!ENTITY l0 "lol">{laughs}]>', "Amina",
                         "&l9;")
    assert refused(cast, org, "laughs.xlsx", bomb)["message"] == "not an Excel (.xlsx) file"
    external = with_entities(
        base, '<!DOCTYPE worksheet [<!ENTITY x SYSTEM "file:///etc/passwd">]>', "Amina", "&x;")
    assert refused(cast, org, "xxe.xlsx", external)["message"] == "not an Excel (.xlsx) file"


def test_the_upload_limit_is_a_setting(org, cast, areas, settings):
    settings.UPLOAD_MAX_MB = 1
    data = fixture_bytes("people.csv") + b"," * (1024 * 1024)
    problem = refused(cast, org, "people.csv", data)
    assert problem["message"] == "people.csv is larger than the upload limit of 1 MB"


def test_a_form_export_zip_within_the_limits_still_imports(org, cast, areas):
    report = services.people_import(actor=cast["case_worker"], office=org.country_a,
                                    upload=upload("odk.zip", odk_zip()), kind="field_export",
                                    dry_run=False)
    assert report.status == "imported" and report.people > 0


# --- pending previews -------------------------------------------------------------------------

def _preview(client, org):
    """Upload, and let the worker check the file: the check task, with its preview."""
    check = task_of(client.post("/people/import/", {
        "file": upload("people.csv", fixture_bytes("people.csv")), "kind": "spreadsheet",
        "office": org.country_a.pk}))
    run_tasks()
    check.refresh_from_db()
    assert check.result["status"] == "preview"
    return check


def _pending_files(media) -> list:
    return [p for p in (media / "imports" / "pending").iterdir() if p.is_file()]


def test_a_cancelled_preview_deletes_its_file(org, cast, client_for, areas, media):
    client = client_for(cast["case_worker"])
    check = _preview(client, org)
    assert len(_pending_files(media)) == 1
    assert os.stat(_pending_files(media)[0]).st_mode & 0o077 == 0  # the server's user only
    # Another user can neither cancel nor confirm it.
    other = client_for(cast["regional_case_worker"])
    assert other.post("/people/import/cancel/", {"task": check.pk}).status_code == 404
    assert len(_pending_files(media)) == 1
    response = client.post("/people/import/cancel/", {"task": check.pk})
    assert response.status_code == 302 and _pending_files(media) == []
    assert client.post("/people/import/confirm/", {"task": check.pk}).status_code == 404
    assert 'name="task"' not in client.get(f"/tasks/{check.pk}/").content.decode()
    assert Person.objects.count() == 0


def test_a_refused_confirmation_deletes_the_file(org, cast, client_for, areas, media):
    from corridor.geo.models import AdminArea

    client = client_for(cast["case_worker"])
    check = _preview(client, org)
    AdminArea.objects.filter(pcode="SY0101").delete()  # the file no longer validates
    started = task_of(client.post("/people/import/confirm/", {"task": check.pk}))
    run_tasks()
    started.refresh_from_db()
    assert started.status == "failed" and _pending_files(media) == []
    assert "unknown P-code" in client.get(f"/tasks/{started.pk}/").content.decode()
    assert Person.objects.count() == 0


def test_abandoned_previews_are_purged_on_the_next_upload_and_by_the_command(
        org, cast, client_for, areas, media):
    client = client_for(cast["case_worker"])
    _preview(client, org)
    abandoned = _pending_files(media)[0]
    old = time.time() - pending.max_age_seconds() - 60
    os.utime(abandoned, (old, old))
    _preview(client, org)  # a new upload purges the abandoned one
    assert not abandoned.exists() and len(_pending_files(media)) == 1
    recent = _pending_files(media)[0]
    # Stamped with this process's clock, as `old` is: the file system's own clock is not moved
    # when the suite runs with the clock shifted (make test-clock).
    now = time.time()
    os.utime(recent, (now, now))
    call_command("corridor_purge_pending_imports")
    assert recent.exists()  # not abandoned yet
    os.utime(recent, (old, old))
    call_command("corridor_purge_pending_imports")
    assert _pending_files(media) == []


def test_a_preview_whose_file_was_purged_cannot_be_confirmed(org, cast, client_for, areas, media):
    client = client_for(cast["case_worker"])
    check = _preview(client, org)
    old = time.time() - pending.max_age_seconds() - 60
    for path in _pending_files(media):
        os.utime(path, (old, old))
    call_command("corridor_purge_pending_imports")
    assert client.post("/people/import/confirm/", {"task": "not-a-task"}).status_code == 404
    assert client.post("/people/import/confirm/", {"task": check.pk}).status_code == 404
    assert 'name="task"' not in client.get(f"/tasks/{check.pk}/").content.decode()
    assert Person.objects.count() == 0
