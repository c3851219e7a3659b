"""In a real browser, in Arabic: the main screens of the case worker, the movement officer, the
analyst, the finance officer and the governance secretariat read right to left (dir="rtl", and
an element aligned to the start really on the right), hold no English sentence the English page
has (names, codes and numbers allowed), and axe-core finds no WCAG 2.1 A or AA violation. The
manifest PDF downloaded in Arabic speaks Arabic with the app's Arabic font.

One server of its own, with the whole demo (movements and flows too), so that these screens hold
data without changing what the other walks start from."""

from __future__ import annotations

import io
import re
import sqlite3
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from pypdf import PdfReader

from tests.browser.conftest import serve
from tests.browser.signin import sign_in

pytestmark = pytest.mark.browser

WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Two or more Latin words in a row: a sentence or a label left in English. Single words (codes,
# product names such as KoboToolbox, CSV) and numbers pass.
ENGLISH = re.compile(r"[A-Za-z]{2,}(?:[ ,'’-]+[A-Za-z]{2,})+")
VISIBLE_TEXT = """() => {
  const parts = [document.title, document.body.innerText];
  for (const el of document.querySelectorAll('[aria-label], [title], [placeholder], [alt]')) {
    for (const name of ['aria-label', 'title', 'placeholder', 'alt']) {
      if (el.hasAttribute(name)) parts.push(el.getAttribute(name));
    }
  }
  for (const el of document.querySelectorAll('svg title')) parts.push(el.textContent);
  return parts.join('\\n');
}"""
# Where the start of the line is: the right edge of the heading's text against the main box's.
HEADING_SIDE = """() => {
  const h1 = document.querySelector('main h1'), main = document.querySelector('main');
  const range = document.createRange(); range.selectNodeContents(h1);
  const text = range.getBoundingClientRect(), box = main.getBoundingClientRect();
  return {text_left: text.left, text_right: text.right, box_left: box.left, box_right: box.right,
          brand: document.querySelector('.brand').getBoundingClientRect().left,
          width: document.documentElement.clientWidth};
}"""


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    with serve(tmp_path_factory.mktemp("arabic"),
               "people,cases,movements,flows,finance,governance") as served:
        yield served


def _data(database) -> list[str]:
    """Every short text the database holds (names of people, offices, projects, carriers,
    titles…): shown as recorded, in whatever script, so not a translation's business."""
    values: set[str] = set()
    with sqlite3.connect(database) as connection:
        tables = [name for (name,) in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND name NOT LIKE 'django_%' AND name NOT LIKE 'core_audit%'")]
        for table in tables:
            columns = [row[1] for row in connection.execute(f'PRAGMA table_info("{table}")')
                       if (row[2] or "").upper().startswith(("VARCHAR", "TEXT", "CHAR"))]
            for column in columns:
                # Names from the database's own catalogue, not from input.
                query = (f'SELECT DISTINCT "{column}" FROM "{table}" '  # noqa: S608
                         f'WHERE length("{column}") BETWEEN 3 AND 200')
                for (value,) in connection.execute(query):
                    values.add(str(value))
    return sorted(values, key=len, reverse=True)


def _english_left(text: str, data: list[str]) -> list[str]:
    """Runs of English words in `text` once the data is taken out (names shown in capitals
    too: compared without case)."""
    text = text.lower()
    for value in data:
        if value.lower() in text:
            text = text.replace(value.lower(), " ")
    return sorted(set(ENGLISH.findall(text)))


def _in(page, base: str, path: str, language: str) -> None:
    page.context.add_cookies([{"name": "corridor_language", "value": language, "url": base}])
    page.goto(base + path)
    page.wait_for_load_state()


def _check_screen(page, base: str, path: str, data: list[str]) -> None:
    """The screen in English, then in Arabic: right to left, nothing English left, axe clean."""
    _in(page, base, path, "en")
    english = page.evaluate(VISIBLE_TEXT)
    assert page.locator("html").get_attribute("dir") == "ltr"
    left_in_english = _english_left(english, data)
    assert len(left_in_english) > 3, (path, left_in_english)  # the check does find English
    _in(page, base, path, "ar")
    assert page.locator("html").get_attribute("lang") == "ar", path
    assert page.locator("html").get_attribute("dir") == "rtl", path
    side = page.evaluate(HEADING_SIDE)
    # The heading starts at the right of its box and the brand sits at the right of the header.
    assert abs(side["text_right"] - side["box_right"]) < 40, (path, side)
    assert side["text_left"] > side["box_left"] + 10 or side["text_right"] - side["text_left"] > \
        side["box_right"] - side["box_left"] - 40, (path, side)
    assert side["brand"] > side["width"] / 2, (path, side)
    left = [words for words in _english_left(page.evaluate(VISIBLE_TEXT), data)
            if words in english]
    assert left == [], (path, left)
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG},
                                       "resultTypes": ["violations"]})
    violations = [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3])
                  for v in results.response["violations"]]
    assert violations == [], (path, violations)


