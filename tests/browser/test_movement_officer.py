"""In a real browser, a movement officer of Amman builds a two-leg voluntary return (Amman →
Istanbul → Kabul, the connection checked), records fitness to travel, lets the planner propose
bookings and accepts them, switches to Spanish and downloads the first leg's manifest (PDF and
CSV, read back: Spanish headers, names, document numbers; both downloads audited), records the
departure and arrival of both legs, and the cases move on to assistance (reintegration) with the
fares costed as transport — through the officer's own hand-over right, not cases.edit."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import sqlite3
import subprocess
import sys
from decimal import Decimal

import pytest
from pypdf import PdfReader

from tests.browser.conftest import ROOT
from tests.browser.signin import sign_in

pytestmark = pytest.mark.browser

# Facts the registry holds before movements start: each traveller's passport, with its expiry
# (the demo's passports have none, and a carrier needs one valid on the day). Recorded with the
# registry's own models on the server's database, as registration would have.
ARRANGE = """
import datetime as dt, json
from corridor.cases.models import Case
from corridor.cases.services import beneficiaries
from corridor.registry import documents
from corridor.registry.models import IdentityDocument
out = {}
for case in Case.objects.filter(office__code="CO-JOR", state="approved").order_by("id"):
    people = []
    for person in beneficiaries(case).order_by("id"):
        number = f"BT{person.pk:07d}"
        IdentityDocument.objects.create(
            person=person, kind="passport", number_encrypted=documents.encrypt(number),
            number_digest=documents.digest(number), issuing_country="AFG",
            expires_on=dt.date.today() + dt.timedelta(days=900))
        people.append({"id": person.pk, "given": person.given_name,
                       "family": person.family_name, "document": number})
    out[case.pk] = {"reference": case.reference, "people": people}
