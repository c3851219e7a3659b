"""The portal's JSON API: search (the same service as the search page) and a public item, open
to anyone (no sign-in: nothing here is personal, and only public items are answered)."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.urls import reverse
from ninja import Query as QueryParams
from ninja import Router, Schema

from corridor.core.api_schemas import ErrorOut
from corridor.portal import languages, selectors
from corridor.portal.search.service import Query, search

router = Router(tags=["portal"])


class PortalSearchParams(Schema):
    q: str = ""
    kind: str = ""
    country: str = ""
    region: str = ""
    year: int | None = None
    lang: str = ""
    subject: str = ""
    sort: str = ""
    page: int = 1
    per_page: int = 20


class PortalFacetOut(Schema):
    value: str
    count: int


class PortalHitOut(Schema):
    slug: str
    kind: str
    title: str
    title_language: str
    languages: list[str]
    date: dt.date | None
    url: str
    snippet: str
    snippet_html: str
    demo: bool


class PortalSearchOut(Schema):
    total: int  # exact when facets_complete, else a floor ("more than")
    page: int
    per_page: int
    sort: str
    hits: list[PortalHitOut]
    facets: dict[str, list[PortalFacetOut]]
    facets_complete: bool


class PortalItemOut(Schema):
    slug: str
    kind: str
    source_language: str
    title: dict[str, str]
    summary: dict[str, str]
    body: dict[str, str]
    details: dict
    countries: list[str]
    subjects: list[str]
    date: dt.date | None
    end_date: dt.date | None
    published: dt.datetime | None
    updated: dt.datetime
    demo: bool


def _hit(hit) -> dict:
    from django.utils.html import escape
    item = hit.item
    title = languages.pick(item.title, None, item.source_language)
    return {"slug": item.slug, "kind": item.kind, "title": title.text, "title_language": title.language,
            "languages": [c for c in languages.codes() if c in item.title], "date": item.date,
            "url": reverse("portal:item", args=[item.slug]),
            "snippet": "".join(piece for piece, _m in hit.snippet),
            "snippet_html": "".join(f"<mark>{escape(p)}</mark>" if m else str(escape(p))
                                    for p, m in hit.snippet),
            "demo": item.is_demo}


@router.get("/portal/search", response=PortalSearchOut, auth=None,
            summary="Search the public portal (any query; facets with counts)")
def portal_search(request: HttpRequest, params: QueryParams[PortalSearchParams]):
    from corridor.portal.content import country_code
    results = search(Query(q=params.q, kind=params.kind,
                           country=country_code(params.country) if params.country else "",
                           region=params.region, year=params.year, language=params.lang,
                           subject=params.subject, sort=params.sort, page=params.page,
                           per_page=params.per_page))
    return {"total": results.total, "page": results.query.page, "per_page": results.query.per_page,
            "sort": results.sort, "hits": [_hit(hit) for hit in results.hits],
            "facets_complete": results.facets_complete,
            "facets": {name: [{"value": str(value), "count": count} for value, count in counts]
                       for name, counts in results.facets.items()}}


@router.get("/portal/items/{slug}", response={200: PortalItemOut, 404: ErrorOut}, auth=None,
            summary="A public item of the portal, in every language it has")
def portal_item(request: HttpRequest, slug: str):
    item = selectors.item_public(slug)
    return {"slug": item.slug, "kind": item.kind, "source_language": item.source_language,
            "title": item.title, "summary": item.summary or {}, "body": item.body or {},
            "details": item.details or {}, "countries": selectors.countries_of(item),
            "subjects": list(item.subjects.values_list("subject", flat=True)),
            "date": item.date, "end_date": item.end_date, "published": item.live_from,
            "updated": item.updated_at, "demo": item.is_demo}
