"""In a real browser: a case worker signs in (password, then two-factor enrolment), switches to
French, and sees only the people of their own office."""

from __future__ import annotations

import sqlite3

import pytest

from corridor.access.demo import DEMO_PASSWORD
from tests.browser.signin import SECRETS, code_for

pytestmark = pytest.mark.browser


def _people_by_office(database) -> dict[str, list[int]]:
    with sqlite3.connect(database) as connection:
        rows = connection.execute(
            "SELECT o.code, p.id FROM registry_person p JOIN access_office o ON o.id = p.office_id"
        ).fetchall()
    grouped: dict[str, list[int]] = {}
    for code, person_id in rows:
        grouped.setdefault(code, []).append(person_id)
    return grouped


def test_case_worker_signs_in_switches_to_french_and_sees_only_own_office(served_app, page):
    base = served_app["url"]
    page.goto(base + "/accounts/login/")
    page.get_by_label("User name").fill("supervisor.kyiv")  # signs in nowhere else
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    # A case worker sees personal data: two-factor enrolment comes first.
    page.wait_for_url("**/accounts/two-factor/")
    secret = page.locator(".secret").inner_text().strip()
    SECRETS["supervisor.kyiv"] = secret  # later tests sign in with it
    page.get_by_label("Code from your authenticator app").fill(code_for(secret))
    page.get_by_role("button", name="Turn on").click()
    page.wait_for_url("**/home/")

    page.select_option("#language-select", "fr")
    page.get_by_role("button", name="Change").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "fr"
    menu = page.get_by_role("navigation", name="Navigation principale")
    assert menu.get_by_role("link", name="Accueil").is_visible()

    menu.get_by_role("link", name="Personnes").click()
    page.wait_for_url("**/people/")
    offices = page.locator("tbody tr td:last-child").all_inner_texts()
    assert offices and set(offices) == {"CO-UKR"}

    people = _people_by_office(served_app["database"])
    assert people.get("CO-JOR"), "the demo has people in Amman too"
    response = page.goto(f"{base}/people/{people['CO-JOR'][0]}/")
    assert response.status == 404
    own = page.goto(f"{base}/people/{people['CO-UKR'][0]}/")
    assert own.status == 200
    assert "Date de naissance" in page.content()
