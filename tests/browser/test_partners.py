"""In a real browser, the Red Cross's user in Amman (the demo's partner.redcross) sees exactly the
agreed fields of the people who consented to share with the Red Cross, under the demo's
agreement in force; nothing of a person once they withdraw consent; and nothing once the
agreement has expired.

The clock: the demo's agreement ends 305 days after the day the demo is loaded. For the last
step a second server is started on the same database under faketime 400 days ahead (the
server's notion of today moved; libfaketime, as `make test-clock` uses), and the user signs in
there with a code of that shifted time."""

from __future__ import annotations

import base64
import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django_otp.oath import totp

from corridor.access.demo import DEMO_PASSWORD
from tests.browser.signin import SECRETS, sign_in

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]
USER = "partner.redcross"
SHIFT_DAYS = 400


def _amman_people(database: Path) -> list[tuple[int, str, str, str]]:
    """(id, given name, family name, phone) of the Amman people, in id order; the first six
    consented to share with the Red Cross (corridor/partners/demo.py)."""
    with sqlite3.connect(database) as db:
        return db.execute(
            "SELECT p.id, p.given_name, p.family_name, COALESCE(MIN(ph.number), '') "
            "FROM registry_person p JOIN access_office o ON o.id = p.office_id "
            "LEFT JOIN registry_phone ph ON ph.person_id = p.id "
            "WHERE o.code = 'CO-JOR' AND p.merged_into_id IS NULL GROUP BY p.id ORDER BY p.id"
        ).fetchall()


def _withdraw(served_app, person_id: int) -> None:
    """The person withdraws consent (recorded by their case worker through the registry)."""
    script = (
        "from corridor.access.models import User; from corridor.partners.models import Partner;"
        "from corridor.registry.models import Person; from corridor.registry import services;"
        "services.consent_record(actor=User.objects.get(username='caseworker.amman'),"
        f" person=Person.objects.get(pk={person_id}), consent=services.ConsentInput("
        "'sharing', False, None, Partner.objects.get(acronym='ICRC').pk))")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "true",
           "DATABASE_URL": f"sqlite:///{served_app['database']}"}
    subprocess.run([sys.executable, "manage.py", "shell", "-c", script], cwd=ROOT, env=env,
                   check=True, capture_output=True)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _shifted_server(served_app):
    """A second server on the same database, its clock SHIFT_DAYS ahead."""
    port = _free_port()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "false",
           "DATABASE_URL": f"sqlite:///{served_app['database']}",
           "STATIC_ROOT": str(Path(served_app["database"]).parent / "static"),
           "STATIC_MANIFEST": "true", "TWO_FACTOR_REQUIRED": "true", "ALLOWED_HOSTS": "127.0.0.1",
           "MEDIA_ROOT": str(Path(served_app["database"]).parent / "media")}
    server = subprocess.Popen(
        ["faketime", "-f", f"+{SHIFT_DAYS}d", str(Path(sys.executable).parent / "gunicorn"),
         "config.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            urllib.request.urlopen(base + "/", timeout=1)  # noqa: S310 - our own server
            return server, base
        except OSError:
            time.sleep(0.2)
    server.kill()
    pytest.fail("the shifted server did not start")


def _shifted_code(secret: str) -> str:
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    return f"{totp(key, t0=-SHIFT_DAYS * 86400):06d}"


def test_a_partner_sees_only_consented_fields_while_the_agreement_lives(served_app, browser):
    base = served_app["url"]
    people = _amman_people(served_app["database"])
    consenting, other = people[:6], people[6]
    page = browser.new_context(locale="en-GB").new_page()
    sign_in(page, base, USER)

    page.goto(base + "/partners/shared/")
    page.get_by_role("link", name="DSA-ICRC-JOR-1").click()
    headers = page.locator("#shared-people thead th").all_inner_texts()
    assert headers == ["Record", "given name", "family name", "sex", "year of birth"]
    table = page.locator("#shared-people tbody").inner_text()
    assert page.locator("#shared-people tbody tr").count() == len(consenting)
    for _pk, given, family, phone in consenting:
        assert given in table and family in table
        assert not phone or phone not in page.content()  # phones are not agreed
    assert f"#{other[0]}" not in table  # not consenting: absent

    withdrawn = consenting[0]
    person_url = f"{base}/partners/shared/{_agreement_id(page)}/people/{withdrawn[0]}/"
    assert page.goto(person_url).status == 200
    _withdraw(served_app, withdrawn[0])
    assert page.goto(person_url).status == 404
    page.goto(base + "/partners/shared/")
    page.get_by_role("link", name="DSA-ICRC-JOR-1").click()
    assert page.locator("#shared-people tbody tr").count() == len(consenting) - 1
    assert f"#{withdrawn[0]}" not in page.locator("#shared-people tbody").inner_text()
    agreement_id = _agreement_id(page)

    server, shifted = _shifted_server(served_app)
    try:
        page.goto(shifted + "/accounts/login/")
        page.fill("#id_username", USER)
        page.fill("#id_password", DEMO_PASSWORD)
        page.fill("#id_code", _shifted_code(SECRETS[USER]))
        page.locator("main button[type=submit]").click()
        page.wait_for_load_state()
        assert "/home/" in page.url
        page.goto(shifted + "/partners/shared/")
        assert "No agreement in force shares anything with you today." in page.content()
        assert page.goto(f"{shifted}/partners/shared/{agreement_id}/").status == 404
        refused = page.request.get(f"{shifted}/partners/shared/{agreement_id}/export.csv")
        assert refused.status == 403
        assert "no data-sharing agreement in force" in refused.text()
    finally:
        server.terminate()
        server.wait(timeout=30)


def _agreement_id(page) -> int:
    return int(page.url.rstrip("/").split("/")[-1])
