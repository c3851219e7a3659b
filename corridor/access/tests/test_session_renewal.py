"""A session's renewal never makes a request wait for, or fail on, SQLite's write lock."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from django.conf import settings

from corridor.access.middleware import _RENEWED_KEY


def test_a_renewal_is_skipped_while_another_writer_holds_the_database(tmp_path):
    # As while a 100,000-person import writes in its one transaction: the page polling its
    # progress answers at once and the session stays valid; the next request renews it.
    database = tmp_path / "corridor.sqlite3"
    environment = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "DEBUG": "true",
                   "DJANGO_SETTINGS_MODULE": "config.settings"}
    run = subprocess.run([sys.executable, "-m", "corridor.access.tests.renewal_on_file_db"],
                         cwd=settings.BASE_DIR, env=environment, capture_output=True, text=True,
                         timeout=300)
    assert run.returncode == 0, run.stderr
    seen = json.loads(run.stdout.strip().splitlines()[-1])
    assert seen["locked_status"] == 200
    assert seen["locked_seconds"] < 5  # a write would wait 20 s for the lock, then fail
    assert seen["while_locked"] == seen["before"]
    assert seen["free_status"] == 200 and seen["after"] > seen["before"]


def test_a_renewal_due_is_saved_with_the_views_own_changes(cast, client_for):
    # Signing out changes the session itself: it is written (here, deleted) as usual.
    from django.contrib.sessions.models import Session

    client = client_for(cast["case_worker"])
    session = client.session
    session[_RENEWED_KEY] -= 61
    session.save()
    key = client.cookies["sessionid"].value
    assert client.post("/accounts/logout/").status_code == 302
    assert not Session.objects.filter(pk=key).exists()
    assert client.get("/people/").status_code == 302
