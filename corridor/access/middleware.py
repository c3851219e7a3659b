from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.conf import settings
from django.contrib.sessions.backends.base import UpdateError
from django.db import OperationalError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from corridor.access.policies import needs_two_factor

log = logging.getLogger(__name__)

# Reachable before enrolment: signing in, the enrolment page itself, leaving, languages and public
# pages. Not the rest of /accounts/: the API tokens page mints credentials, and a session with
# only a password must not be able to turn itself into a token.
_OPEN_PREFIXES = ("/accounts/login/", "/accounts/logout/", "/accounts/two-factor/", "/i18n/",
                  "/static/", "/public/")


class TwoFactorEnrolmentMiddleware:
    """Roles that see personal data must enrol and use a TOTP device before anything else."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            settings.TWO_FACTOR_REQUIRED
            and user.is_authenticated
            and not user.is_verified()
            and request.path != "/"
            and not request.path.startswith(_OPEN_PREFIXES)
            and needs_two_factor(user)
        ):
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"detail": _("Set up two-factor authentication before using the API.")},
                    status=403,
                )
            return redirect("access:two_factor_setup")
        return self.get_response(request)


# How stale the idle clock may get before a request renews it: renewing writes the session row.
SESSION_RENEW_SECONDS = 60
_RENEWED_KEY = "_corridor_renewed"


def mark_session_renewed(sender, request: HttpRequest, **kwargs) -> None:
    """Signing in saves a fresh session: its idle clock starts then, not at the next request."""
    if getattr(request, "session", None) is not None:
        request.session[_RENEWED_KEY] = int(time.time())


class SessionRenewalMiddleware:
    """Idle expiry: a signed-in session is renewed for SESSION_COOKIE_AGE from its last use, at
    most once a minute. Saving it at every request (SESSION_SAVE_EVERY_REQUEST) wrote the session
    row on each page view and serialised readers on SQLite's write lock.

    A renewal is best effort. On SQLite one writer holds the database at a time, and an import
    of 100,000 people holds it for most of a minute (all-or-nothing: one transaction); a request
    whose only write is its renewal (the import's own progress page, polling) must not wait for
    it and fail. When nothing else in the session changed, the renewal is saved here with a short
    wait and skipped if the database is busy: the session stays valid until its last expiry,
    at least SESSION_COOKIE_AGE minus a minute away, and the next request renews it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = getattr(request, "session", None)
        due = (session is not None and bool(session.session_key) and not session.is_empty()
               and int(time.time()) - session.get(_RENEWED_KEY, 0) >= SESSION_RENEW_SECONDS)
        response = self.get_response(request)
        if not due or getattr(request, "session", None) is not session:
            return response
        if session.modified:
            # The view changed the session too (a message, signing out): its save must happen,
            # and it carries the renewal with it.
            session[_RENEWED_KEY] = int(time.time())
            return response
        session[_RENEWED_KEY] = int(time.time())
        try:
            with _short_wait():
                session.save()
        except (OperationalError, UpdateError) as exc:
            # Django's database store turns a failed update into UpdateError: the lock, or a
            # session deleted meanwhile (signed out elsewhere), which the next request finds.
            cause = exc.__cause__ or exc
            if isinstance(exc, OperationalError) and "locked" not in str(exc):
                raise
            log.info("session renewal skipped: %s", type(cause).__name__)
        # Saved, or skipped on purpose: nothing left for the session middleware to write.
        session.modified = False
        return response


# How long a renewal waits for SQLite's write lock before giving up (milliseconds).
RENEWAL_WAIT_MS = 200


@contextmanager
def _short_wait() -> Iterator[None]:
    if connection.vendor != "sqlite":
        yield  # PostgreSQL: the session row is the only thing locked, and only by its own requests
        return
    timeout = int(float(connection.settings_dict.get("OPTIONS", {}).get("timeout", 5)) * 1000)
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA busy_timeout = {RENEWAL_WAIT_MS}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA busy_timeout = {timeout}")
