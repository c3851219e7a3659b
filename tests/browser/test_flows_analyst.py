"""In a real browser, the flows issue's "done when": the regional data analyst (Cairo, covering
Jordan and Iraq) adds three monitoring points through the app, loads four weeks of daily flow
counts and then this week's (one point surges on the last day), and a baseline assessment round,
from files; sees the dashboard's SVG map and chart with the figures of the files, a surge alert
for the point that surged and none for the others; downloads the HXL exports, which libhxl reads
back and validates. The round reaches the anonymous public page only when a second analyst
(headquarters') has reviewed it and published it: its uploader is offered no way to.

Reference data comes first, as an administrator would load it: the demo gazetteer (admin areas
with P-codes and centroids), with the `geo_import` command against the server's database.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import subprocess
import sys

import hxl
import pytest

from tests.browser.conftest import ROOT
from tests.browser.signin import sign_in

pytestmark = pytest.mark.browser

ALERT_FILL = "#a4161a"  # corridor.flows.charts.ALERT
POINT_FILL = "#0b4f6c"  # corridor.flows.charts.ACCENT
# code, name, office, admin area (label of the select), P-code, base daily flow
POINTS = [
    ("JO-MFQ-BC", "Mafraq border crossing", "Country Office, Amman", "Mafraq (JO22)", "JO22", 90),
    ("JO-IRB-BS", "Irbid bus station", "Country Office, Amman", "Irbid (JO21)", "JO21", 70),
    ("IQ-NIN-TH", "Ninewa transit hub", "Country Office, Baghdad", "Ninewa (IQG15)", "IQG15", 50),
]
SURGING = "JO-MFQ-BC"
SURGE = 600
# Round 1 of a baseline assessment: admin P-code, population type, individuals.
ROUND_1 = [("JO22", "idp", 1200), ("JO21", "idp", 850), ("JO11", "returnee", 400),
           ("IQG15", "idp", 3100), ("IQG11", "idp", 2200), ("IQG11", "returnee", 640)]
COUNTS_HEADER = "date,point,direction,nationality,sex,age_group,mode,reason,origin,destination,count\n"


def _day(days_ago: int) -> dt.date:
    return dt.date.today() - dt.timedelta(days=days_ago)


def _flow(point: int, days_ago: int) -> int:
    """People counted at a point on a day: its base plus a wobble of 0-22 (sd about 7), so that the
    mean + 3 sd of four weeks is about base + 31 and no ordinary day is a surge."""
    code, _name, _office, _area, _pcode, base = POINTS[point]
    if code == SURGING and days_ago == 1:
        return SURGE
    return base + (days_ago * 7 + point * 5) % 23


def _shown(date: dt.date) -> str:
    """A date as the pages show it in English (en-GB)."""
    return f"{date.day} {date:%B %Y}"


def _counts_file(path, days: range) -> dict[dt.date, int]:
    """Two rows (women, men) per point and day; returns the total per day."""
    totals: dict[dt.date, int] = {}
    lines = [COUNTS_HEADER]
    for days_ago in days:
        for index, (code, _name, _office, _area, pcode, _base) in enumerate(POINTS):
            total = _flow(index, days_ago)
            date = _day(days_ago)
            totals[date] = totals.get(date, 0) + total
            for sex, count in (("female", total // 2), ("male", total - total // 2)):
                lines.append(f"{date},{code},in,SYR,{sex},18-59,bus,conflict,SY02,{pcode},{count}\n")
    path.write_text("".join(lines), encoding="utf-8")
    return totals


def _gazetteer_load(database) -> None:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "false",
           "DATABASE_URL": f"sqlite:///{database}"}
    subprocess.run([sys.executable, "manage.py", "geo_import", "corridor/geo/data/demo_gazetteer_hxl.csv"],
                   cwd=ROOT, env=env, check=True, capture_output=True)


def _point_add(page, base, code, name, office, area) -> None:
    page.goto(base + "/flows/points/")
    page.get_by_role("link", name="Add a point").click()
    page.get_by_label("Office").select_option(label=office)
    page.get_by_label("Code").fill(code)
    page.get_by_label("Name").fill(name)
    page.get_by_label("Kind").select_option(label="Border crossing")
    page.get_by_label("Administrative area").select_option(label=area)
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    assert "Point added." in page.content(), page.content()


def _import(page, base, kind: str, path) -> str:
    """Import through the page; returns the import's address."""
    page.goto(base + "/flows/imports/")
    page.get_by_label("What the file holds").select_option(label=kind)
    page.get_by_label("Office").select_option(label="Regional Office, Cairo")
    page.get_by_label("File (CSV, Excel, HXL-tagged CSV or a form export)").set_input_files(str(path))
    page.get_by_role("button", name="Import").click()
    page.wait_for_load_state()
    # The upload answers with its task's page, which follows the worker in place until it ends.
    assert "/tasks/" in page.url, page.url
    page.get_by_role("link", name="See the import").wait_for(timeout=30_000)
    assert "Imported" in page.content(), page.content()
    return page.get_by_role("link", name="See the import").get_attribute("href")


