from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers

from corridor.core.audit import audit_refused
from corridor.core.clients import client_address
from corridor.core.context import RequestOrigin, reset_origin, set_origin
from corridor.core.errors import NotFound, PermissionDenied


class RequestContextMiddleware:
    """Remember the client address and channel (page or API) for audit events of this request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        via = "api" if request.path.startswith("/api/") else "page"
        token = set_origin(RequestOrigin(ip_address=client_address(request), via=via))
        try:
            return self.get_response(request)
        finally:
            reset_origin(token)


class PrivateResponseMiddleware:
    """Every answer to a signed-in user or to a token may carry personal data: no browser,
    shared or proxy cache may keep it (`Cache-Control: no-store, private`). Only the public
    portal's pages and the IATI files are left cacheable (static files are served before this
    runs)."""

    PUBLIC_NAMESPACES = frozenset({"portal", "iati"})

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self._identified(request) and not self._public(request):
            add_never_cache_headers(response)
        return response

    @staticmethod
    def _identified(request: HttpRequest) -> bool:
        # A token's user is set on the request by the API's authentication; a refused token
        # still asked as someone, and its answer is kept out of caches as well.
        user = getattr(request, "user", None)
        return bool(request.headers.get("Authorization")) or bool(user and user.is_authenticated)

    def _public(self, request: HttpRequest) -> bool:
        match = request.resolver_match
        return match is not None and match.namespace in self.PUBLIC_NAMESPACES


class ServiceRefusalMiddleware:
    """Pages: a NotFound or PermissionDenied of the service layer that a view did not answer
    itself becomes the 404 or 403 page, not a server error. (The API maps them in
    config/api.py.) A NotFound for a record that exists outside the user's scope is audited as
    refused, whether the view let it through or answered it with its own 404 (`or_404`,
    `except NotFound: raise Http404`, which keeps it as the 404's context)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> None:
        refused = exception if isinstance(exception, NotFound) else (
            exception.__context__ if isinstance(exception, Http404) else None)
        if isinstance(refused, NotFound):
            audit_refused(actor=getattr(request, "user", None), refusal=refused.refused)
        if isinstance(exception, NotFound):
            raise Http404 from None
        if isinstance(exception, PermissionDenied):
            raise DjangoPermissionDenied(str(exception)) from None
