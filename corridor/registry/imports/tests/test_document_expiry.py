"""A spreadsheet and a form export carry a document's expiry date, which the travel checks read;
a date that is not one refuses the file, naming its row."""

from __future__ import annotations

import datetime as dt

import pytest

from corridor.registry.imports import services
from corridor.registry.imports.columns import SPREADSHEET_COLUMNS
from corridor.registry.imports.tests.conftest import upload
from corridor.registry.imports.xlsform import SURVEY
from corridor.registry.models import IdentityDocument

HEADER = ("household_ref,relation_to_head,given_name,family_name,category,document_kind,"
          "document_number,document_expires_on\n")


def _run(cast, org, text: str):
    return services.people_import(actor=cast["case_worker"], office=org.country_a,
                                  upload=upload("people.csv", text.encode()), kind="spreadsheet",
                                  dry_run=False)


def test_the_expiry_date_of_an_imported_document_is_kept(org, cast):
    report = _run(cast, org, HEADER + "H1,head,Amina,Haddad,refugee,passport,N7000001,2031-08-31\n")
    assert report.status == "imported"
    assert IdentityDocument.objects.get().expires_on == dt.date(2031, 8, 31)


def test_an_expiry_that_is_not_a_date_refuses_the_file(org, cast):
    with pytest.raises(services.ImportRefused) as caught:
        _run(cast, org, HEADER + "H1,head,Amina,Haddad,refugee,passport,N7000001,31/08/2031\n")
    problem = caught.value.report.problems[0]
    assert (problem["row"], problem["field"]) == (2, "document_expires_on")
    assert not IdentityDocument.objects.exists()


def test_the_spreadsheet_and_the_form_ask_for_it():
    assert "document_expires_on" in SPREADSHEET_COLUMNS
    assert "document_expires_on" in [row[1] for row in SURVEY]
