"""In a real browser, from the demo's finance data (issue 14, "Done when"): the finance officer
adopts the 1997 budget, computes its scale from a UN scale and assesses it, records a payment in
Deutsche Mark at a rate recorded for its day and a partial payment in francs, takes a donor's
earmarked contribution to an emergency operation from pledge to payment while the emergency fund
advances money on that pledge and is repaid first from the money received, and downloads a
member's statement as PDF (read back). The governance secretariat then sees, on the Council's
session, the voting rights that follow from the arrears finance shows."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from pypdf import PdfReader

from tests.browser.signin import sign_in

pytestmark = pytest.mark.browser

UN_SCALE = ("iso3,un_rate\nAUT,0.865\nBEL,1.006\nFRA,6.432\nDEU,9.041\nGRC,0.374\nITA,5.246\n"
            "NLD,1.586\nPRT,0.276\nESP,2.239\nCHE,1.210\nUSA,25.000\nJPN,15.435\nGBR,5.274\n"
            "CAN,3.107\nRUS,5.681\nCHN,17.228\n")


def _day(n: int) -> str:
    return (timezone.localdate() - timedelta(days=n)).isoformat()


def _submit(page, form: str) -> None:
    page.locator(f"{form} button[type=submit]").click()
    page.wait_for_load_state()


def _nav(page, label: str) -> None:
    page.locator("main nav.actions").get_by_role("link", name=label, exact=True).click()
    page.wait_for_load_state()


def _option(page, select: str, text: str) -> str:
    return page.locator(f"{select} option", has_text=text).first.get_attribute("value")


def _money(text: str) -> float:
    return float(text.replace(",", "").strip())


def test_the_finance_officer_assesses_collects_and_reports(served_app, browser):
    base = served_app["url"]
    page = browser.new_context(locale="en-GB").new_page()
    sign_in(page, base, "finance.hq")
    page.get_by_role("link", name="Finance", exact=True).first.click()
    page.wait_for_load_state()

    # The 1997 budget, its scale from the UN scale, and the assessments posted to the ledger.
    _nav(page, "Budgets and assessments")
    page.fill("#id_year", "1997")
    page.fill("#id_amount", "34500000.00")
    page.fill("#id_adopted", "1996-11-30")
    _submit(page, "main form")
    assert page.url.endswith("/finance/years/1997/")
    page.set_input_files("#id_un_scale", {"name": "un-scale-1997.csv", "mimeType": "text/csv",
                                          "buffer": UN_SCALE.encode()})
    page.fill("#id_floor", "0.01")
    page.fill("#id_ceiling", "25")
    _submit(page, "form:has(input[name=step][value=scale])")
    assert page.get_by_role("cell", name="Austria").is_visible()
    page.fill("#id_booked_on", "1997-01-01")
    _submit(page, "form:has(input[name=step][value=assess])")
    austria = page.locator("tr", has=page.get_by_role("link", name="Austria", exact=True))
    assessed = _money(austria.locator("td.number").last.inner_text())
    assert assessed > 0

    # A rate for the day, then Austria pays in Deutsche Mark (valued in francs at that rate).
    _nav(page, "Exchange rates")
    page.select_option("#id_currency", "DEM")
    page.select_option("#id_base", "CHF")
    page.fill("#id_day", "1997-03-03")
    page.fill("#id_rate", "0.85")
    page.fill("#id_source", "Swiss National Bank")
    _submit(page, "main form")
    _nav(page, "Member States")
    page.get_by_role("link", name="Austria", exact=True).click()
    page.wait_for_load_state()
    page.fill("#id_received_on", "1997-03-03")
    page.fill("#id_amount", "100000")
    page.select_option("#id_currency", "DEM")
    page.fill("#id_reference", "Bundeskasse 1997-1")
    _submit(page, "main form[method=post]")
    assert "The payment is recorded." in page.content()
    member_url = page.url
    page.goto(f"{member_url}?since=1997-01-01&until=1997-12-31")
    statement = page.locator("table").first.inner_text()
    assert "DEM 100,000.00" in statement and "85,000.00" in statement
    owed = page.locator("table").nth(1).inner_text()
    assert f"{assessed - 85000:,.2f}" in owed
    with page.expect_download() as download:
        page.locator("#statement-pdf").click()
    assert download.value.suggested_filename == "statement-AUT-1997-12-31.pdf"
    text = "".join(p.extract_text() for p in PdfReader(download.value.path()).pages)
    assert "Austria (AUT)" in text and "DEM 100,000.00" in text
    assert f"{assessed - 85000:,.2f}" in text

    # Switzerland pays part of its 1997 contribution in francs: the rest stays owed for 1997.
    _nav(page, "Member States")
    page.get_by_role("link", name="Switzerland", exact=True).click()
    page.wait_for_load_state()
    page.fill("#id_received_on", "1997-02-14")
    page.fill("#id_amount", "100000.00")
    _submit(page, "main form[method=post]")
    page.goto(page.url + "?until=1997-12-31")
    owed_rows = page.locator("table").nth(1).locator("tbody tr")
    assert owed_rows.first.locator("td").first.inner_text() == "1997"
    assert _money(owed_rows.first.locator("td").last.inner_text()) > 0

    # Norway pledges to the Libya evacuation, earmarked; the emergency fund advances on it.
    _nav(page, "Donors")
    page.get_by_role("link", name="Norway", exact=True).click()
    page.wait_for_load_state()
    page.fill("#id_reference", "NOR-QZA-26/0201")
    page.fill("#id_title", "Evacuation from Libya, second phase")
    page.fill("#id_signed_on", _day(7))
    _submit(page, "main form[method=post]")
    _nav(page, "Voluntary contributions")
    page.select_option("#id_donor", label="Norway")
    page.fill("#id_reference", "NOR-LBY-EVAC-2")
    page.select_option("#id_earmarking", "3")
    page.fill("#id_amount", "250000")
    page.select_option("#id_currency", "EUR")
    page.fill("#id_pledged_on", _day(10))
    page.select_option("#id_operation", _option(page, "#id_operation", "EVAC-LBY-01"))
    _submit(page, "main form[method=post]")
    contribution_url = page.url
    assert "/finance/contributions/" in contribution_url
    assert page.locator("tfoot").inner_text().split()[-1] == "0.00"  # a pledge is not funding

    _nav(page, "Emergency fund")
    page.select_option("#id_operation", _option(page, "#id_operation", "EVAC-LBY-01"))
    page.fill("#id_amount", "200000")
    page.fill("#id_advanced_on", _day(7))
    page.fill("#id_reason", "Second charter before Norway's money arrives")
    page.select_option("#id_pledges", _option(page, "#id_pledges", "NOR-LBY-EVAC-2"))
    _submit(page, "form:has(input[name=step][value=advance])")
    advance = page.locator("tr", has=page.get_by_role("link", name="NOR-LBY-EVAC-2"))
    assert "200,000.00" in advance.inner_text()

    # The commitment, then the money: the advance is repaid first, in the same transaction.
    advance.get_by_role("link", name="NOR-LBY-EVAC-2").click()
    page.wait_for_load_state()
    page.select_option("#id_agreement", label="NOR-QZA-26/0201")
    page.fill("#id_committed_on", _day(7))
    _submit(page, "form:has(input[name=step][value=commit])")
    page.fill("#id_received_on", _day(7))
    page.fill("#id_amount", "250000")
    _submit(page, "form:has(input[name=step][value=receipt])")
    assert "USD 200,000.00 repaid to the emergency fund" in page.content()
    _nav(page, "Emergency fund")
    advance = page.locator("tr", has=page.get_by_role("link", name="NOR-LBY-EVAC-2"))
    assert [advance.locator("td").nth(i).inner_text() for i in (3, 4)] == ["200,000.00", "0.00"]

    # Greece on the opening day of the Council's 72nd session: its arrears suspend its vote.
    _nav(page, "Member States")
    page.get_by_role("link", name="Greece", exact=True).click()
    page.wait_for_load_state()
    page.goto(page.url + "?until=1996-11-26")
    standing = page.locator("main p", has_text="Arrears").inner_text()
    assert "Voting rights suspended" in standing
    greek_arrears = re.search(r"Arrears: CHF ([\d,.]+)\.", standing).group(1)

    secretariat = browser.new_context(locale="en-GB").new_page()
    sign_in(secretariat, base, "secretariat.hq")
    secretariat.goto(base + "/governance/")
    row = secretariat.locator("tr", has=secretariat.locator("td.number", has_text=re.compile(
        r"^72$")))
    row.get_by_role("link").click()
    secretariat.wait_for_load_state()
    quorum = secretariat.locator("#quorum").inner_text()
    assert "GRC" in quorum and "PRT" in quorum
    assert f"arrears of CHF {greek_arrears}" in quorum
