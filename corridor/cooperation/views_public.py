"""The public verification of a certificate, without signing in: the page its QR code opens.

It answers for exactly the code given: valid, expired or revoked, with the course and the
holder's name as printed. An unknown code is told so, and nothing else (the same page for any
code that is not one, well formed or not)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from corridor.cooperation import selectors


@never_cache
@require_GET
def verify(request: HttpRequest, code: str) -> HttpResponse:
    certificate = selectors.certificate_verify(code=code)
    today = timezone.localdate()
    response = render(request, "cooperation/verify.html", {
        "certificate": certificate, "status": certificate.status_on(today) if certificate else "",
        "renewal": getattr(certificate, "renewed_by", None) if certificate else None},
        status=200 if certificate else 404)
    # The address holds the code: no referrer carries it to another site.
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex"
    return response
