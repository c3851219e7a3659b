from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from corridor.access.policies import needs_two_factor

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
    row on each page view and serialised readers on SQLite's write lock."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = getattr(request, "session", None)
        if session is not None and session.session_key and not session.is_empty():
            now = int(time.time())
            if now - session.get(_RENEWED_KEY, 0) >= SESSION_RENEW_SECONDS:
                session[_RENEWED_KEY] = now  # modified: saved with a new expiry
        return self.get_response(request)
