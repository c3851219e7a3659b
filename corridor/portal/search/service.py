"""The one search service the pages, the feeds and the API use: a query (any text), filters, facets
with counts, a sort by relevance or date, a page of results with highlighted snippets."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection
from django.db.models import Count, Q
from django.db.models.expressions import RawSQL
from django.utils import timezone

from corridor.portal import languages
from corridor.portal.models import Item, ItemCountry, ItemSubject, SearchEntry, public_q
from corridor.portal.search import backends, text
from corridor.portal.search.indexing import plain

MAX_PAGE = 100
# Facets are counted exactly over at most this many matching items (in id order); a broader query
# (a common word over 100,000 items) shows the exact total and its facets over that many, marked
# so (ADR 0091): counting every facet over tens of thousands of matches would cost more than the
# answer's budget.
FACET_LIMIT = 5000  # settings.PORTAL_FACET_LIMIT overrides it
SORTS = ("relevance", "date")


@dataclass(frozen=True)
class Query:
    q: str = ""
    kind: str = ""
    country: str = ""
    region: str = ""
    year: int | None = None
    language: str = ""
    subject: str = ""
    sort: str = ""
    page: int = 1
    per_page: int = 20


@dataclass
class Hit:
    item: Item
    snippet: list[tuple[str, bool]]
    snippet_language: str


@dataclass
class Results:
    query: Query
    total: int
    hits: list[Hit]
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    sort: str = "date"
    terms: dict[str, list[str]] = field(default_factory=dict)
    facets_complete: bool = True  # False: more matches than were counted (total is a floor)


def normalised(query: Query) -> Query:
    """Bounds on everything a query may ask: a page within reach, a known sort and language."""
    codes = languages.codes()
    return Query(q=(query.q or "")[:1000], kind=query.kind or "", country=(query.country or "").upper()[:3],
                 region=query.region or "", year=query.year, subject=query.subject or "",
                 language=query.language if query.language in codes else "",
                 sort=query.sort if query.sort in SORTS else "",
                 page=min(max(1, query.page or 1), 500),
                 per_page=min(max(1, query.per_page or 20), MAX_PAGE))


def filtered(query: Query, groups: dict[str, list[str]], now=None, sample: int | None = None):
    items = Item.objects.filter(public_q(now))
    if groups:
        sql, params = backends.ids_sql(list(groups.values()), sample)
        # Safe: the SQL is the backend's constant text; the terms travel as parameters.
        items = items.filter(id__in=RawSQL(sql, params))  # noqa: S611
    if query.kind:
        items = items.filter(kind=query.kind)
    if query.year:
        items = items.filter(year=query.year)
    if query.country:
        items = items.filter(id__in=ItemCountry.objects.filter(country=query.country).values("item_id"))
    if query.region:
        items = items.filter(id__in=ItemCountry.objects.filter(region=query.region).values("item_id"))
    if query.subject:
        items = items.filter(id__in=ItemSubject.objects.filter(subject=query.subject).values("item_id"))
    if query.language and not groups:
        items = items.filter(id__in=SearchEntry.objects.filter(language=query.language).values("item_id"))
    return items


def facets(items) -> tuple[dict[str, list[tuple[str, int]]], int]:
    """The counts of each facet over `items`, and their total, in four grouped queries."""
    def ranked(counts: dict) -> list[tuple[str, int]]:
        return sorted(((k, n) for k, n in counts.items() if k not in (None, "")),
                      key=lambda pair: (-pair[1], str(pair[0])))

    kinds: dict = {}
    years: dict = {}
    for row in items.values("kind", "year").annotate(n=Count("id")).order_by():
        kinds[row["kind"]] = kinds.get(row["kind"], 0) + row["n"]
        years[row["year"]] = years.get(row["year"], 0) + row["n"]
    countries: dict = {}
    regions: dict = {}
    for row in (ItemCountry.objects.filter(item__in=items).values("country", "region")
                .annotate(n=Count("id")).order_by()):
        countries[row["country"]] = row["n"]
        # An item of two countries of one region counts twice there: the price of one query.
        regions[row["region"]] = regions.get(row["region"], 0) + row["n"]
    subjects = {row["subject"]: row["n"] for row in ItemSubject.objects.filter(item__in=items)
                .values("subject").annotate(n=Count("id")).order_by()}
    spoken = {row["language"]: row["n"] for row in SearchEntry.objects.filter(item__in=items)
              .values("language").annotate(n=Count("id")).order_by()}
    return {"kind": ranked(kinds), "country": ranked(countries)[:40], "region": ranked(regions),
            "year": sorted(ranked(years), key=lambda pair: pair[0], reverse=True)[:30],
            "language": ranked(spoken), "subject": ranked(subjects)}, sum(kinds.values())


def _top_ids(groups, offset: int, limit: int, now) -> list[int] | None:
    """The page's ids from the index's best entries alone, when no filter narrows the query (an
    item found in two languages appears twice; a scheduled one is not yet public): None when
    the best entries do not fill the page, and the full ranking must run."""
    wanted = offset + limit
    fetch = wanted * 3 + 10
    sql, params = backends.top_sql(list(groups.values()), fetch)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    ordered = list(dict.fromkeys(row[0] for row in rows))
    public = set(Item.objects.filter(public_q(now), id__in=ordered).values_list("id", flat=True))
    ordered = [i for i in ordered if i in public]
    if len(ordered) >= wanted or len(rows) < fetch:
        return ordered[offset:wanted]
    return None


def _ranked_ids(items, groups, offset: int, limit: int) -> list[int]:
    match, match_params = backends.match_sql(list(groups.values()))
    inner, inner_params = items.values("id").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT m.item_id FROM ({match}) m WHERE m.item_id IN ({inner}) "  # noqa: S608
                       "ORDER BY m.rank, m.item_id LIMIT %s OFFSET %s",
                       [*match_params, *inner_params, limit, offset])
        return [row[0] for row in cursor.fetchall()]


def snippet_of(item: Item, groups: dict[str, list[str]], reader: str) -> tuple[list, str]:
    """The snippet in the reader's language when the query matched there (or nothing was asked),
    else in a language the query matched, else the reader's or the source language; from the
    summary and text, or the title when the item has neither in that language."""
    def content_in(code: str) -> str:
        return " ".join(filter(None, [(item.summary or {}).get(code, ""),
                                      plain((item.body or {}).get(code, ""))]))

    present = [code for code in languages.codes() if content_in(code) or (item.title or {}).get(code)]
    first = [reader] if (reader in groups or not groups) else []
    language = next((code for code in [*first, *groups, reader, item.source_language]
                     if code in present), present[0] if present else reader)
    prefix_len = len(language)
    wanted = {term[prefix_len:] for term in groups.get(language, [])}
    pieces = text.highlight(content_in(language), language, wanted)
    if not any(marked for _piece, marked in pieces) and (wanted or not pieces):
        # The words were found in the title only (or there is no text): show it first.
        found = " ".join(filter(None, [(item.title or {}).get(language, ""), content_in(language)]))
        pieces = text.highlight(found, language, wanted)
    return pieces, language


def search(query: Query, *, now=None, with_facets: bool = True) -> Results:
    query = normalised(query)
    searched = [query.language] if query.language else languages.codes()
    groups = text.query_terms(query.q, searched)
    sort = query.sort or ("relevance" if groups else "date")
    now = now or timezone.now()
    items = filtered(query, groups, now)
    offset = (query.page - 1) * query.per_page
    unfiltered = not (query.kind or query.year or query.country or query.region or query.subject)
    if sort == "relevance" and groups:
        ids = _top_ids(groups, offset, query.per_page, now) if unfiltered else None
        if ids is None:
            ids = _ranked_ids(items, groups, offset, query.per_page)
        by_id = Item.objects.in_bulk(ids)
        page = [by_id[i] for i in ids if i in by_id]
    else:
        page = list(items.order_by("-date", "-id")[offset:offset + query.per_page])
    reader = languages.current()
    hits = [Hit(item, *snippet_of(item, groups, reader)) for item in page]
    counts, complete = {}, True
    if with_facets:
        limit = getattr(settings, "PORTAL_FACET_LIMIT", FACET_LIMIT)
        if groups and _entries_beyond(groups, limit):
            # Broad words: facets over the items of the index's first `limit` entries.
            counts, counted = facets(filtered(query, groups, now, sample=limit))
            complete = False
        else:
            sample = items.order_by().values("id")[:limit]
            counts, counted = facets(Item.objects.filter(id__in=sample))
            complete = counted < limit
        # A broader query says "more than" the limit rather than count every match.
        total = counted
    else:
        total = items.count()
    return Results(query, total, hits, counts, sort, groups, complete)


def _entries_beyond(groups: dict[str, list[str]], limit: int) -> bool:
    sql, params = backends.ids_sql(list(groups.values()), limit + 1)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM ({sql}) s", params)  # noqa: S608 - constant SQL
        return cursor.fetchone()[0] > limit


def icontains(q: str, *, limit: int = 20) -> list[int]:
    """The plain baseline the benchmark runs beside search: a substring of any title or summary."""
    words = text.words(q)[:4]
    condition = Q()
    for word in words:
        condition &= Q(title__icontains=word) | Q(summary__icontains=word)
    return list(Item.objects.filter(public_q()).filter(condition)
                .order_by("-date", "-id").values_list("id", flat=True)[:limit])
