"""In a real browser: a case worker signs in (password, then two-factor enrolment), switches to
French, and sees only the people of their own office."""

from __future__ import annotations

import base64
import sqlite3

import pytest
from django_otp.oath import totp

from corridor.access.demo import DEMO_PASSWORD

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


def _code_for(secret: str) -> str:
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    return f"{totp(key):06d}"


def test_case_worker_signs_in_switches_to_french_and_sees_only_own_office(served_app, page):
    base = served_app["url"]
    page.goto(base + "/accounts/login/")
    page.get_by_label("User name").fill("caseworker.amman")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    # A case worker sees personal data: two-factor enrolment comes first.
    page.wait_for_url("**/accounts/two-factor/")
    secret = page.locator(".secret").inner_text().strip()
    page.get_by_label("Code from your authenticator app").fill(_code_for(secret))
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
    assert offices and set(offices) == {"CO-JOR"}

    people = _people_by_office(served_app["database"])
    assert people.get("CO-UKR"), "the demo has people in Kyiv too"
    response = page.goto(f"{base}/people/{people['CO-UKR'][0]}/")
    assert response.status == 404
    own = page.goto(f"{base}/people/{people['CO-JOR'][0]}/")
    assert own.status == 200
    assert "Date de naissance" in page.content()
