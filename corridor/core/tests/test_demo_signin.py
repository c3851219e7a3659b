"""The demo's sign-in line names the address `make demo` actually serves (issue 18)."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from corridor.core.management.commands.corridor_demo import _login_url


def test_make_demo_serves_and_prints_the_same_address():
    makefile = (Path(settings.BASE_DIR) / "Makefile").read_text()
    recipe = makefile.split("\ndemo: migrate\n", 1)[1].split("\n\n", 1)[0]
    printed = re.search(r"corridor_demo --address (\S+)", recipe)
    served = re.search(r"runserver (\S+)", recipe)
    assert printed and served and printed.group(1) == served.group(1) == "$(DEMO_ADDRESS)"


@pytest.mark.parametrize(("address", "url"), [
    ("192.168.1.20:8080", "http://192.168.1.20:8080/accounts/login/"),
    ("0.0.0.0:9000", "http://127.0.0.1:9000/accounts/login/"),  # every interface: reached locally
    ("8001", "http://127.0.0.1:8001/accounts/login/"),  # a bare port, as runserver takes it
])
def test_the_sign_in_address_is_runservers(address, url):
    assert _login_url(address) == url


def test_the_demo_prints_the_served_address(db, settings):
    settings.DEBUG = True
    out = io.StringIO()
    call_command("corridor_demo", "--only", "none", "--address", "192.168.1.20:8080", stdout=out)
    assert "Sign in at http://192.168.1.20:8080/accounts/login/ " in out.getvalue()
