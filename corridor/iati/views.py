"""The IATI files, public: no sign-in, cacheable, streamed (ADR 0073)."""

from __future__ import annotations

from django.conf import settings
from django.http import FileResponse, HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.views.decorators.http import require_safe

from corridor.iati import cache, selectors
from engines.iati import iter_activities_xml, iter_organisations_xml

CONTENT_TYPE = "application/xml; charset=utf-8"


def _public(response: HttpResponse | StreamingHttpResponse, filename: str
            ) -> HttpResponse | StreamingHttpResponse:
    # Public data, the same for everyone: shared caches may keep it for IATI_CACHE_SECONDS.
    response["Cache-Control"] = f"public, max-age={settings.IATI_CACHE_SECONDS}"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _head(filename: str) -> HttpResponse:
    # A crawler checking the file is there: the headers, without building the file.
    return _public(HttpResponse(content_type=CONTENT_TYPE), filename)


@require_safe
def activities(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    if request.method == "HEAD":
        return _head("activities.xml")
    kept = cache.fresh("activities.xml")
    if kept is not None:
        return _public(FileResponse(kept.open("rb"), content_type=CONTENT_TYPE), "activities.xml")
    now = timezone.now().replace(microsecond=0)
    chunks = iter_activities_xml(selectors.published_activities(today=timezone.localdate()),
                                 generated=now)
    return _public(StreamingHttpResponse(cache.kept("activities.xml", chunks),
                                         content_type=CONTENT_TYPE), "activities.xml")


@require_safe
def organisation(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    if request.method == "HEAD":
        return _head("organisation.xml")
    now = timezone.now().replace(microsecond=0)
    chunks = iter_organisations_xml([selectors.organisation(today=timezone.localdate())],
                                    generated=now)
    return _public(StreamingHttpResponse(chunks, content_type=CONTENT_TYPE), "organisation.xml")
