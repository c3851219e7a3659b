"""The IATI files, public: no sign-in, cacheable, streamed (ADR 0073)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, StreamingHttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from corridor.iati import selectors
from engines.iati import iter_activities_xml, iter_organisations_xml

CONTENT_TYPE = "application/xml; charset=utf-8"


def _public(response: StreamingHttpResponse, filename: str) -> StreamingHttpResponse:
    # Public data, the same for everyone: shared caches may keep it for IATI_CACHE_SECONDS.
    response["Cache-Control"] = f"public, max-age={settings.IATI_CACHE_SECONDS}"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_GET
def activities(request: HttpRequest) -> StreamingHttpResponse:
    now = timezone.now().replace(microsecond=0)
    chunks = iter_activities_xml(selectors.published_activities(today=timezone.localdate()),
                                 generated=now)
    return _public(StreamingHttpResponse(chunks, content_type=CONTENT_TYPE), "activities.xml")


@require_GET
def organisation(request: HttpRequest) -> StreamingHttpResponse:
    now = timezone.now().replace(microsecond=0)
    chunks = iter_organisations_xml([selectors.organisation(today=timezone.localdate())],
                                    generated=now)
    return _public(StreamingHttpResponse(chunks, content_type=CONTENT_TYPE), "organisation.xml")
