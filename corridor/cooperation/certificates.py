"""Certificates' codes, their QR codes and their PDF.

A code is 32 characters of `secrets.token_urlsafe` (192 random bits): a public verification page
answers for a code without signing in, and with that many codes to try nobody finds another
certificate by guessing, whatever the rate limits. The QR code encodes the verification page's
full address (SITE_URL and the code), so that a phone opens it."""

from __future__ import annotations

import base64
import io
import secrets

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from corridor.cooperation.models import Certificate

CODE_BYTES = 24  # 32 URL-safe characters


def new_code() -> str:
    return secrets.token_urlsafe(CODE_BYTES)


def looks_like_code(text: str) -> bool:
    """A well-formed code (URL-safe characters of the right length): anything else is answered
    as not found without a query."""
    return len(text) == 32 and all(c.isalnum() or c in "-_" for c in text)


def verification_url(code: str, *, base: str = "") -> str:
    """The page's full address: under SITE_URL when set (behind a proxy), else under `base`,
    the address the request came to."""
    base = getattr(settings, "SITE_URL", "") or base or "http://localhost:8000"
    return base.rstrip("/") + reverse("certificates:verify", kwargs={"code": code})


def qr_png(url: str) -> bytes:
    """The QR code of `url` as a PNG, one module 6 pixels wide, a border of 4 modules."""
    image = qr_code(url).make_image()
    out = io.BytesIO()
    image.save(out)
    return out.getvalue()


def qr_code(url: str):
    """The QR code of `url`, with the settings every copy of it uses (tests read them back)."""
    import qrcode

    code = qrcode.QRCode(box_size=6, border=4, error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(url)
    code.make(fit=True)
    return code


def qr_data_uri(url: str) -> str:
    return "data:image/png;base64," + base64.b64encode(qr_png(url)).decode("ascii")


def certificate_pdf(certificate: Certificate, *, language: str, base: str = "") -> bytes:
    from weasyprint import HTML  # a heavy import, paid only when a PDF is asked for

    url = verification_url(certificate.code, base=base)
    course = certificate.participant.course
    html = render_to_string("cooperation/certificate_pdf.html", {
        "certificate": certificate, "course": course, "LANGUAGE_CODE": language,
        "participant": certificate.participant, "url": url, "qr": qr_data_uri(url)})
    return HTML(string=html).write_pdf()
