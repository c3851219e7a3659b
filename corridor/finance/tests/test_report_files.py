"""Fund status, a donor's report and budget against actual downloaded as PDF and Excel (issue
14, item 6): the page's figures, in the reader's language and written as it writes them; in
Excel, amounts stay numbers."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from conftest import verified_client
from corridor.finance.models import Fund
from corridor.finance.services import voluntary
from corridor.finance.tests.conftest import days_ago

PAID = days_ago(5)


@pytest.fixture
def received(officer, donors, usd_project):
    c = voluntary.contribution_pledge(actor=officer, donor=donors["NOR"], reference="NOR-AVRR",
                                      earmarking=3, amount=Decimal("250000.00"), currency="USD",
                                      pledged_on=days_ago(60), project=usd_project)
    agreement = voluntary.agreement_create(actor=officer, donor=donors["NOR"], reference="N-1",
                                           title="Returns", signed_on=days_ago(50))
    voluntary.contribution_commit(actor=officer, contribution=c, agreement=agreement,
                                  committed_on=days_ago(50))
    voluntary.receipt_record(actor=officer, contribution=c, received_on=PAID,
                             amount=Decimal("125000.00"), currency="USD")
    return c


def _text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    return text.replace("\u202f", " ").replace("\xa0", " ")


def test_reports_as_pdf_in_french_with_french_figures(officer, donors, received):
    client = verified_client(officer)
    on = {"on": PAID.isoformat()}
    fund = Fund.objects.get(code="VC-NOR-AVRR")
    assert reverse("finance:fund_status", args=[fund.pk, "pdf"]) in client.get(
        reverse("finance:fund", args=[fund.pk]), on).content.decode()
    text = _text(client.get(reverse("finance:fund_status", args=[fund.pk, "pdf"]), on,
                            HTTP_ACCEPT_LANGUAGE="fr"))
    assert "Trésorerie et banque" in text and "125 000,00" in text
    text = _text(client.get(reverse("finance:donor_report", args=[donors["NOR"].pk, "pdf"]), on,
                            HTTP_ACCEPT_LANGUAGE="fr"))
    assert "NOR-AVRR" in text and "250 000,00" in text and "Rapport au donateur" in text
    text = _text(client.get(reverse("finance:budget_against_actual", args=["pdf"]), on,
                            HTTP_ACCEPT_LANGUAGE="es"))
    assert "AVRR-JOR" in text and "125 000,00" in text and "Presupuesto y ejecución" in text


def test_reports_as_excel_keep_amounts_as_numbers(officer, donors, received):
    client = verified_client(officer)
    on = {"on": PAID.isoformat()}
    response = client.get(reverse("finance:donor_report", args=[donors["NOR"].pk, "xlsx"]), on)
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][0] == "Contribution" and rows[1][0] == "NOR-AVRR"
    assert rows[1][4] == 250000 and rows[1][6] == 125000 and rows[1][8] == 0
    response = client.get(reverse("finance:budget_against_actual", args=["xlsx"]), on)
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert [r[2:4] for r in rows if str(r[0]).startswith("AVRR-JOR")] == [(250000, 125000)]
    assert client.get(reverse("finance:budget_against_actual", args=["doc"]), on).status_code == 404
