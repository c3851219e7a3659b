"""Dashboard (SVG map and chart), masked cells as "< 5" in pages, exports and API, HXL headers,
the public page."""

from __future__ import annotations

import csv
import io

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from corridor.flows import services
from corridor.flows.tests.helpers import count_row, counts_csv, day, publish_drafts
from corridor.geo.tabular import read_table


@pytest.fixture
def small(org, cast, points):
    """Syrians are many; three Iraqis crossed: a cell under the threshold of 5."""
    rows = [count_row(count=120), count_row(sex="male", count=80),
            count_row(nationality="IRQ", sex="male", count=3),
            count_row(nationality="EGY", sex="male", count=2, days_ago=4)]
    services.flows_import(actor=cast["data_analyst"], office=org.country_a, kind="counts",
                          data=counts_csv(rows), filename="small.csv")
    header = "round,assessment_type,date,admin_pcode,population_type,individuals\n"
    body = (f"1,baseline,{day(20)},JO11,idp,300\n1,baseline,{day(20)},JO12,idp,2\n"
            f"1,baseline,{day(20)},JO13,idp,250\n")
    services.flows_import(actor=cast["data_analyst"], office=org.country_a, kind="assessments",
                          data=(header + body).encode(), filename="r1.csv")
    return points


def test_dashboard_renders_with_map_and_chart(small, cast, client_for):
    page = client_for(cast["data_analyst"]).get("/flows/")
    html = page.content.decode()
    assert page.status_code == 200
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="chart"' in html
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="map"' in html
    # The chart and the map need no script and no inline style (the header's work-queue notice,
    # a deferred script of the app's own, is the page frame's, not the dashboard's).
    dashboard = html[html.index("<main"):html.index("</main>")]
    assert "<script" not in dashboard and "style=" not in html
    assert "Jordan" in html  # the country marker of the top level
    drill = client_for(cast["data_analyst"]).get("/flows/?country=JOR").content.decode()
    assert "Point JO-P1" in drill and "Mafraq" in drill  # points and admin areas on the map


def test_masked_cells_read_less_than_five_everywhere(small, cast, client_for):
    client = client_for(cast["data_analyst"])
    page = client.get("/flows/breakdowns/").content.decode()
    assert "&lt; 5" in page and "<svg" in page
    api = client.get("/api/v1/flows/breakdown?by=nationality").json()
    iraqis = next(r for r in api if r["value"] == "IRQ")
    assert iraqis == {"value": "IRQ", "count": None, "suppressed": True, "display": "< 5"}
    assert next(r for r in api if r["value"] == "SYR")["count"] == 200
    exported = client.get("/flows/export/breakdown.csv?by=nationality").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(exported)))
    assert ["IRQ", "", "People < 5"] in rows and ["SYR", "200", ""] in rows  # HXL: numbers only
    displaced = client.get("/flows/displaced/").content.decode()
    assert "&lt; 5" in displaced
    book = load_workbook(io.BytesIO(client.get("/flows/export/displaced.xlsx").content))
    values = [c for row in book.active.iter_rows(values_only=True) for c in row]
    assert "< 5" in values and 2 not in values


def test_hxl_export_has_a_hashtag_row_and_parses_back(small, cast, client_for):
    response = client_for(cast["data_analyst"]).get("/flows/export/displaced.csv")
    assert response["Content-Type"].startswith("text/csv")
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert lines[0][:3] == ["Country", "Admin P-code", "Admin name"]
    assert lines[1] == ["#country+code", "#adm1+code", "#adm1+name", "#round+code", "#assessment+type",
                        "#date+reported", "#affected+idps+ind", "#meta+suppressed"]
    table = read_table(response.content, "displaced.csv")
    assert table.hashtags[1] == "#adm1+code" and table.first_row == 3
    by_area = {row[1]: row for row in table.rows}
    assert by_area["JO11"][0] == "JOR" and by_area["JO11"][3] == "1" and by_area["JO11"][6] == "300"
    od = client_for(cast["data_analyst"]).get("/flows/export/od.csv").content.decode("utf-8-sig")
    assert od.splitlines()[1].startswith("#adm1+code+origin,")


def test_api_analytics_endpoints_answer(small, cast, client_for):
    client = client_for(cast["data_analyst"])
    series = client.get("/api/v1/flows/series?frequency=daily").json()
    assert any(r["count"] == 203 for r in series)
    od = client.get("/api/v1/flows/od").json()
    assert {"origin": "TOTAL", "destination": "TOTAL", "count": 205, "suppressed": False,
            "display": "205"} in od
    displaced = client.get("/api/v1/flows/displaced").json()
    masked = next(r for r in displaced if r["admin_pcode"] == "JO12")
    assert masked["individuals"] is None and masked["display"] == "< 5"
    assert client.get("/api/v1/flows/surges").status_code == 200


