"""The public portal: no sign-in, and nothing personal (it imports no app that holds such data).
Pages: home, browse by kind and by country, an item with its citations and calendar file, files,
search. Feeds and the sitemap are in feeds.py and sitemaps.py."""

from __future__ import annotations

import json

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from corridor.core.errors import NotFound
from corridor.portal import citations, content, kinds, selectors, vocab
from corridor.portal.models import Kind
from corridor.portal.search.service import Query, search

PAGE = 25


def home(request: HttpRequest) -> HttpResponse:
    recent = {kind: list(selectors.public_items(kind=kind)[:5])
              for kind in (Kind.PUBLICATION, Kind.MEETING, Kind.LEGISLATION)}
    return render(request, "portal/home.html", {"recent": recent, "kinds": Kind.choices})


def _page(request: HttpRequest) -> int:
    try:
        return max(1, min(500, int(request.GET.get("page", 1))))
    except ValueError:
        return 1


@require_GET
def browse(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in Kind.values:
        raise Http404
    page = _page(request)
    items = selectors.public_items(kind=kind)
    shown = list(items[(page - 1) * PAGE: page * PAGE + 1])
    return render(request, "portal/public/browse.html", {
        "kind": kind, "items": shown[:PAGE], "page": page, "more": len(shown) > PAGE})


@require_GET
def countries(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/public/countries.html",
                  {"countries": selectors.countries_with_items()})


@require_GET
def country(request: HttpRequest, code: str) -> HttpResponse:
    alpha3 = content.country_code(code)
    if not alpha3:
        raise Http404
    return render(request, "portal/public/country.html",
                  {"page": selectors.country_page(alpha3), "alpha2": _alpha2(alpha3),
                   "region": vocab.region_of(alpha3)})


def _alpha2(alpha3: str) -> str:
    import pycountry
    found = pycountry.countries.get(alpha_3=alpha3)
    return found.alpha_2 if found else alpha3


def _item(slug: str):
    try:
        return selectors.item_public(slug)
    except NotFound:
        raise Http404 from None


@require_GET
def item(request: HttpRequest, slug: str) -> HttpResponse:
    found = _item(slug)
    url = request.build_absolute_uri()
    countries_of = selectors.countries_of(found)
    details = found.details or {}
    return render(request, "portal/public/item.html", {
        "item": found, "details": details, "countries": countries_of,
        "subjects": list(found.subjects.values_list("subject", flat=True)),
        "files": selectors.files_of(found), "history": selectors.history_of(found),
        "legal_status": kinds.legal_status(details, timezone.localdate())
        if found.kind == Kind.LEGISLATION else "",
        "versions": sorted(details.get("versions", []), key=lambda row: row["date"], reverse=True),
        "json_ld": citations.json_ld(found, url, countries_of),
        "bibtex": citations.bibtex(found, url) if found.kind == Kind.PUBLICATION else "",
    })


@require_GET
def cite(request: HttpRequest, slug: str, style: str) -> HttpResponse:
    if style not in ("bib", "csl"):
        raise Http404
    found = _item(slug)
    url = request.build_absolute_uri(f"/public/items/{found.slug}/")
    if style == "bib":
        return HttpResponse(citations.bibtex(found, url), content_type="application/x-bibtex; charset=utf-8",
                            headers={"Content-Disposition": f'attachment; filename="{found.slug}.bib"'})
    return HttpResponse(json.dumps(citations.csl_json(found, url), ensure_ascii=False, indent=2),
                        content_type="application/vnd.citationstyles.csl+json; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{found.slug}.json"'})


@require_GET
def calendar(request: HttpRequest, slug: str) -> HttpResponse:
    found = _item(slug)
    if found.kind != Kind.MEETING:
        raise Http404
    url = request.build_absolute_uri(f"/public/items/{found.slug}/")
    return HttpResponse(citations.ical(found, url), content_type="text/calendar; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{found.slug}.ics"'})


@require_GET
def download(request: HttpRequest, file_id: int) -> FileResponse:
    try:
        stored = selectors.file_public(file_id)
    except NotFound:
        raise Http404 from None
    name = stored.file.name.rsplit("/", 1)[-1]
    return FileResponse(stored.file.open("rb"), as_attachment=True, filename=name,
                        content_type=stored.content_type)


def query_of(params) -> Query:
    try:
        year = int(params.get("year") or 0) or None
    except ValueError:
        year = None
    try:
        page = int(params.get("page") or 1)
    except ValueError:
        page = 1
    code = params.get("country", "")
    return Query(q=params.get("q", ""), kind=params.get("kind", ""),
                 country=content.country_code(code) if code else "", region=params.get("region", ""),
                 year=year, language=params.get("lang", ""), subject=params.get("subject", ""),
                 sort=params.get("sort", ""), page=page)


@require_GET
def search_page(request: HttpRequest) -> HttpResponse:
    query = query_of(request.GET)
    results = search(query)
    kept = {key: value for key, value in request.GET.items() if value and key != "page"}
    return render(request, "portal/public/search.html", {
        "results": results, "query": results.query, "params": kept,
        "kinds": Kind.choices})
