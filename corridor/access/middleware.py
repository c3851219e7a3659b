from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from corridor.access.policies import needs_two_factor

# Reachable before enrolment: the enrolment page itself, leaving, languages and public pages.
_OPEN_PREFIXES = ("/accounts/", "/i18n/", "/static/", "/public/")


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
