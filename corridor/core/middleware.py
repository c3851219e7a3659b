from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from corridor.core.context import RequestOrigin, reset_origin, set_origin


class RequestContextMiddleware:
    """Remember the client address and channel (page or API) for audit events of this request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        via = "api" if request.path.startswith("/api/") else "page"
        token = set_origin(RequestOrigin(ip_address=request.META.get("REMOTE_ADDR"), via=via))
        try:
            return self.get_response(request)
        finally:
            reset_origin(token)