def test_public_page_shows_aggregates_and_nothing_personal(small, cast, reviewer):
    from corridor.portal.flows_views import flows

    publish_drafts(reviewer)
    request = RequestFactory().get("/flows/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    html = flows(request).content.decode()
    assert "Jordan" in html and "&lt; 5" in html
    for secret in ("data_analyst_a", "small.csv", "JO-P1", "sha256"):
        assert secret not in html


def _unbounded_gazetteer_reads(queries: CaptureQueriesContext) -> list[str]:
    """Reads of the gazetteer (80 areas of five countries in the tests) that do not name the
    areas or countries they want."""
    reads = [q["sql"] for q in queries.captured_queries if 'FROM "geo_adminarea"' in q["sql"]]
    assert reads
    return [sql for sql in reads if " IN (" not in sql]


def test_public_page_reads_only_the_areas_it_shows(small, reviewer):
    from django.test import Client

    publish_drafts(reviewer)
    with CaptureQueriesContext(connection) as queries:
        html = Client().get("/public/flows/").content.decode()
    # Same page: the country row and the three assessed areas with their names.
    assert '<th scope="row">Jordan</th>' in html
    for pcode, name in (("JO11", "Amman"), ("JO12", "Balqa"), ("JO13", "Zarqa")):
        assert f"<td>{name} <small>{pcode}</small></td>" in html
    assert _unbounded_gazetteer_reads(queries) == []


def test_od_export_reads_only_the_areas_it_names(small, cast, client_for):
    client = client_for(cast["data_analyst"])
    with CaptureQueriesContext(connection) as queries:
        rows = list(csv.reader(io.StringIO(client.get("/flows/export/od.csv").content.decode())))
    assert ["SY02", "Aleppo", "JO22", "Mafraq", "205", ""] in rows
    assert ["TOTAL", "TOTAL", "TOTAL", "TOTAL", "205", ""] in rows
    assert _unbounded_gazetteer_reads(queries) == []


def test_breakdowns_page_shows_translated_labels_in_french(org, cast, points, client_for):
    rows = [count_row(count=60), count_row(sex="male", count=40, direction="out",
                                            reason="natural_disaster", age="0-4")]
    services.flows_import(actor=cast["data_analyst"], office=org.country_a, kind="counts",
                          data=counts_csv(rows), filename="fr.csv")
    client = client_for(cast["data_analyst"])
    client.cookies["corridor_language"] = "fr"
    page = client.get("/flows/breakdowns/").content.decode()
    # Captions and headers say what is counted, not the engine's keys.
    for caption in ("Personnes comptées par sexe", "Personnes comptées par tranche d&#x27;âge",
                    "Personnes comptées par motif du déplacement",
                    "Personnes comptées par sens de passage"):
        assert f"<caption>{caption}</caption>" in page
    assert '<th scope="col">Sexe</th>' in page and '<th scope="col">Motif</th>' in page
    for key in ("sex", "age_group", "nationality", "reason", "direction"):
        assert f"<caption>{key}</caption>" not in page and f'<th scope="col">{key}</th>' not in page
    # Row labels are words; codes without a word (nationalities) stay as they are.
    for label in ("Féminin", "Masculin", "Entrée", "Sortie", "Conflit", "Catastrophe naturelle",
                  "0–4 ans", "18–59 ans", "Total", "SYR"):
        assert f"<tr><td>{label}</td>" in page, label
    for code in ("female", "male", "in", "out", "conflict", "natural_disaster", "TOTAL"):
        assert f"<tr><td>{code}</td>" not in page, code
    # The filters offer the same words.
    assert '<option value="female">Féminin</option>' in page
    assert '<option value="out">Sortie</option>' in page


def test_public_page_months_are_unambiguous_in_french(org, cast, points, reviewer):
    # Two neighbouring months that Django's "M" wrote alike in French ("Jui") for June and July
    # when they fell in the window; any months must be written in full.
    from django.test import Client

    rows = [count_row(days_ago=days) for days in (3, 40, 70)]
    services.flows_import(actor=cast["data_analyst"], office=org.country_a, kind="counts",
                          data=counts_csv(rows), filename="months.csv")
    publish_drafts(reviewer)
    months = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
              "septembre", "octobre", "novembre", "décembre"]
    client = Client()
    client.cookies["corridor_language"] = "fr"
    response = client.get("/public/flows/")
    html = response.content.decode()
    shown = response.context["flows"].months
    assert len(shown) >= 3
    for month in shown:
        assert f'<th scope="col" class="number">{months[month.month - 1]} {month.year}</th>' in html
    assert "Jui " not in html


