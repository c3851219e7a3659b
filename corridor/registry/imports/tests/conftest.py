"""Fixtures for imports: admin areas, the sample files (as an enumerator would send them) and
helpers to run an import."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from corridor.geo.models import AdminArea
from corridor.tasks.tests.helpers import run_tasks, task_of  # noqa: F401 - the tests' import path

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def areas(db):
    syria = AdminArea.objects.create(pcode="SY", name="Syria", level=0, country="SYR")
    AdminArea.objects.create(pcode="SY0101", name="Damascus", level=1, country="SYR", parent=syria)
    ukraine = AdminArea.objects.create(pcode="UA", name="Ukraine", level=0, country="UKR")
    AdminArea.objects.create(pcode="UA0102", name="Kharkiv", level=1, country="UKR",
                             parent=ukraine)


def fixture_bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def people_csv(*replacements: tuple[str, str]) -> bytes:
    text = fixture_bytes("people.csv").decode()
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text.encode()


def odk_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("household.csv", fixture_bytes("odk_household.csv"))
        archive.writestr("household-members.csv", fixture_bytes("odk_household-members.csv"))
    return buffer.getvalue()


# Kobo's flattened export: the submissions sheet and the members repeat sheet.
KOBO_MAIN = ["start", "end", "today", "household_address", "_id", "_uuid", "_submission_time",
             "_validation_status", "_notes", "_status", "_submitted_by", "__version__", "_tags",
             "_index", "meta/rootUuid"]
# The row of HXL hashtags a form with tags exports under the header (Kobo: "include HXL tags").
KOBO_MAIN_HXL = ["", "", "#date", "#loc+address", "", "", "", "", "", "", "", "", "", "", ""]
KOBO_MEMBERS_HXL = ["#group+relation", "#affected+name+given", "#affected+name+family", "", "#sex",
                    "#date+birth", "#country+nationality", "#affected+type", "", "#contact+phone",
                    "", "", "", "", "", "", "", "", ""]
KOBO_MEMBER_FIELDS = ["relation_to_head", "given_name", "family_name", "original_script_name",
                      "sex", "birth_date", "nationality", "category", "vulnerabilities", "phone",
                      "document_kind", "document_number", "consent_assistance", "consent_tracing"]
KOBO_MEMBERS = [f"members/{f}" for f in KOBO_MEMBER_FIELDS] + [
    "_index", "_parent_table_name", "_parent_index", "_submission__id", "_submission__uuid"]


def kobo_rows(first_uuid: str = "5f1c2d3e-aaaa-4bbb-8ccc-000000000001", *,
              statuses: tuple[str, str] = ("Approved", "Approved"), first_root: str = ""):
    """Two submissions; `first_uuid` is the first one's _uuid (an edit gives it a new one) and
    `first_root` its meta/rootUuid (the first _uuid it had: itself unless edited)."""
    main = [
        ["2025-06-04T09:00:00", "2025-06-04T09:20:00", dt.datetime(2025, 6, 4), "Azraq camp",
         90001, first_uuid, "2025-06-04T06:21:00", statuses[0], "", "submitted_via_web", "",
         "v1", "", 1, f"uuid:{first_root or first_uuid}"],
        ["2025-06-04T10:00:00", "2025-06-04T10:20:00", dt.datetime(2025, 6, 4), "Mafraq", 90002,
         "5f1c2d3e-aaaa-4bbb-8ccc-000000000002", "2025-06-04T07:21:00", statuses[1], "", "", "",
         "v1", "", 2, "uuid:5f1c2d3e-aaaa-4bbb-8ccc-000000000002"],
    ]
    members = [
        ["head", "Mariam", "Saleh", "مريم صالح", "female", dt.datetime(1988, 2, 3), "SYR",
         "refugee", "single_parent", "+962790000001", "refugee_id", "UN-777-1", "yes", "yes",
         1, "corridor_household_registration", 1, 90001, first_uuid],
        ["child", "Sami", "Saleh", "سامي صالح", "male", dt.datetime(2015, 5, 6), "SYR", "refugee",
         "", "", "", "", "yes", "yes", 2, "corridor_household_registration", 1, 90001,
         first_uuid],
        ["head", "Dawit", "Haile", "ዳዊት ኃይሌ", "male", dt.datetime(1983, 9, 9), "ERI",
         "stranded_migrant", "", "0790000002", "passport", "ER-556677", "yes", "no", 3,
         "corridor_household_registration", 2, 90002, "5f1c2d3e-aaaa-4bbb-8ccc-000000000002"],
    ]
    return main, members


def kobo_xlsx(first_uuid: str = "5f1c2d3e-aaaa-4bbb-8ccc-000000000001", *, hxl: bool = False,
              **options) -> bytes:
    from openpyxl import Workbook

    main, members = kobo_rows(first_uuid, **options)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Corridor household registr…"[:31]
    sheet.append(KOBO_MAIN)
    if hxl:
        sheet.append(KOBO_MAIN_HXL)
    for row in main:
        sheet.append(row)
    repeat = workbook.create_sheet("members")
    repeat.append(KOBO_MEMBERS)
    if hxl:
        repeat.append(KOBO_MEMBERS_HXL)
    for row in members:
        repeat.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def kobo_csv_zip(*, hxl: bool = False) -> bytes:
    import csv

    main, members = kobo_rows()

    def text(header, rows) -> bytes:
        out = io.StringIO()
        writer = csv.writer(out, delimiter=";")  # Kobo's default CSV separator
        writer.writerow(header)
        if hxl:
            writer.writerow(KOBO_MAIN_HXL if header is KOBO_MAIN else KOBO_MEMBERS_HXL)
        for row in rows:
            writer.writerow([v.date().isoformat() if isinstance(v, dt.datetime) else v
                             for v in row])
        return out.getvalue().encode()

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("corridor_household_registration.csv", text(KOBO_MAIN, main))
        archive.writestr("members.csv", text(KOBO_MEMBERS, members))
    return buffer.getvalue()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path