def _hxl_download(page, link_name: str, tmp_path):
    with page.expect_download() as info:
        page.get_by_role("link", name=link_name).click()
    download = info.value
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    content = target.read_bytes()
    dataset = hxl.data(io.BytesIO(content))
    rows = [list(row.values) for row in dataset]
    report = hxl.validate(hxl.data(io.BytesIO(content)))
    errors = [issue for issue in report["issues"] if issue["severity"] == "error"]
    return download.suggested_filename, [c.display_tag for c in dataset.columns], rows, errors


def test_analyst_loads_flows_and_a_round_sees_map_chart_and_surge_and_exports_hxl(served_app, page,
                                                                                  browser, tmp_path):
    base = served_app["url"]
    _gazetteer_load(served_app["database"])
    sign_in(page, base, "analyst.mena")

    for code, name, office, area, _pcode, _base in POINTS:
        _point_add(page, base, code, name, office, area)
    page.goto(base + "/flows/points/")
    for _code, name, *_rest in POINTS:
        assert page.get_by_role("link", name=name).is_visible()

    # Four weeks of history: the surge rule needs 28 days behind a day to judge it. No alert yet.
    history = _counts_file(tmp_path / "counts-previous-4-weeks.csv", range(35, 7, -1))
    _import(page, base, "Flow counts", tmp_path / "counts-previous-4-weeks.csv")
    assert "Imported 168 rows." in page.content()  # 28 days x 3 points x (women, men)
    page.goto(base + "/flows/")
    assert page.locator("#alerts-title").count() == 0

    # This week's counts: the Mafraq crossing counts 600 on the last day, its range is 90-112.
    week = _counts_file(tmp_path / "counts-this-week.csv", range(7, 0, -1))
    _import(page, base, "Flow counts", tmp_path / "counts-this-week.csv")
    assert "Imported 42 rows." in page.content()

    round_file = tmp_path / "baseline-round-1.csv"
    round_file.write_text("round,assessment_type,date,admin_pcode,population_type,individuals\n" + "".join(
        f"1,baseline,{_day(20)},{pcode},{population},{people}\n" for pcode, population, people in ROUND_1))
    round_import = _import(page, base, "Baseline and site assessments", round_file)
    assert "Imported 6 rows." in page.content()

    # Not public yet: the anonymous public page shows nothing of the round, and its uploader
    # may see what would change but is offered no way to publish it.
    public = browser.new_context(locale="en-GB").new_page()
    public.goto(base + "/public/flows/")
    assert "Ninewa" not in public.content() and "3,100" not in public.content()
    page.goto(base + round_import)
    page.get_by_role("link", name="See what would change").click()
    assert "3,100" in page.content()
    assert page.get_by_role("button", name="Publish").count() == 0

    # Headquarters' analyst reviews it (before and after, as the public page shows them) and
    # publishes it; the public page shows it then.
    reviewer = browser.new_context(locale="en-GB").new_page()
    sign_in(reviewer, base, "analyst.hq")
    reviewer.goto(base + round_import)
    reviewer.get_by_role("link", name="Review for the public page").click()
    changes = reviewer.locator("section[aria-labelledby=displaced-title] tbody tr").all_inner_texts()
    assert any("Ninewa" in row and "3,100" in row for row in changes), changes
    reviewer.get_by_role("button", name="Publish").click()
    reviewer.wait_for_load_state()
    assert "Published: the public page shows these figures now." in reviewer.content()
    public.reload()
    assert "Ninewa" in public.content() and "3,100" in public.content()
    public.context.close()
    reviewer.context.close()

    # The dashboard: one surge alert, for the point that surged.
    page.goto(base + "/flows/")
    alerts = page.locator("section[aria-labelledby=alerts-title] li").all_inner_texts()
    assert len(alerts) == 1, alerts
    expected = f"Mafraq border crossing — {_shown(_day(1))}: {SURGE} (expected at most "
    assert alerts[0].startswith(expected), alerts
    assert page.get_by_role("link", name="1 open alert").is_visible()

    # The map: the three points, sized by their flows; the surging one is red, the others are not.
    svg_map = page.locator("svg.map")
    # A map whose points are links is a group of them (an image may hold no link: axe's
    # nested-interactive rule).
    assert svg_map.get_attribute("role") == "group"
    assert svg_map.locator("title#map-title").text_content() == "Flows by place"
    circles = {c.locator("title").text_content().split(":")[0]: c.get_attribute("fill")
               for c in svg_map.locator("circle").all()}
    assert circles["Mafraq border crossing"] == ALERT_FILL
    assert circles["Irbid bus station"] == POINT_FILL and circles["Ninewa transit hub"] == POINT_FILL
    counted = {c.locator("title").text_content() for c in svg_map.locator("circle").all()}
    over_period = {name: sum(_flow(index, d) for d in range(35, 0, -1))
                   for index, (_code, name, *_rest) in enumerate(POINTS)}
    for name, total in over_period.items():
        assert f"{name}: {total:,}" in counted, counted

    # The chart, daily: one bar per day of the default period, the figures of the files.
    page.get_by_role("combobox", name="Period").select_option(label="Daily")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_load_state()
    chart = page.locator("svg.chart")
    assert chart.locator("title#chart-title").text_content() == "People counted per period"
    bars = {t.split(": ")[0]: t.split(": ")[1] for t in chart.locator("rect title").all_text_contents()}
    daily = {**history, **week}
    for date, total in daily.items():
        assert bars[date.isoformat()] == f"{total:,}", (date, bars.get(date.isoformat()))
    table = {r.locator("td").nth(0).inner_text(): r.locator("td").nth(1).inner_text()
             for r in page.locator("section[aria-labelledby=series-title] tbody tr").all()}
    assert table[_shown(_day(1))] == f"{week[_day(1)]:,}"

    # The alerts page agrees; the point's own page charts it.
    page.get_by_role("link", name="1 open alert").click()
    rows = page.locator("tbody tr").all()
    assert len(rows) == 1
    cells = rows[0].locator("td").all_inner_texts()
    assert cells[:4] == [_shown(_day(1)), "Mafraq border crossing", "Country Office, Amman", str(SURGE)]

    # The displaced population of the round, and its HXL export as libhxl reads it.
    page.goto(base + "/flows/displaced/")
    assert "Ninewa" in page.content()
    name, tags, rows, errors = _hxl_download(page, "Download (HXL CSV)", tmp_path)
    assert name == "flows-displaced.csv"
    assert tags == ["#country+code", "#adm1+code", "#adm1+name", "#round+code", "#assessment+type",
                    "#date+reported", "#affected+idps+ind", "#affected+returnees+ind", "#meta+suppressed"]
    exported = {(row[1], "idp"): row[6] for row in rows if row[6]}
    exported |= {(row[1], "returnee"): row[7] for row in rows if row[7]}
    assert exported == {(pcode, population): str(people) for pcode, population, people in ROUND_1}
    assert {row[0] for row in rows} == {"JOR", "IRQ"} and {row[3] for row in rows} == {"1"}
    assert {row[4] for row in rows} == {"baseline"} and all(row[8] == "" for row in rows)
    assert errors == []

    # The daily series export from the dashboard, read back the same way.
    page.goto(base + "/flows/?frequency=daily")
    name, tags, rows, errors = _hxl_download(page, "Download (HXL CSV)", tmp_path)
    assert name == "flows-series.csv" and tags[:3] == ["#date+start", "#meta+days", "#affected+num"]
    exported = {row[0]: row[2] for row in rows}
    assert all(exported[d.isoformat()] == str(n) for d, n in daily.items())
    assert errors == []