def test_population_types_read_as_words_on_the_analyst_and_public_pages(small, cast, client_for,
                                                                         reviewer):
    from django.test import Client

    publish_drafts(reviewer)
    analyst = client_for(cast["data_analyst"])
    analyst.cookies["corridor_language"] = "es"
    assert "<td>Desplazados internos</td>" in analyst.get("/flows/displaced/").content.decode()
    public = Client()
    public.cookies["corridor_language"] = "fr"
    html = public.get("/public/flows/").content.decode()
    assert "<td>Personnes déplacées internes</td>" in html and "<td>idp</td>" not in html


@pytest.mark.parametrize(("language", "name"), [("fr", "Jordanie"), ("es", "Jordania")])
def test_the_country_filter_names_countries_in_the_readers_language(org, cast, points, client_for,
                                                                    language, name):
    client = client_for(cast["data_analyst"])
    client.cookies["corridor_language"] = language
    page = client.get("/flows/").content.decode()
    # The name is read, the ISO3 code is submitted (and stays in links and exports).
    assert f'<option value="JOR">{name} (JOR)</option>' in page
    assert '<option value="JOR">JOR</option>' not in page
    filtered = client.get("/flows/", {"country": "JOR"})
    assert filtered.status_code == 200
    # The drill-down trail names the country too.
    trail = filtered.content.decode().split('class="trail"', 1)[1].split("</ol>", 1)[0]
    assert f">{name}</a>" in trail and ">JOR</a>" not in trail


@pytest.fixture
def countrywide(org, cast, points):
    """People from Syria as a whole (admin-0 origin "SY") and an assessment of Jordan as a whole."""
    services.flows_import(actor=cast["data_analyst"], office=org.country_a, kind="counts",
                          data=counts_csv([count_row(count=60, origin="SY")]), filename="sy.csv")
    header = "round,assessment_type,date,admin_pcode,population_type,individuals\n"
    services.flows_import(actor=cast["data_analyst"], office=org.country_a, kind="assessments",
                          data=(header + f"1,baseline,{day(20)},JO,idp,900\n").encode(), filename="jo.csv")
    return points


@pytest.mark.parametrize(("language", "jordan", "syria", "ukraine"), [
    ("fr", "Jordanie", "Syrie", "Ukraine"), ("es", "Jordania", "Siria", "Ucrania")])
def test_pages_and_exports_name_countries_in_the_readers_language(
        countrywide, cast, client_for, language, jordan, syria, ukraine, reviewer):
    from django.test import Client

    publish_drafts(reviewer)
    public = Client()
    public.cookies["corridor_language"] = language
    html = public.get("/public/flows/").content.decode()
    assert f'<th scope="row">{jordan}</th>' in html and f'<th scope="row">{ukraine}</th>' in html
    assert f"<td>{jordan} <small>JO</small></td>" in html  # an area that is a whole country
    assert "Jordan<" not in html

    analyst = client_for(cast["data_analyst"])
    analyst.cookies["corridor_language"] = language
    dashboard = analyst.get("/flows/").content.decode()
    assert f">{jordan}</text>" in dashboard and ">Jordan</text>" not in dashboard  # the map
    whole_country = analyst.get("/flows/?admin_area=JO").content.decode()
    assert f'admin_area=JO">{jordan}</a></li>' in whole_country  # the drill-down trail
    assert f"<td>{jordan} <small>JO</small></td>" in analyst.get("/flows/displaced/").content.decode()
    assert f'<th scope="row" title="SY">{syria}</th>' in analyst.get("/flows/od/").content.decode()

    # Exports: codes stay ISO codes and P-codes, headers and hashtags stay; names are translated.
    displaced = list(csv.reader(io.StringIO(analyst.get("/flows/export/displaced.csv").content.decode())))
    assert displaced[0][:3] == ["Country", "Admin P-code", "Admin name"]
    assert displaced[1][:3] == ["#country+code", "#adm1+code", "#adm1+name"]
    assert displaced[2][:3] == ["JOR", "JO", jordan]
    od = list(csv.reader(io.StringIO(analyst.get("/flows/export/od.csv").content.decode())))
    assert ["SY", syria, "JO22", "Mafraq", "60", ""] in od
    book = load_workbook(io.BytesIO(analyst.get("/flows/export/displaced.xlsx").content))
    assert list(book.active.iter_rows(values_only=True))[2][:3] == ("JOR", "JO", jordan)
