"""Arabic, right to left (ADR 0094): direction on every page and PDF, logical CSS only, the
Arabic and Ethiopic fonts served light, figures written as each language writes them."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template
from django.utils import translation

from corridor.core import formatting
from corridor.flows import charts

APP = Path(settings.BASE_DIR) / "corridor"
STATIC = APP / "static" / "corridor"
# A physical side in a stylesheet or a template's style: it does not mirror in Arabic.
PHYSICAL = re.compile(r"(?:margin|padding|border|inset)-(?:left|right)\b|text-align\s*:\s*(?:left|right)"
                      r"|float\s*:\s*(?:left|right)|(?<![-\w@])(?:left|right)\s*:\s*-?\d")


def _styled_files() -> list[Path]:
    return sorted([*APP.rglob("*.css"), *APP.rglob("templates/**/*.html")])


def test_styles_use_logical_properties_only():
    found = [f"{path.relative_to(APP)}: {match.group(0)}" for path in _styled_files()
             for match in PHYSICAL.finditer(path.read_text())]
    assert found == []


def test_the_check_finds_a_physical_side():
    assert PHYSICAL.search("th { text-align:left; }") and PHYSICAL.search(".x { margin-right:4px }")
    assert PHYSICAL.search(".skip { left:-999px }")
    assert not PHYSICAL.search("@bottom-right { content: counter(page) }")


def test_every_html_element_takes_its_direction_from_the_language():
    pages = [path for path in APP.rglob("templates/**/*.html") if "<html" in path.read_text()]
    assert len(pages) >= 6
    for path in pages:
        tag = re.search(r"<html[^>]*>", path.read_text()).group(0)
        assert "dir=" in tag and "lang=" in tag, path


@pytest.mark.parametrize("stem", ["NotoSansArabic-Regular", "NotoSansArabic-Bold",
                                  "NotoSansEthiopic-Regular", "NotoSansEthiopic-Bold"])
def test_fonts_are_served_as_small_subsets(stem):
    font = STATIC / "fonts" / f"{stem}.woff2"
    assert font.read_bytes()[:4] == b"wOF2"
    assert font.stat().st_size < 100_000
    assert "SIL OPEN FONT LICENSE" in (STATIC / "fonts" / "OFL.txt").read_text()


def test_each_font_names_its_scripts_range():
    """Each @font-face names its script's range: a browser fetches a file only for a page that
    holds a character in it."""
    css = (STATIC / "corridor.css").read_text()
    faces = re.findall(r"@font-face\s*{([^}]*)}", css)
    assert len(faces) == 4
    for face in faces:
        ranges = re.search(r"unicode-range:([^;]*);", face).group(1)
        assert "U+0000" not in ranges and "U+0020" not in ranges and "U+00" not in ranges


def test_pdfs_load_the_fonts_from_files():
    rules = Template("{% load page_tags %}{% pdf_fonts %}").render(Context())
    addresses = re.findall(r'url\("file://([^"]+)"\)', rules)
    assert len(addresses) == 4 and all(Path(address).exists() for address in addresses)


def test_the_arrow_between_states_points_the_way_the_line_reads():
    arrow = Template("{% load page_tags %}{% onward %}")
    with translation.override("ar"):
        assert arrow.render(Context()) == "←"
    with translation.override("fr"):
        assert arrow.render(Context()) == "→"


@pytest.mark.parametrize(("language", "count", "amount", "share"), [
    ("en", "11,524", "1,234,567.50", "12.5%"),
    ("fr", "11\xa0524", "1\xa0234\xa0567,50", "12,5\xa0%"),
    ("es", "11\xa0524", "1\xa0234\xa0567,50", "12,5\xa0%"),
    ("ar", "11,524", "1,234,567.50", "12.5%"),  # Western digits (ADR 0094)
])
def test_figures_follow_the_language(language, count, amount, share):
    with translation.override(language):
        assert formatting.number(11524) == count
        assert formatting.money(Decimal("1234567.50")) == amount
        assert formatting.percent(Decimal("12.5"), 1) == share


def test_charts_write_figures_in_the_language_and_bars_grow_from_the_start():
    rows = [{"period": "2026-01", "count": 11524, "suppressed": False, "display": "11\xa0524"}]
    with translation.override("fr"):
        svg = charts.series_chart(rows, title="t")
        assert ">11\xa0524</text>" in svg and 'direction="ltr"' in svg
        assert '<rect x="0" width="60"' in charts.bar(50, 100)
    with translation.override("ar"):
        assert ">11,524</text>" in charts.series_chart(rows, title="t")
        assert '<rect x="60" width="60"' in charts.bar(50, 100)  # from the right-hand start


def test_arabic_dates_are_day_month_year_with_western_digits():
    import datetime as dt

    from django.utils.formats import date_format

    with translation.override("ar"):
        assert date_format(dt.date(2026, 3, 4)) == "4 مارس 2026"
        assert date_format(dt.date(2026, 3, 4), "SHORT_DATE_FORMAT") == "04\u200f/03\u200f/2026"


@pytest.mark.parametrize(("language", "written"), [("en", "11,524"), ("fr", "11\xa0524"),
                                                   ("es", "11\xa0524"), ("ar", "11,524")])
def test_public_flows_figures_follow_the_language(language, written):
    from corridor.flows.public import display

    with translation.override(language):
        assert display(11524, False, 5) == written
        assert display(None, True, 5) == "< 5"