def _links(page, base: str, listing: str, pattern: str) -> list[str]:
    """The addresses of the links of `listing` whose path matches `pattern`."""
    _in(page, base, listing, "en")
    hrefs = page.evaluate("() => [...document.querySelectorAll('main a')].map(a => a.pathname)")
    return [href for href in hrefs if re.fullmatch(pattern, href)]


def _first(page, base: str, listing: str, pattern: str) -> str:
    return _links(page, base, listing, pattern)[0]


def _new_page(browser):
    return browser.new_context(locale="ar", viewport={"width": 1200, "height": 900}).new_page()


def test_case_worker_screens_in_arabic(demo, browser):
    base, data = demo["url"], _data(demo["database"])
    page = _new_page(browser)
    sign_in(page, base, "caseworker.amman")
    # The Arabic font is fetched for an Arabic page, the Ethiopic one only where Ge'ez is shown.
    fonts: list[str] = []
    page.on("request", lambda request: fonts.append(request.url) if "/fonts/" in request.url
            else None)
    _in(page, base, "/home/", "ar")
    page.wait_for_load_state("networkidle")
    assert any("NotoSansArabic-Regular" in url for url in fonts), fonts
    assert not any("Ethiopic" in url for url in fonts), fonts
    person = _first(page, base, "/people/", r"/people/\d+/")
    case = _first(page, base, "/cases/", r"/cases/\d+/")
    for path in ("/home/", "/people/households/new/", "/people/new/", person, case, "/cases/"):
        _check_screen(page, base, path, data)
    page.context.close()


def test_movement_officer_screens_and_manifest_in_arabic(demo, browser):
    base, data = demo["url"], _data(demo["database"])
    page = _new_page(browser)
    sign_in(page, base, "movement.amman")
    # The demo's return operation, with legs and passengers (its evacuation has no leg yet).
    operation, leg = next((op, legs[0]) for op in _links(page, base, "/movements/", r"/movements/\d+/")
                          if (legs := _links(page, base, op, r"/movements/legs/\d+/")))
    for path in ("/movements/", operation, leg):
        _check_screen(page, base, path, data)

    # The manifest, downloaded from the leg's page in Arabic: Arabic headers, the app's font.
    _in(page, base, leg, "ar")
    with page.expect_download() as info:
        page.locator("a[href$='manifest.pdf']").click()
    reader = PdfReader(io.BytesIO(Path(info.value.path()).read_bytes()))
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert "Passenger manifest" not in text and "Special needs" not in text, text[:400]
    for words in ("بيان الركاب", "الوثيقة", "الاحتياجات الخاصة", "المرافقون", "جواز سفر"):
        assert words in text, (words, text[:400])
    fonts = {str(ref.get_object().get("/BaseFont")) for p in reader.pages
             for ref in (p["/Resources"].get_object().get("/Font") or {}).values()}
    assert any("Corridor-Arabic" in name for name in fonts), fonts  # the app's Noto Sans Arabic
    page.context.close()


def test_analyst_finance_and_governance_screens_in_arabic(demo, browser):
    base, data = demo["url"], _data(demo["database"])
    for user, paths in (("analyst.hq", ["/flows/", "/flows/breakdowns/", "/flows/od/",
                                        "/flows/displaced/"]),
                        ("finance.hq", ["/finance/"]),
                        ("secretariat.hq", ["/governance/"])):
        page = _new_page(browser)
        sign_in(page, base, user)
        for path in paths:
            _check_screen(page, base, path, data)
        if user == "analyst.hq":
            _in(page, base, "/flows/", "ar")
            chart = page.locator("svg.chart")
            assert chart.count() == 1 and chart.get_attribute("direction") == "ltr"
            assert re.search(r"\d,\d{3}", chart.inner_html()), "the peak grouped as in Arabic"
        page.context.close()
    public = _new_page(browser)
    _check_screen(public, base, "/public/flows/", data)
    public.context.close()
