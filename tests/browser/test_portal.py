"""In a real browser, with no account and in French: a visitor finds the legislation in force and
the recent publications on a country, follows a meeting to its documents and its calendar file,
and subscribes to a feed; axe-core finds no WCAG 2.0/2.1 A or AA violation on the main public
pages, each under 500 KB. Then an editor drafts a publication in English and adds its Spanish
translation, the governance secretariat reviews and publishes it, and search finds it in both
languages."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.signin import sign_in

pytestmark = pytest.mark.browser
LEVELS = {"wcag2a", "wcag2aa", "wcag21a", "wcag21aa"}
ATOM = "{http://www.w3.org/2005/Atom}"


def violations(page) -> list[str]:
    results = Axe().run(page)
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])}: {v['nodes'][0]['target']})"
            for v in results.response["violations"] if LEVELS & set(v["tags"])]


def test_a_visitor_reads_the_portal_in_french(served_app, browser):
    base = served_app["url"]
    context = browser.new_context(locale="fr-FR", accept_downloads=True)
    page = context.new_page()
    checked = {}

    def check(name: str) -> None:
        assert len(page.content().encode()) < 500_000, name
        checked[name] = violations(page)

    page.goto(base + "/")
    assert page.locator("html").get_attribute("lang") == "fr"
    check("home")
    page.get_by_role("link", name="Par pays").click()
    check("countries")
    page.get_by_role("link", name="France", exact=True).click()
    assert "/public/countries/FRA/" in page.url
    check("country")
    in_force = page.locator("section[aria-labelledby=in-force] li a")
    assert in_force.count() >= 1
    assert page.locator("section[aria-labelledby=publications] li a").count() >= 1

    # A feed of this country's legislation, in French.
    feed_url = page.locator("#feed-legislation").get_attribute("href")
    assert "country=FR" in feed_url and "lang=fr" in feed_url
    assert page.locator('link[rel=alternate][type="application/atom+xml"]').count() == 2
    feed = page.request.get(base + feed_url)
    assert feed.headers["content-type"].startswith("application/atom+xml")
    root = ET.fromstring(feed.body())  # noqa: S314 - our own server's feed
    entries = list(root.iter(f"{ATOM}entry"))
    assert entries and all(e.findtext(f"{ATOM}link") is not None or e.find(f"{ATOM}link") is not None
                           for e in entries)

    # A law in force, read in French.
    in_force.first.click()
    assert page.locator("script[type='application/ld+json']").count() == 1
    assert "En vigueur" in page.locator("dl.facts").inner_text()
    check("legislation")

    # A meeting: its documents and its calendar file.
    page.goto(base + "/public/countries/FRA/")
    page.locator("section[aria-labelledby=meetings] li a").first.click()
    check("meeting")
    documents = page.locator("a[href^='/public/files/']")
    assert documents.count() >= 1
    with page.expect_download() as document:
        documents.first.click()
    assert document.value.suggested_filename.endswith(".pdf")
    with page.expect_download() as calendar:
        page.get_by_role("link", name="Ajouter à mon agenda (fichier iCalendar)").click()
    assert calendar.value.suggested_filename.endswith(".ics")
    with open(calendar.value.path(), "rb") as ics:
        assert b"BEGIN:VCALENDAR" in ics.read()

    page.goto(base + "/public/browse/publication/")
    check("publications")
    page.locator("ul.portal-list li a").first.click()
    check("publication")
    page.goto(base + "/public/search/?q=travailleurs+migrants")
    assert page.locator("ol.portal-hits li").count() >= 1
    assert page.locator("ol.portal-hits mark").count() >= 1
    check("search")
    context.close()
    assert not any(checked.values()), checked


def _action(page, name: str) -> None:
    page.locator(f"form[action$='/{name}/'] button[type=submit]").click()
    page.wait_for_load_state()


def test_an_editor_drafts_the_secretariat_publishes_search_finds_it_in_two_languages(
        served_app, browser):
    base = served_app["url"]
    editor = browser.new_context(locale="en-GB").new_page()
    sign_in(editor, base, "editor.hq")
    editor.goto(base + "/editorial/new/publication/")
    editor.select_option("#id_source_language", "en")
    editor.fill("#id_title_en", "Circular migration of seasonal orchard workers")
    editor.fill("#id_summary_en", "Orchard workers who return every season.")
    editor.fill("#id_countries", "ESP MAR")
    editor.select_option("#id_d_publication_type", "report")
    editor.fill("#id_d_authors", "R. Nuñez; A. Smith")
    editor.locator("main form.stacked button[type=submit]").click()
    editor.wait_for_load_state()
    item_url = editor.url
    assert "/editorial/items/" in item_url
    editor.get_by_role("link", name="Edit (a new revision)").click()
    editor.fill("#id_title_es", "Migración circular de los temporeros de los huertos")
    editor.fill("#id_summary_es", "Temporeros que vuelven cada temporada.")
    editor.fill("#id_note", "Spanish translation")
    editor.locator("main form.stacked button[type=submit]").click()
    editor.wait_for_load_state()
    assert editor.locator("a", has_text="Changes in revision 2").count() == 1
    _action(editor, "submit")
    assert editor.locator("form[action$='/approve/']").count() == 0  # not one's own work
    slug_link = None

    secretariat = browser.new_context(locale="en-GB").new_page()
    sign_in(secretariat, base, "secretariat.hq")
    secretariat.goto(item_url)
    _action(secretariat, "approve")
    secretariat.fill("#id_note", "First publication")
    _action(secretariat, "publish")
    assert "Published" in secretariat.locator("#item-status").inner_text()
    slug_link = secretariat.get_by_role("link", name="Public page").get_attribute("href")

    visitor = browser.new_context(locale="es-ES").new_page()
    visitor.goto(base + "/public/search/?q=temporero+huerto")
    assert visitor.locator(f"ol.portal-hits a[href='{slug_link}']").count() == 1
    visitor.goto(base + "/public/search/?q=orchard+worker")
    assert visitor.locator(f"ol.portal-hits a[href='{slug_link}']").count() == 1
    visitor.goto(base + slug_link)
    assert "Migración circular" in visitor.locator("h1").inner_text()
