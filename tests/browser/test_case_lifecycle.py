"""In a real browser, in English and in French: a case worker registers a household from a field
submission, opens a voluntary return case, a second worker approves it (four eyes), assistance is
planned and delivered, a member is referred to a partner, the case is closed — and a worker of
another office sees none of it."""

from __future__ import annotations

import json
import re
import uuid

import pytest

from tests.browser.signin import sign_in

pytestmark = pytest.mark.browser

NAMES = {"en": ("Warsame", "Hodan", "Abdirahman"), "fr": ("Guedi", "Amina", "Farah")}


def _submission(tmp_path, family: str, head: str, child: str):
    submission = {"results": [{
        "_uuid": str(uuid.uuid4()), "meta/instanceID": f"uuid:{uuid.uuid4()}",
        "household_address": "Sahab, block 9",
        "members": [
            {"members/relation_to_head": "head", "members/given_name": head,
             "members/family_name": family, "members/sex": "female",
             "members/birth_date": "1988-05-02", "members/birth_date_precision": "exact",
             "members/nationality": "SOM", "members/category": "stranded_migrant",
             "members/phone": "0775550199", "members/document_kind": "passport",
             "members/document_number": f"P{uuid.uuid4().hex[:8].upper()}",
             "members/consent_assistance": "yes", "members/consent_tracing": "yes"},
            {"members/relation_to_head": "child", "members/given_name": child,
             "members/family_name": family, "members/sex": "male",
             "members/birth_date": "2015-01-20", "members/birth_date_precision": "exact",
             "members/nationality": "SOM", "members/category": "stranded_migrant",
             "members/consent_assistance": "yes", "members/consent_tracing": "yes"},
        ]}]}
    path = tmp_path / f"kobo-{family}.json"
    path.write_text(json.dumps(submission))
    return path


def _submit(page) -> None:
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()


def _switch_language(page, language: str) -> None:
    if language != "en":
        page.select_option("#language-select", language)
        page.locator("form.language button").click()
        page.wait_for_load_state()
        assert page.locator("html").get_attribute("lang") == language


def _move(page, base: str, case_url: str, to: str, **fields) -> None:
    page.goto(f"{base}{case_url}move/{to}/")
    for selector, value in fields.items():
        if value is True:
            page.check(f"#{selector}")
        elif page.locator(f"select#{selector}").count():
            page.select_option(f"#{selector}", value)
        else:
            page.fill(f"#{selector}", value)
    _submit(page)
    assert page.url.endswith(case_url), page.url


@pytest.mark.parametrize("language", ["en", "fr"])
def test_household_from_field_submission_to_closed_case(served_app, browser, tmp_path, language):
    base = served_app["url"]
    family, head, child = NAMES[language]
    worker = browser.new_context().new_page()
    sign_in(worker, base, "caseworker.amman")
    _switch_language(worker, language)

    # The household arrives as a KoboToolbox submission: checked whole, previewed, confirmed.
    worker.goto(base + "/people/import/")
    worker.set_input_files("#id_file", str(_submission(tmp_path, family, head, child)))
    worker.select_option("#id_kind", "kobo_json")
    worker.select_option("#id_office", label="Country Office, Amman")
    _submit(worker)
    # The upload answers at once with the check's task page, which follows the background
    # worker in place (no reload) until the preview lists the rows.
    assert "/tasks/" in worker.url
    confirm = worker.locator("main form[action$='/confirm/'] button[type=submit]")
    confirm.wait_for(timeout=30_000)
    assert head in worker.content()
    # The preview offers to import or to cancel (which deletes the waiting file): import.
    confirm.click()
    worker.wait_for_load_state()
    assert "/tasks/" in worker.url
    imported = worker.locator("main a[href*='/people/import/batches/']")
    imported.wait_for(timeout=30_000)
    imported.click()
    worker.wait_for_load_state()
    assert "/people/import/batches/" in worker.url

    worker.goto(f"{base}/people/?q={head}+{family}")
    worker.locator("tbody a", has_text=family.upper()).first.click()
    person_url = worker.url.removeprefix(base)
    worker.locator("a[href^='/cases/new/?person=']").click()
    worker.select_option("#id_kind", "voluntary_return")
    worker.select_option("#id_project", index=1)
    worker.fill("#id_summary", "Wishes to return home with her son.")
    _submit(worker)
    case_url = worker.url.removeprefix(base)
    assert re.fullmatch(r"/cases/\d+/", case_url), case_url
    _move(worker, base, case_url, "assessed")

    # Four eyes: another case worker of the office approves, then assistance begins.
    supervisor = browser.new_context().new_page()
    sign_in(supervisor, base, "supervisor.amman")
    _switch_language(supervisor, language)
    _move(supervisor, base, case_url, "approved")
    _move(supervisor, base, case_url, "in_assistance")

    supervisor.goto(f"{base}{case_url}assistance/new/")
    supervisor.select_option("#id_kind", "transport")
    supervisor.fill("#id_planned_cost", "250")
    supervisor.fill("#id_description", "Bus to the border")
    _submit(supervisor)
    supervisor.locator(f"a[href*='{case_url}assistance/'][href$='/deliver/']").click()
    supervisor.fill("#id_actual_cost", "240")
    _submit(supervisor)

    supervisor.goto(f"{base}{case_url}referrals/new/")
    member = supervisor.locator("#id_person option", has_text=child).get_attribute("value")
    supervisor.select_option("#id_person", member)
    supervisor.select_option("#id_partner", index=1)
    supervisor.fill("#id_reason", "School enrolment on return")
    _submit(supervisor)

    # The referral is still unanswered: the closing page names it, and the case closes only
    # when the supervisor says to withdraw it.
    supervisor.goto(f"{base}{case_url}move/closed/")
    assert supervisor.locator("#open-work li").count() == 1
    _move(supervisor, base, case_url, "closed", id_reason="completed", id_open_work=True)
    page = supervisor.content()
    closed = {"en": "Closed", "fr": "Clôturé"}[language]
    assert closed in supervisor.locator("h1").inner_text(), supervisor.locator("h1").inner_text()
    assert "240" in page and child in page and "School enrolment on return" in page

    # A case worker of another office sees none of it.
    outsider = browser.new_context().new_page()
    sign_in(outsider, base, "caseworker.kyiv")
    assert outsider.goto(base + case_url).status == 404
    assert outsider.goto(base + person_url).status == 404
    outsider.goto(f"{base}/people/?q={family}")
    assert family.upper() not in outsider.locator("main table").inner_text()
    outsider.goto(f"{base}/cases/")
    assert case_url not in outsider.content()
