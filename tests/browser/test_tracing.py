"""In a real browser: a tracing officer in Baghdad records a mother's request for her son, sees him
proposed with the engine's field-by-field explanation, confirms and starts reunification; a case
worker in Erbil registers the same man twice and is warned as she enters the second; the tracing
officer's deduplication run proposes the pair (progress shown, a real worker process), merges
it, sees the merged record say where it went, and undoes the merge."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ROOT
from tests.browser.signin import sign_in

pytestmark = pytest.mark.browser


def _env(served_app) -> dict[str, str]:
    return {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": f"sqlite:///{served_app['database']}", "DEBUG": "false",
            "ALLOWED_HOSTS": "127.0.0.1"}


def _manage(served_app, *args: str) -> None:
    env = _env(served_app)
    if args[0] == "corridor_demo":  # the demo loader refuses to run with DEBUG off
        env["DEBUG"] = "true"
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True,
                   capture_output=True)


@pytest.fixture
def worker(served_app):
    """The background worker, as operators run it beside the web server."""
    process = subprocess.Popen([sys.executable, "manage.py", "corridor_worker", "--poll", "0.5"],
                               cwd=ROOT, env=_env(served_app), stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    yield process
    process.terminate()
    process.wait(timeout=30)


def _submit(page) -> None:
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()


def test_a_mother_finds_her_son_and_reunification_starts(served_app, browser):
    base = served_app["url"]
    # The son is registered in Amman and consents to tracing (the demo's tracing part).
    _manage(served_app, "corridor_demo", "--only", "tracing")
    page = browser.new_context(locale="en-GB").new_page()
    sign_in(page, base, "tracing.baghdad")

    page.goto(base + "/tracing/new/")
    page.select_option("#id_office", label="Country Office, Baghdad")
    page.fill("#id_enquirer_name", "Zahra Al-Hassan")
    page.fill("#id_enquirer_contact", "+964 750 555 0101")
    page.check("#id_enquirer_consent")
    page.select_option("#id_cause", "conflict")
    page.select_option("#id_sought-0-relation", "child")
    page.fill("#id_sought-0-given_name", "Mohamed")
    page.fill("#id_sought-0-family_name", "Al Hasan")
    page.select_option("#id_sought-0-sex", "male")
    page.fill("#id_sought-0-birth_year", "2006")
    page.fill("#id_sought-0-place_of_origin", "Mosul")
    _submit(page)
    assert "/tracing/" in page.url and page.locator("h1").inner_text().startswith(
        "Tracing request TR-CO-IRQ-")
    request_url = page.url

    page.get_by_role("button", name="Search the registry").click()
    page.wait_for_load_state()
    assert "candidate(s) proposed" in page.content()
    son = page.locator("table a", has_text="ALHASAN, Muhamad").first
    assert son.count() == 1, page.content()[:3000]
    son.click()
    page.wait_for_load_state()
    # The explanation: every field compared, with the weight it added.
    assert page.locator("h1").inner_text().startswith("Candidate: Muhamad")
    rows = page.locator("table tbody tr")
    assert rows.count() >= 5
    assert page.locator("tr.compare-match, tr.compare-near").count() >= 2
    assert "outside your scope" in page.content()  # the son is registered in Amman

    page.check("input[name=decision][value=confirm]")
    page.fill("#id_reason", "Mother recognised him on the photo from the Amman office")
    _submit(page)
    assert page.url == request_url
    assert "Match confirmed" in page.content()
    page.locator("table a", has_text="ALHASAN, Muhamad").first.click()
    page.wait_for_load_state()
    page.get_by_role("link", name="Start a reunification plan").click()
    page.wait_for_load_state()
    page.fill("#id_movement_origin", "Amman")
    page.fill("#id_movement_destination", "Baghdad")
    _submit(page)
    assert "/tracing/plans/" in page.url
    assert page.locator("h1").inner_text() == "Reunification plan"
    # The son was born in 2006: no child any more, so three steps remain.
    assert "Verification of the family link" in page.content()


def test_a_duplicate_is_flagged_at_entry_merged_and_the_merge_undone(served_app, browser,
                                                                     worker):
    base = served_app["url"]
    clerk = browser.new_context(locale="en-GB").new_page()
    sign_in(clerk, base, "caseworker.erbil")
    registered = []
    for given, family, born in (("Sabah", "Al-Dulaimi", "1985-07-12"),
                                ("Sabbah", "Al Dulaimi", "1985-07-12")):
        clerk.goto(base + "/people/new/")
        clerk.select_option("#id_office", label="Sub-Office, Erbil")
        clerk.fill("#id_given_name", given)
        clerk.fill("#id_family_name", family)
        clerk.select_option("#id_sex", "male")
        clerk.fill("#id_birth_date", born)
        clerk.fill("#id_nationality", "IRQ")
        clerk.select_option("#id_category", "idp")
        clerk.check("#id_consent_tracing")
        _submit(clerk)
        assert "/people/" in clerk.url and clerk.url.rstrip("/").split("/")[-1].isdigit()
        registered.append(clerk.url)
    # Entered second, the other spelling is flagged as possibly the same man once the background
    # worker has checked the registration (seconds): the clerk reloads the person's page.
    warning = clerk.locator("#possible-duplicates")
    for _ in range(60):
        if warning.count():
            break
        clerk.wait_for_timeout(1000)
        clerk.reload()
    assert warning.count() == 1 and "Sabah" in warning.inner_text()
    first_id = registered[0].rstrip("/").split("/")[-1]
    second_id = registered[1].rstrip("/").split("/")[-1]

    officer = browser.new_context(locale="en-GB").new_page()
    sign_in(officer, base, "tracing.baghdad")
    officer.goto(base + "/dedup/")
    officer.get_by_role("button", name="Start a deduplication run").click()
    officer.wait_for_load_state()
    assert "/dedup/runs/" in officer.url
    assert officer.locator("#run-progress").count() == 1
    # The page refreshes itself while the worker runs; wait for the run to finish.
    expect(officer.locator("#run-status")).to_have_text("Done", timeout=120_000)
    assert officer.locator("#run-progress").get_attribute("value") == "100"
    officer.locator("tr", has_text="Sabbah AL DULAIMI").locator("a").first.click()
    officer.wait_for_load_state()
    cluster_url = officer.url
    assert "The records side by side" in officer.content()
    assert officer.locator("tr.compare-match, tr.compare-near").count() >= 2

    officer.check(f"input[name=merge-standing][value='{first_id}']")
    officer.get_by_role("button", name="Merge the records").click()
    officer.wait_for_load_state()
    assert officer.locator("#cluster-status").inner_text() == "Merged"
    officer.goto(registered[1])
    assert officer.locator("#merged-into").count() == 1
    assert f"#{first_id}" in officer.locator("#merged-into").inner_text()
    officer.goto(registered[0])
    assert f"#{second_id}" in officer.locator("#merged-records").inner_text()

    officer.goto(cluster_url)
    officer.fill("#id_decide-reason", "Two cousins: different fathers on their cards")
    officer.get_by_role("button", name="Undo the merge").click()
    officer.wait_for_load_state()
    assert officer.locator("#cluster-status").inner_text() == "Merge undone"
    officer.goto(registered[1])
    assert officer.locator("#merged-into").count() == 0
