"""The tracing index once per host: the web processes ask the host's index server
(`manage.py corridor_tracing_index`) and get the answer they would have computed themselves; a
client without the deployment's key is refused; with the server gone a search still answers."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from multiprocessing import AuthenticationError
from multiprocessing.connection import Client
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.db import connection

from corridor.tracing import linkage
from corridor.tracing.tests.conftest import register


def _sought(pk: int, given: str, family: str) -> SimpleNamespace:
    return SimpleNamespace(pk=pk, given_name=given, family_name=family, father_name="",
                           mother_name="", sex="female", birth_date=None, birth_year=1990,
                           place_of_origin="", nationality="SYR")


def _server(address: str) -> subprocess.Popen:
    db = connection.settings_dict
    url = (f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/"
           f"{db['NAME']}")
    server = subprocess.Popen(
        [sys.executable, "manage.py", "corridor_tracing_index", "--socket", address],
        cwd=settings.BASE_DIR, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        env={**os.environ, "DATABASE_URL": url, "SECRET_KEY": settings.SECRET_KEY,
             "DEBUG": "true"})
    for _ in range(200):
        if os.path.exists(address):
            return server
        time.sleep(0.1)
    server.kill()
    raise AssertionError(server.stderr.read().decode()[-2000:])


@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="the server is another process: it reads committed data, which the "
                           "SQLite test database (in memory, append-only audit) cannot give it")
@pytest.mark.django_db(transaction=True)
def test_a_search_asked_of_the_hosts_index_server_is_the_search_of_the_process(
        org, tmp_path, settings, caplog):
    import datetime as dt

    for given, family in (("Amina", "Haddad"), ("Amna", "Hadad"), ("Olena", "Kovalenko")):
        register(org.country_a, given, family, born=dt.date(1990, 3, 4))
    sought = [_sought(1, "Amina", "Haddad"), _sought(2, "Olena", "Kovalenko")]
    expected_results, expected_explanations = linkage.search(sought)  # in this process
    assert len(expected_results) >= 2 and expected_explanations

    address = str(tmp_path / "run" / "tracing-index.sock")
    server = _server(address)
    try:
        assert oct(os.stat(address).st_mode & 0o777) == "0o600"
        assert oct(os.stat(os.path.dirname(address)).st_mode & 0o777) == "0o700"
        settings.TRACING_INDEX_SOCKET = address
        results, explanations = linkage.search(sought)
        assert results.reset_index(drop=True).equals(expected_results.reset_index(drop=True))
        assert explanations == expected_explanations
        # A client without the deployment's key learns nothing.
        with pytest.raises(AuthenticationError):
            Client(address, family="AF_UNIX", authkey=b"not the key")
        assert linkage.search(sought)[1] == expected_explanations  # still serving
    finally:
        server.terminate()
        server.wait(timeout=10)
    os.unlink(address)  # gone with its server: the search answers in this process, and says so
    results, _ = linkage.search(sought)
    assert results.reset_index(drop=True).equals(expected_results.reset_index(drop=True))
    assert "tracing index server unreachable" in caplog.text
