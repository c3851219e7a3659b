"""Flows imports refuse oversized and hostile files before parsing them, naming the limit."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from corridor.core.errors import ValidationFailed
from corridor.core.tests.hostile_files import bomb_xlsx, with_entities, workbook
from corridor.flows import services
from corridor.flows.models import ImportBatch
from corridor.flows.tests.helpers import COUNT_HEADER, count_row, counts_csv


def refused(cast, org, data: bytes, filename: str) -> dict:
    with pytest.raises(ValidationFailed) as caught:
        services.flows_import(actor=cast["data_analyst"], office=org.country_a, kind="counts",
                              data=data, filename=filename)
    assert ImportBatch.objects.count() == 0
    return caught.value.problems[0]


def test_a_decompression_bomb_is_refused_before_it_is_parsed(org, cast, points, settings):
    limit = settings.UPLOAD_MAX_UNCOMPRESSED_MB
    problem = refused(cast, org, bomb_xlsx(COUNT_HEADER.split(","), inflated_mb=limit + 10),
                      "week.xlsx")
    assert problem["where"] == "week.xlsx"
    assert problem["message"] == f"week.xlsx is larger than the limit of {limit} MB once uncompressed"


def test_rows_past_the_limit_are_refused_naming_the_row(org, cast, points, settings):
    settings.UPLOAD_MAX_ROWS = 3
    problem = refused(cast, org, counts_csv([count_row(count=n) for n in range(1, 6)]), "week.csv")
    assert problem["row"] == 4 and problem["where"] == "week.csv, row 4"
    assert "more than 3 rows" in problem["message"]


def test_entities_in_a_workbook_are_refused(org, cast, points):
    base = workbook([COUNT_HEADER.split(","), list(count_row())])
    named = with_entities(base, '<!DOCTYPE worksheet [<!ENTITY p "JO-P2">]>', "JO-P1", "&p;")
    problem = refused(cast, org, named, "week.xlsx")
    assert problem["message"].startswith("not a readable Excel workbook")


def test_page_and_api_refuse_a_file_over_the_upload_limit(org, cast, points, client_for, settings):
    settings.UPLOAD_MAX_MB = 1
    # A valid file, padded past the limit with blank lines (which the reader would skip).
    data = counts_csv([count_row(count=40)]) + b"\n" * (1024 * 1024)
    client = client_for(cast["data_analyst"])
    page = client.post("/flows/imports/", {"kind": "counts", "office": org.country_a.pk,
                                           "file": SimpleUploadedFile("big.csv", data)})
    assert page.status_code == 422
    assert "big.csv is larger than the upload limit of 1 MB" in page.content.decode()
    api = client.post("/api/v1/flows/imports", {"kind": "counts", "office_id": org.country_a.pk,
                                                "file": SimpleUploadedFile("big.csv", data)})
    assert api.status_code == 422
    assert api.json()["problems"][0]["message"] == "big.csv is larger than the upload limit of 1 MB"
    assert ImportBatch.objects.count() == 0
