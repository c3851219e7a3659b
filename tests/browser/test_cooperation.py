"""In a real browser: a country office runs a training for a government from its request to the
certificates, and a certificate is verified, without signing in, at the address its QR code
encodes (read back from the PDF's image and from the page's); a returning qualified national is
matched to a country's need, placed, and followed up at 6 months, on the case's timeline."""

from __future__ import annotations

import base64
import datetime as dt
import sqlite3

import pytest

from corridor.cooperation.tests.qr import encodes, pdf_images
from tests.browser.signin import sign_in

pytestmark = pytest.mark.browser
WORKER = "caseworker.amman"


def _form(page, step: str):
    return page.locator(f"form:has(input[name=step][value={step}])")


def _submit(page, step: str) -> None:
    _form(page, step).locator("button[type=submit]").first.click()
    page.wait_for_load_state()


def test_a_training_from_request_to_verified_certificate(served_app, browser):
    base = served_app["url"]
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    sign_in(page, base, WORKER)
    today = dt.date.today()
    page.goto(base + "/cooperation/")
    page.select_option("#id_office", index=1)
    page.fill("#id_country", "JOR")
    page.fill("#id_institution", "Ministry of Interior")
    page.fill("#id_subject", "Document examination")
    page.fill("#id_received_on", (today - dt.timedelta(days=30)).isoformat())
    _submit(page, "request")
    assert "/cooperation/requests/" in page.url

    page.fill("#id_assessment", "Inspectors need training in document checks.")
    _submit(page, "assess")
    page.select_option("#id_status", "accepted")
    _submit(page, "decide")
    assert page.locator("#request-status").inner_text() == "Accepted"
    page.fill("#id_terms_of_reference", "Review procedures at the crossings.")
    page.fill("#id_experts", "A. Lindqvist")
    page.fill("#id_starts_on", (today - dt.timedelta(days=20)).isoformat())
    page.fill("#id_ends_on", (today - dt.timedelta(days=25)).isoformat())  # before it starts
    _submit(page, "mission")
    assert "before it starts" in page.locator(".errors").first.inner_text()
    page.fill("#id_ends_on", (today - dt.timedelta(days=18)).isoformat())
    _submit(page, "mission")
    assert "A. Lindqvist" in page.locator("main").inner_text()
    page.fill("#id_title", "Examining travel documents")
    page.fill("#id_validity_months", "24")
    page.fill("#id_pass_mark", "60")
    _submit(page, "course")
    assert "/cooperation/courses/" in page.url

    page.fill("#id_held_on", (today - dt.timedelta(days=2)).isoformat())
    page.fill("#id_topic", "Security features")
    _submit(page, "session")
    page.fill("#id_rating", "5")
    page.fill("#id_relevance", "4")
    _submit(page, "evaluation")
    page.get_by_role("link", name="Participants, attendance and certificates").click()
    for name in ("Khaled Mansour", "Layla Azzam"):
        page.fill("#id_full_name", name)
        page.fill("#id_institution", "Ministry of Interior")
        _submit(page, "participant")
    sheet = _form(page, "attendance")
    sheet.get_by_label("Khaled Mansour").check()
    sheet.get_by_label("Layla Azzam").check()
    sheet.locator("button").click()
    page.wait_for_load_state()
    for index, post in ((0, "150"), (0, "82"), (1, "40")):  # 150 is refused with the reason
        row = page.locator("tbody tr", has_text="Khaled" if index == 0 else "Layla")
        row.locator("input[name=pre_test]").fill("50")
        row.locator("input[name=post_test]").fill(post)
        row.locator("button").click()
        page.wait_for_load_state()
        if post == "150":
            assert "between 0 and 100" in page.locator("[role=alert]").inner_text()
    _submit(page, "issue")
    assert "1 certificate issued" in page.locator("main").inner_text()
    rows = page.locator("tbody tr", has_text="Khaled Mansour")
    rows.get_by_role("link").click()
    page.wait_for_load_state()
    url = page.locator("#verification-url").inner_text()
    png = base64.b64decode(page.locator("#certificate-qr").get_attribute("src").split(",", 1)[1])
    assert encodes(png, url)
    pdf_link = page.get_by_role("link", name="Download the certificate (PDF)")
    pdf = context.request.get(base + pdf_link.get_attribute("href")).body()
    assert pdf.startswith(b"%PDF") and any(encodes(image, url) for image in pdf_images(pdf))
    context.close()

    public = browser.new_context(locale="en-GB").new_page()  # nobody signed in
    public.goto(url)
    assert public.locator("#verdict").inner_text() == "This certificate is valid."
    assert public.locator("#holder").inner_text() == "Khaled Mansour"
    assert public.locator("#course").inner_text() == "Examining travel documents"
    public.goto(base + "/public/certificates/" + "A" * 32 + "/")
    assert public.locator("#verdict").inner_text() == "No certificate has this code."
    assert "Khaled" not in public.content()
    public.context.close()


def _qualified_case(database) -> tuple[int, int]:
    with sqlite3.connect(database) as db:
        row = db.execute(
            "SELECT c.id, c.person_id FROM cases_case c JOIN access_office o ON o.id = c.office_id"
            " WHERE o.code = 'CO-JOR' AND c.kind = 'qualified_nationals' AND c.person_id IS NOT"
            " NULL AND c.state NOT IN ('closed', 'rejected') ORDER BY c.id").fetchone()
    assert row, "the demo has an open case of return of qualified nationals in Amman"
    return row


def test_a_returning_national_is_placed_and_followed_up(served_app, browser):
    base = served_app["url"]
    case_id, person_id = _qualified_case(served_app["database"])
    page = browser.new_context(locale="en-GB").new_page()
    sign_in(page, base, WORKER)
    page.goto(base + "/cooperation/returns/")
    page.select_option("#id_office", index=1)
    page.fill("#id_country", "JOR")
    page.select_option("#id_occupation", "2221")
    page.fill("#id_institution", "Al-Bashir Hospital")
    _submit(page, "need")
    need_url = page.url
    page.goto(base + "/cooperation/returns/candidates/")
    page.fill("#id_person", str(person_id))
    page.fill("#id_case", str(case_id))
    page.fill("#id_residing_in", "DEU")
    page.fill("#id_returning_to", "JOR")
    page.select_option("#id_occupation", "2221")
    _submit(page, "candidate")
    assert "DEU" in page.locator("tbody").inner_text()

    page.goto(need_url)
    row = page.locator("tbody tr").first
    assert "the occupation asked" in row.inner_text()
    row.locator("summary").click()
    assert "nursing" in row.locator("details").inner_text().lower()
    start = dt.date.today() - dt.timedelta(days=175)
    row.locator("input[name=position]").fill("Ward nurse")
    row.locator("input[name=placed_on]").fill(start.isoformat())
    row.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert "/cooperation/returns/placements/" in page.url
    placement_url = page.url

    page.goto(base + "/home/")
    assert "Follow-ups of returning nationals due" in page.locator("main").inner_text()
    page.goto(placement_url)
    six = page.locator("#follow-up-6")
    six.locator("select").select_option("in_post")
    six.locator("button").click()
    page.wait_for_load_state()
    assert "Still in the post" in page.locator("#follow-up-6").inner_text()
    page.get_by_role("link", name=page.locator("dd a").first.inner_text()).first.click()
    page.wait_for_load_state()
    timeline = page.locator("main").inner_text()
    assert "Placed as Ward nurse at Al-Bashir Hospital" in timeline
    assert "Follow-up at 6 months" in timeline
    page.context.close()
