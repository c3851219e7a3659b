"""Run in its own process by test_session_renewal: a session renewed on a real SQLite file while
another connection holds the write lock (the suite's own database is in memory, or PostgreSQL,
and its test transaction already holds the lock). Prints one JSON line of what it saw."""

from __future__ import annotations

import json
import sqlite3
import time

import django

django.setup()

from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.contrib.sessions.models import Session  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.test import RequestFactory  # noqa: E402

from corridor.access.middleware import _RENEWED_KEY, SessionRenewalMiddleware  # noqa: E402


def _request(key: str):
    request = RequestFactory().get("/tasks/1/")
    request.session = SessionStore(key)
    return request


def main() -> None:
    call_command("migrate", "sessions", verbosity=0)
    store = SessionStore()
    store["_auth_user_id"] = "1"
    store[_RENEWED_KEY] = int(time.time()) - 61
    store.create()
    key = store.session_key
    expiry = lambda: Session.objects.get(pk=key).expire_date.isoformat()  # noqa: E731
    middleware = SessionRenewalMiddleware(lambda request: HttpResponse("ok"))
    before = expiry()

    other = sqlite3.connect(connection.settings_dict["NAME"], timeout=0, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    started = time.monotonic()
    locked_status = middleware(_request(key)).status_code
    locked_seconds = time.monotonic() - started
    other.execute("ROLLBACK")
    other.close()
    while_locked = expiry()

    free_status = middleware(_request(key)).status_code
    print(json.dumps({"before": before, "locked_status": locked_status,
                      "locked_seconds": locked_seconds, "while_locked": while_locked,
                      "free_status": free_status, "after": expiry()}))


if __name__ == "__main__":
    main()
