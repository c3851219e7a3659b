"""In a real browser, in English and in French: the governance secretariat opens a special
session of the Council (its voting rights judged on its opening day in 1996, when the demo's
Greece and Portugal are in arrears), records attendance, takes a roll-call vote in which
Greece's ballot is excluded with the reason shown, elects the Director General by secret
ballot over four rounds with an elimination after the third, adopts the agenda with an
additional item four members ask for with a memorandum, finds the numbered decisions in the
draft minutes, and downloads the attendance list and results as PDF."""

from __future__ import annotations

import pytest

from tests.browser.signin import sign_in

pytestmark = pytest.mark.browser
PRESENT = ("AUT", "BEL", "DEU", "FRA", "GRC", "ITA", "CHE")
ROUNDS = [  # six voters with voting rights: two thirds of 6 votes cast is 4
    {"AUT": "Ana", "BEL": "Ana", "DEU": "Ben", "FRA": "Ben", "ITA": "Chloé", "CHE": "Chloé"},
    {"AUT": "Ana", "BEL": "Ana", "DEU": "Ben", "FRA": "Ben", "ITA": "Chloé", "CHE": "Chloé"},
    {"AUT": "Ana", "BEL": "Ana", "DEU": "Ben", "FRA": "Ben", "ITA": "Ana", "CHE": "Chloé"},
    {"AUT": "Ana", "BEL": "Ana", "DEU": "Ben", "FRA": "Ben", "ITA": "Ana", "CHE": "Ana"},
]
WORDS = {"en": {"excluded": "Ballots not counted", "elected": "Elected: Ana",
                "eliminated": "Chloé eliminated", "decision": "Decision"},
         "fr": {"excluded": "Bulletins non comptés", "elected": "Élu : Ana",
                "eliminated": "Chloé éliminé", "decision": "Décision"}}
ASKING = ("Austria", "Belgium", "France", "Germany")


def _submit(page, form: str) -> None:
    page.locator(f"{form} button[type=submit]").click()
    page.wait_for_load_state()


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_council_session_votes_and_elects(served_app, browser, language):
    base = served_app["url"]
    page = browser.new_context().new_page()
    sign_in(page, base, "secretariat.hq")
    if language != "en":
        page.select_option("#language-select", language)
        page.locator("form.language button").click()
        page.wait_for_load_state()
    page.goto(base + "/governance/")
    page.select_option("#id_organ", "council")
    page.fill("#id_number", "73" if language == "en" else "74")
    page.select_option("#id_kind", "special")
    page.fill("#id_opens_on", "1996-11-27")
    page.fill("#id_place", "Geneva")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert "/governance/sessions/" in page.url
    session_url = page.url

    for code in PRESENT:
        page.locator("#attendance label", has_text=f"({code})").click()
    _submit(page, "#attendance")
    quorum = page.locator("#quorum").inner_text()
    assert "GRC" in quorum and "PRT" in quorum  # suspended for arrears, with the reason

    page.fill("#id_title", "Programme and Budget for 1997")
    for code in PRESENT:
        page.select_option(f"#id_vote_{code}", "no" if code in ("DEU", "GRC") else "yes")
    _submit(page, "#roll-call")
    assert "/governance/votes/" in page.url
    excluded = page.locator("#excluded").inner_text()
    assert WORDS[language]["excluded"] in page.content() and "GRC" in excluded
    assert page.locator("#outcome").inner_text().strip()

    page.goto(session_url)
    page.select_option("#id_office", "director_general")
    page.fill("#id_candidates", "Ana\nBen\nChloé")
    _submit(page, "#election-open")
    election_url = page.url
    assert "/governance/elections/" in election_url
    for ballots in ROUNDS:
        for member, choice in ballots.items():
            page.select_option("#id_member", member)
            page.select_option("#id_choice", choice)
            _submit(page, "#cast")
            assert page.locator("#receipt").inner_text().strip()
            page.goto(election_url)
        _submit(page, "#count")
    rounds = page.locator("#rounds").inner_text()
    assert WORDS[language]["eliminated"] in rounds
    assert WORDS[language]["elected"] in page.locator("#elected").inner_text()

    page.goto(session_url + "agenda/")
    page.fill("#item #id_title", "Programme and Budget for 1997")
    _submit(page, "#item")
    _submit(page, "#adopt")
    page.fill("#item #id_title", "Humanitarian evacuation")
    page.check("#item #id_additional")
    for name in ASKING:
        page.locator("#item label", has_text=name).click()
    page.fill("#item #id_memorandum", "Why the Council should consider it now.")
    _submit(page, "#item")
    assert all(name in page.locator("#items").inner_text() for name in ASKING)

    page.goto(session_url + "minutes/")
    text = page.locator("#minutes").inner_text()
    decision = WORDS[language]["decision"]
    assert f"{decision} " in text and "Humanitarian evacuation" in text and "Ana" in text

    page.goto(session_url)
    with page.expect_download() as download:
        page.locator("#session-pdf").click()
    assert download.value.suggested_filename.endswith(".pdf")
