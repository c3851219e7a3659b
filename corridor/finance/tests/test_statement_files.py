"""A member's statement downloaded as PDF and Excel (issue 14, item 6): the same figures as the
page, in the reader's language; nothing for a role without finance."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from conftest import make_user, verified_client
from corridor.access.roles import Role
from corridor.finance.models import MemberState
from corridor.finance.tests.test_contributions import UN_SCALE


def _assessed_and_paid(client) -> MemberState:
    for iso3, name in (("DEU", "Germany"), ("FRA", "France")):
        client.post(reverse("finance:members"), {"iso3": iso3, "name": name})
    client.post(reverse("finance:years"), {"year": "1996", "amount": "1000000.00",
                                           "adopted": "1995-11-30"})
    url = reverse("finance:year", args=[1996])
    client.post(url, {"step": "scale", "floor": "0", "ceiling": "100", "decimals": "2",
                      "un_scale": SimpleUploadedFile("un.csv", UN_SCALE)})
    client.post(url, {"step": "assess", "booked_on": "1996-01-01"})
    germany = MemberState.objects.get(iso3="DEU")
    client.post(reverse("finance:member", args=[germany.pk]),
                {"received_on": "1996-03-04", "amount": "100000.00", "currency": "DEM"})
    return germany


PERIOD = {"since": "1996-01-01", "until": "1996-12-31"}


def test_the_statement_as_pdf_carries_the_pages_figures_in_french(officer, admin_fund, chart,
                                                                  rates_1996):
    client = verified_client(officer)
    germany = _assessed_and_paid(client)
    page = client.get(reverse("finance:member", args=[germany.pk]), PERIOD).content.decode()
    assert reverse("finance:statement_pdf", args=[germany.pk]) in page
    response = client.get(reverse("finance:statement_pdf", args=[germany.pk]), PERIOD,
                          HTTP_ACCEPT_LANGUAGE="fr")
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="statement-DEU-1996-12-31.pdf"' in response["Content-Disposition"]
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    normalised = text.replace("\u202f", " ").replace("\xa0", " ")
    assert "Germany" in normalised and "Relevé de compte" in normalised
    assert "504 170,00" in normalised  # the balance owed, as French writes it


def test_the_statement_as_excel_keeps_amounts_as_numbers(officer, admin_fund, chart,
                                                         rates_1996):
    client = verified_client(officer)
    germany = _assessed_and_paid(client)
    response = client.get(reverse("finance:statement_xlsx", args=[germany.pk]), PERIOD)
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Date" and rows[-1][2] == "Balance owed"
    assert float(rows[-1][8]) == 504170.00


def test_no_statement_file_for_a_role_without_finance(admin_fund, chart, org):
    worker = make_user("cw_stmt", Role.CASE_WORKER, org.country_a)
    germany = MemberState.objects.create(iso3="DEU", name="Germany")
    client = verified_client(worker)
    assert client.get(reverse("finance:statement_pdf", args=[germany.pk])).status_code == 404
