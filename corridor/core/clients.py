"""The client's address, the one helper for the audit trail and anything else that needs it
(the login throttle): behind a TLS proxy, the address the proxy saw, not one the client chose."""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_address(request: HttpRequest) -> str | None:
    """With BEHIND_TLS_PROXY on, the right-most X-Forwarded-For entry: the one our proxy
    appended for the peer it saw; everything left of it was sent by the client and proves
    nothing. Otherwise (or when the header is missing or malformed) the socket's peer."""
    if settings.BEHIND_TLS_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            found = _valid(forwarded.split(",")[-1])
            if found:
                return found
    return _valid(request.META.get("REMOTE_ADDR") or "")