print(json.dumps(out))
"""


def _arrange(database) -> dict[int, dict]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "true",
           "DATABASE_URL": f"sqlite:///{database}"}
    done = subprocess.run([sys.executable, "manage.py", "shell", "-c", ARRANGE], cwd=ROOT,
                          env=env, check=True, capture_output=True, text=True)
    return {int(k): v for k, v in json.loads(done.stdout.strip().splitlines()[-1]).items()}


def _submit(page) -> None:
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()


def _leg(page, *, carrier, number, origin, destination, departure, departure_zone, arrival,
         arrival_zone, seats, fare) -> None:
    page.select_option("#id_mode", "air")
    page.fill("#id_carrier", carrier)
    page.fill("#id_number", number)
    page.fill("#id_origin", origin)
    page.fill("#id_destination", destination)
    page.fill("#id_departure", departure)
    page.select_option("#id_departure_zone", departure_zone)
    page.fill("#id_arrival", arrival)
    page.select_option("#id_arrival_zone", arrival_zone)
    page.fill("#id_seats", str(seats))
    page.fill("#id_escort_seats", "1")
    page.fill("#id_fare", fare)
    _submit(page)


def _download(page, link_selector: str) -> bytes:
    with page.expect_download() as info:
        page.locator(link_selector).click()
    return open(info.value.path(), "rb").read()


def _audited_exports(database, leg_id: int) -> list[str]:
    with sqlite3.connect(database) as connection:
        rows = connection.execute(
            "SELECT summary FROM core_auditevent WHERE action = 'export' AND "
            "object_type = 'movements.leg' AND object_id = ? ORDER BY id", (str(leg_id),))
        return [summary for (summary,) in rows]


def _case_row(database, case_id: int):
    with sqlite3.connect(database) as connection:
        state = connection.execute("SELECT state FROM cases_case WHERE id = ?",
                                   (case_id,)).fetchone()[0]
        items = connection.execute(
            "SELECT kind, status, actual_cost FROM cases_assistanceitem WHERE case_id = ? "
            "ORDER BY id", (case_id,)).fetchall()
    return state, items


def test_two_leg_return_planned_manifested_flown_and_handed_over(served_app, browser):
    base, database = served_app["url"], served_app["database"]
    cases = _arrange(database)
    assert len(cases) == 2, cases
    (ready_case, ready), (unready_case, unready) = sorted(cases.items())
    items_before = {case_id: _case_row(database, case_id)[1] for case_id in cases}
    officer = browser.new_context(locale="en-GB").new_page()
    sign_in(officer, base, "movement.amman")

    # The operation, and its first leg: Amman → Istanbul, times local to each end.
    officer.goto(base + "/movements/new/")
    officer.select_option("#id_office", label="Country Office, Amman")
    officer.select_option("#id_project", index=1)
    officer.select_option("#id_kind", "voluntary_return")
    officer.fill("#id_title", "Return Amman → Kabul")
    _submit(officer)
    operation_url = officer.url.removeprefix(base)
    reference = officer.locator("h1").inner_text().split()[0]
    assert reference.startswith("MOV-CO-JOR-"), reference
    day = (dt.date.today() + dt.timedelta(days=14)).isoformat()
    officer.goto(f"{base}{operation_url}legs/new/")
    _leg(officer, carrier="Turkish Airlines", number="TK813", origin="amm", destination="IST",
         departure=f"{day}T04:35", departure_zone="Asia/Amman", arrival=f"{day}T07:25",
         arrival_zone="Europe/Istanbul", seats=20, fare="280.00")
    assert officer.url.endswith(operation_url), officer.url

    # The onward leg leaves Istanbul 25 minutes after landing: the connection check refuses it.
    officer.goto(f"{base}{operation_url}legs/new/")
    onward = dict(carrier="Turkish Airlines", number="TK706", origin="IST", destination="KBL",
                  departure_zone="Europe/Istanbul", arrival_zone="Asia/Kabul", seats=20,
                  fare="410.00")
    _leg(officer, departure=f"{day}T07:50", arrival=f"{day}T15:45", **onward)
    assert "/legs/new/" in officer.url
    error = officer.locator("main").inner_text()
    assert "connection" in error.lower() and "90" in error, error
    _leg(officer, departure=f"{day}T11:10", arrival=f"{day}T19:05", **onward)
    assert officer.url.endswith(operation_url), officer.url
    legs = officer.locator("main table tbody a[href*='/movements/legs/']")
    assert legs.count() == 2
    assert "AMM→IST" in legs.nth(0).inner_text() and "IST→KBL" in legs.nth(1).inner_text()
    first_url = legs.nth(0).get_attribute("href")
    second_url = legs.nth(1).get_attribute("href")
    assert officer.locator(".errors").count() == 0  # no connection problem left

    # Fitness to travel, from the medical examination, for one household only.
    today = dt.date.today()
    for person in ready["people"]:
        officer.goto(f"{base}/movements/people/{person['id']}/clearance/")
        officer.fill("#id_examined_on", today.isoformat())
        officer.fill("#id_valid_until", (today + dt.timedelta(days=60)).isoformat())
        officer.check("#id_fit")
        _submit(officer)
        assert f"/people/{person['id']}/" in officer.url, officer.url

    # The planner proposes the ready household on both legs and leaves the other out, saying why.
    officer.goto(base + operation_url)
    officer.locator("form[action$='/propose/'] button").click()
    officer.wait_for_load_state()
    assert "/movements/proposals/" in officer.url, officer.url
    proposed = officer.locator("main table tbody tr")
    assert proposed.count() == len(ready["people"])
    for person in ready["people"]:
        row = officer.locator("main table tbody tr", has_text=person["family"].upper()).filter(
            has=officer.locator(f"input[value='{person['id']}']"))
        assert "TK813" in row.inner_text() and "TK706" in row.inner_text()
    left_out = officer.locator("main ul").last.inner_text()
    for person in unready["people"]:
        assert person["given"] in left_out
    assert "fitness to travel" in left_out
    officer.locator("main form button[type=submit]").click()
    officer.wait_for_load_state()
    assert officer.url.endswith(operation_url), officer.url

    # In Spanish, the first leg's manifest: PDF and CSV, read back, each download audited.
    officer.select_option("#language-select", "es")
    officer.locator("form.language button").click()
    officer.wait_for_load_state()
    assert officer.locator("html").get_attribute("lang") == "es"
    officer.goto(base + first_url)
    assert "Manifiesto (PDF)" in officer.locator("main").inner_text()
    first_id = int(first_url.rstrip("/").split("/")[-1])
    exports_before = len(_audited_exports(database, first_id))
    pdf = _download(officer, "a[href$='manifest.pdf']")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Manifiesto de pasajeros" in text and "N.º" in text, text[:500]
    assert "Necesidades especiales" in text and "Pasaporte" in text, text[:500]
    for person in ready["people"]:
        assert person["family"].upper() in text and person["given"] in text, person
        assert person["document"] in text, person
    for person in unready["people"]:
        assert person["document"] not in text
    rows = list(csv.reader(io.StringIO(_download(officer, "a[href$='manifest.csv']")
                                       .decode("utf-8-sig"))))
    assert rows[0][:4] == ["N.º", "Apellidos", "Nombre", "Sexo"], rows[0]
    assert "Número de documento" in rows[0]
    passengers = {(r[1], r[2], r[rows[0].index("Número de documento")]) for r in rows[1:] if r[0]}
    assert passengers == {(p["family"].upper(), p["given"], p["document"])
                          for p in ready["people"]}
    exports = _audited_exports(database, first_id)[exports_before:]
    assert len(exports) == 2, exports
    assert any("PDF" in e for e in exports) and any("CSV" in e for e in exports)
    assert all(f"{len(ready['people'])} passengers" in e for e in exports), exports

    # Departure and arrival, leg by leg, for the whole leg at once.
    for leg_url in (first_url, second_url):
        for move in ("confirmed", "checked_in", "departed", "arrived"):
            officer.goto(base + leg_url)
            officer.locator(f"a[data-move='{move}']").click()
            officer.wait_for_load_state()
            _submit(officer)
            assert officer.url.endswith(leg_url), (move, officer.url)
    states = officer.locator("main table tbody tr").all_inner_texts()
    assert len(states) == len(ready["people"])
    assert all("Llegada efectuada" in row for row in states), states

    # The case moved on to assistance, where reintegration happens, with both fares of each
    # traveller costed to the project as delivered transport.
    state, items = _case_row(database, ready_case)
    assert state == "in_assistance", (state, items)
    new_items = [(kind, status, Decimal(str(cost)))
                 for kind, status, cost in items[len(items_before[ready_case]):]]
    assert sorted(new_items) == sorted(
        [("transport", "delivered", Decimal(cost)) for cost in ("280", "410")
         for _person in ready["people"]]), new_items
    officer.goto(f"{base}/cases/{ready_case}/")
    page = officer.locator("main").inner_text()
    assert "En asistencia" in officer.locator("h1").inner_text(), officer.locator("h1").inner_text()
    assert "Transporte" in page and "410" in page and reference in page
    # The case that was never booked is untouched.
    assert _case_row(database, unready_case) == ("approved", items_before[unready_case])
