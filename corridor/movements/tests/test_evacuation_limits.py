"""Evacuation lists: the upload limits and the list's own row limit refuse a file as it is read."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from corridor.core.errors import ValidationFailed
from corridor.movements import services
from corridor.movements.services.evacuation import MAX_ROWS

HEADER = "given_name,family_name,sex,category,consent_assistance\n"


def test_a_list_past_the_row_limit_is_refused_at_the_first_row_too_many(operation, officer, leg):
    rows = "".join(f"P{n},Haddad,male,refugee,yes\n" for n in range(MAX_ROWS + 1))
    # A malformed row after the limit is never read: the refusal names only the row limit.
    text = HEADER + rows + "Q,Haddad,male,refugee,maybe\n"
    with pytest.raises(ValidationFailed) as caught:
        services.evacuation_book(actor=officer, operation=operation, legs=[leg], text=text)
    assert caught.value.problems == [{"where": f"row {MAX_ROWS + 2}", "field": "rows",
                                      "message": f"at most {MAX_ROWS} rows"}]
    assert not leg.bookings.exists()


def test_a_list_with_too_many_columns_is_refused(operation, officer, leg, settings):
    settings.UPLOAD_MAX_COLUMNS = 5
    text = HEADER + "P,Haddad,male,refugee,yes,extra,extra\n"
    with pytest.raises(ValidationFailed) as caught:
        services.evacuation_book(actor=officer, operation=operation, legs=[leg], text=text)
    problem = caught.value.problems[0]
    assert problem["row"] == 2 and "7 columns, more than the limit of 5" in problem["message"]


def test_the_page_refuses_a_list_over_the_upload_limit(client_for, officer, operation, leg,
                                                       settings):
    settings.UPLOAD_MAX_MB = 1
    data = (HEADER + "Amina,Haddad,female,refugee,yes\n").encode() + b"\n" * (1024 * 1024)
    response = client_for(officer).post(
        reverse("movements:evacuation", args=[operation.pk]),
        {"legs": [leg.pk], "file": SimpleUploadedFile("list.csv", data)})
    assert response.status_code == 200
    assert "list.csv is larger than the upload limit of 1 MB" in response.content.decode()
    assert not leg.bookings.exists()
