"""The public pages, feeds, citations, calendar and sitemap: no sign-in, drafts never shown."""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET  # the feeds are our own output

import icalendar
import pytest
from django.utils import timezone

from corridor.portal import services
from corridor.portal.models import Kind
from corridor.portal.tests.helpers import law, published, users

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def site(db, settings, tmp_path):
    settings.FLOWS_STORE = tmp_path / "flows.duckdb"
    today = timezone.localdate()
    in_force = published(Kind.LEGISLATION, law(
        {"fr": "Loi relative aux travailleurs migrants", "en": "Migrant workers act"},
        summary={"fr": "Droits des travailleurs migrants."}), language="fr")
    repealed = published(Kind.LEGISLATION, law({"en": "Old aliens act"}, versions=[
        {"date": "1990-01-01", "event": "enacted"}, {"date": "2001-01-01", "event": "repealed"}]))
    meeting = published(Kind.MEETING, {
        "title": {"en": "Regional dialogue on labour mobility", "fr": "Dialogue régional sur la mobilité"},
        "countries": ["FRA", "MAR"], "date": (today + dt.timedelta(days=20)).isoformat(),
        "end_date": (today + dt.timedelta(days=21)).isoformat(),
        "details": {"meeting_type": "regional_dialogue", "place": {"en": "Rabat"},
                    "timetable": [{"start": f"{today + dt.timedelta(days=20)}T09:00",
                                   "end": f"{today + dt.timedelta(days=20)}T10:30",
                                   "title": {"en": "Opening", "fr": "Ouverture"}}],
                    "organisations": [{"name": "Ministry of Labour", "role": "receiving"}]}})
    publication = published(Kind.PUBLICATION, {
        "title": {"en": "Remittances & families {2023}"}, "countries": ["FRA"], "date": "2023-03-01",
        "summary": {"en": "A study."},
        "details": {"publication_type": "report", "authors": ["A. Author", "B. Author"],
                    "publisher": "Corridor"}})
    draft = services.item_create(actor=users()[0], kind=Kind.PUBLICATION, source_language="en",
                                 data={"title": {"en": "Unpublished draft study"}, "countries": ["FRA"],
                                       "details": {"publication_type": "report", "authors": ["X"]}})
    return {"law": in_force, "repealed": repealed, "meeting": meeting, "publication": publication,
            "draft": draft}


def test_country_page_in_french_shows_law_in_force_and_no_draft(client, site):
    client.cookies["corridor_language"] = "fr"
    page = client.get("/public/countries/FRA/").content.decode()
    in_force = page.split('id="in-force"')[1].split("</section>")[0]
    assert "Loi relative aux travailleurs migrants" in in_force
    assert "Old aliens act" not in in_force and "Old aliens act" in page
    assert "Remittances &amp; families" in page and "Unpublished draft study" not in page
    assert client.get("/public/countries/FR/").status_code == 200
    assert client.get("/public/countries/ZZZ/").status_code == 404


def test_a_draft_is_never_public(client, site):
    assert client.get(f"/public/items/{site['draft'].slug}/").status_code == 404
    assert site["draft"].slug not in client.get("/sitemap.xml").content.decode()
    assert "Unpublished" not in client.get("/public/feeds/publications.atom").content.decode()


def test_item_page_falls_back_visibly_and_carries_json_ld(client, site):
    client.cookies["corridor_language"] = "es"
    page = client.get(f"/public/items/{site['law'].slug}/").content.decode()
    assert 'lang="fr">Loi relative aux travailleurs migrants' in page
    assert "application/ld+json" in page and '"@type": "Legislation"' in page
    assert "revisión 1" in page or "revision 1" in page


def test_citations(client, site):
    slug = site["publication"].slug
    bib = client.get(f"/public/items/{slug}/cite.bib").content.decode()
    assert bib.startswith("@techreport{") and "author = {A. Author and B. Author}" in bib
    assert r"Remittances \& families \{2023\}" in bib
    csl = json.loads(client.get(f"/public/items/{slug}/cite.csl").content)
    assert csl[0]["type"] == "report" and csl[0]["issued"] == {"date-parts": [[2023]]}
    assert client.get(f"/public/items/{slug}/cite.xyz").status_code == 404


def test_meeting_calendar_file(client, site):
    answer = client.get(f"/public/items/{site['meeting'].slug}/calendar.ics")
    assert answer["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(answer.content)
    events = [c for c in calendar.walk("VEVENT")]
    assert len(events) == 2 and str(events[0]["summary"]) == "Regional dialogue on labour mobility"
    assert events[0].decoded("dtstart") == site["meeting"].date


def test_feeds_per_country_and_language(client, site):
    for feed in ("publications", "meetings", "legislation"):
        answer = client.get(f"/public/feeds/{feed}.atom")
        assert answer.status_code == 200 and answer["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(  # noqa: S314
        client.get("/public/feeds/legislation.atom?country=FR&lang=fr").content)
    titles = [e.findtext(f"{ATOM}title") for e in root.iter(f"{ATOM}entry")]
    assert titles == ["Loi relative aux travailleurs migrants"]
    root = ET.fromstring(  # noqa: S314
        client.get("/public/feeds/meetings.atom?country=MAR").content)
    assert len(list(root.iter(f"{ATOM}entry"))) == 1
    assert client.get("/public/feeds/legislation.atom?country=QQ").status_code == 404
    assert client.get("/public/feeds/legislation.atom?lang=xx").status_code == 404
    assert client.get("/public/feeds/people.atom").status_code == 404


def test_sitemap_and_search_page(client, site):
    sitemap = client.get("/sitemap.xml").content.decode()
    assert f"/public/items/{site['law'].slug}/" in sitemap and "/public/search/" in sitemap
    client.cookies["corridor_language"] = "fr"
    page = client.get("/public/search/", {"q": "travailleur migrant"}).content.decode()
    assert "<mark>travailleurs</mark>" in page and "Loi relative aux travailleurs migrants" in page
    assert client.get("/public/search/", {"q": '"(* OR', "year": "x", "page": "-3"}).status_code == 200


def test_scheduled_first_publication_waits_for_its_time(client, site):
    later = published(Kind.LEGISLATION, law({"en": "Future act"}),
                      publish_at=timezone.now() + dt.timedelta(days=2))
    assert client.get(f"/public/items/{later.slug}/").status_code == 404
    assert "Future act" not in client.get("/public/search/", {"q": "future"}).content.decode()


def test_another_app_registers_a_feed_of_its_public_records(client, db):
    from corridor.portal import feeds
    source = feeds.Source(name="test-decisions", title=lambda: "Decisions",
                          entries=lambda limit: [feeds.Entry("Resolution 1 (test)", "/d/1/",
                                                             timezone.now(), "Adopted")][:limit])
    feeds.register_source(source)
    try:
        root = ET.fromstring(  # noqa: S314
            client.get("/public/feeds/test-decisions.atom").content)
        assert [e.findtext(f"{ATOM}title") for e in root.iter(f"{ATOM}entry")] == ["Resolution 1 (test)"]
        with pytest.raises(ValueError):
            feeds.register_source(feeds.Source("meetings", lambda: "", lambda n: []))
    finally:
        feeds.SOURCES.pop("test-decisions")
