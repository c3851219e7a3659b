"""On a tablet-sized screen, in a real browser: a case worker registers a household with one
member block to start, adds a second in place (the page's script; without it the same button
posts the form), chooses the nationality from the list of countries by name, and gives each a
passport with its expiry date, which the person's page then shows."""

from __future__ import annotations

import datetime
import uuid

import pytest

from tests.browser.signin import sign_in

pytestmark = pytest.mark.browser
TABLET = {"width": 800, "height": 1280}


def _fill_member(page, index: int, *, relation: str, given: str, family: str, expires: str):
    prefix = f"#id_member-{index}-"
    page.select_option(prefix + "relation_to_head", relation)
    page.fill(prefix + "given_name", given)
    page.fill(prefix + "family_name", family)
    page.select_option(prefix + "sex", "female")
    page.select_option(prefix + "birth_date_precision", "year")
    page.fill(prefix + "birth_date", "1990-01-01" if relation == "head" else "2014-01-01")
    page.fill(prefix + "nationality", "SOM")
    page.select_option(prefix + "category", "stranded_migrant")
    page.select_option(prefix + "document_kind", "passport")
    page.fill(prefix + "document_number", f"P{uuid.uuid4().hex[:8].upper()}")
    page.fill(prefix + "document_issuing_country", "SOM")
    page.fill(prefix + "document_expires_on", expires)
    page.check(prefix + "consent_assistance")


def test_a_household_is_registered_on_a_tablet_adding_members_in_place(served_app, browser):
    base = served_app["url"]
    page = browser.new_context(viewport=TABLET).new_page()
    sign_in(page, base, "caseworker.amman")
    page.goto(base + "/people/households/new/")
    assert page.locator("#members fieldset.member").count() == 1
    # The list of countries offers Somalia by its name.
    assert page.locator("datalist#countries option[value='SOM']").inner_text() == "Somalia"
    page.select_option("#id_office", label="Country Office, Amman")
    expires = (datetime.date.today() + datetime.timedelta(days=900)).isoformat()
    _fill_member(page, 0, relation="head", given="Ayaan", family="Nuur", expires=expires)
    page.click("#add-member")
    # Added in place: the page did not reload, and what was typed is still there.
    assert page.locator("#members fieldset.member").count() == 2
    assert page.input_value("#id_member-0-given_name") == "Ayaan"
    assert page.input_value("input[name='member-TOTAL_FORMS']") == "2"
    _fill_member(page, 1, relation="child", given="Hodan", family="Nuur", expires=expires)
    # The page fits the tablet's width (a wide page would scroll sideways).
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    page.locator("main form button[type=submit]:not(#add-member)").last.click()
    page.wait_for_load_state()
    assert "/people/households/" in page.url and "/new/" not in page.url
    body = page.locator("main").inner_text()
    assert "NUUR, Ayaan" in body and "NUUR, Hodan" in body
    page.locator("main a", has_text="NUUR, Hodan").click()
    page.wait_for_load_state()
    shown = page.locator("main").inner_text()
    assert "Passport" in shown
    expected = datetime.date.fromisoformat(expires)
    assert str(expected.year) in shown
