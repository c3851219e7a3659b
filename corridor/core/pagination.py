"""Pagination for lists that can hold a million rows: counting stops at a cap.

Counting every match of a common name in a million people costs more than the page itself
(measured 600 ms against 37 ms capped). Past the cap a list says "more than N" and pages on
without a total: nobody reads pages of "Mohammed" rather than adding a family name. A search
pays for every match it counts (the count was a quarter of the database's work per request at
a cap of 200, PostgreSQL 1M, 20 clients), so the cap is low. Each page reads one row more than
it shows: that row says whether a next page exists, so a short list, and any page past the
cap, costs one query.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property
from ninja import Field, Schema
from ninja.pagination import PageNumberPagination
from pydantic import BaseModel

from corridor.core.audit import audit_listed, office_of

COUNT_CAP = 100

# The highest page a list serves: past it the offset would overflow the database's integers
# (a fuzzed `page=10**30` answered 500); no list is that long at any page size.
MAX_PAGE = 1_000_000_000


def capped_count(queryset: QuerySet, cap: int = COUNT_CAP) -> int:
    """The number of rows, or cap + 1 when there are more than cap."""
    return queryset.order_by()[: cap + 1].count()


def page_and_count(queryset: QuerySet, offset: int, size: int) -> tuple[list, int]:
    """The rows of one page and a count: exact when the list ends on this page or within the
    cap, else a lower bound above the cap (cap + 1 from a count, or this page's end + 1)."""
    rows = list(queryset[offset: offset + size + 1])
    if len(rows) <= size:  # the list ends here: its length is known without counting
        return rows, (offset + len(rows) if rows or offset == 0 else capped_count(queryset))
    if offset + size >= COUNT_CAP:  # more than the cap for certain, and a next page exists
        return rows[:size], offset + size + 1
    return rows[:size], capped_count(queryset)


class CappedPaginator(Paginator):
    @cached_property
    def count(self) -> int:
        return capped_count(self.object_list)

    def page(self, number):
        """As Django's, but the rows are read first: a short page gives the count (see
        `page_and_count`); only past the end is the page number refused."""
        try:
            wanted = int(number)
        except (TypeError, ValueError):
            return super().page(number)  # Django's own error for a page that is no number
        if wanted < 1 or wanted > MAX_PAGE:  # Django's refusal, before any offset is computed
            return super().page(wanted)
        rows, count = page_and_count(self.object_list, (wanted - 1) * self.per_page,
                                     self.per_page)
        self.__dict__["count"] = count
        if not rows and wanted > 1:
            return super().page(wanted)  # past the end: EmptyPage, as Django does
        return self._get_page(rows, wanted, self)

    def get_page(self, number):
        """As Django's, without its count before the rows (which `page` makes needless)."""
        try:
            return self.page(number)
        except PageNotAnInteger:
            return self.page(1)
        except EmptyPage:
            return self.page(self.num_pages)

    @property
    def count_is_capped(self) -> bool:
        return self.count > COUNT_CAP

    @property
    def count_cap(self) -> int:
        return COUNT_CAP


class BoundedPageNumberPagination(PageNumberPagination):
    """ninja's page-number pagination, with a highest page number (beyond it: 422)."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int | None = Field(None, ge=1)


class CappedPageNumberPagination(BoundedPageNumberPagination):
    """ninja's page-number pagination; `count` stops at COUNT_CAP + 1 (then `more` is true)."""

    class Output(Schema):
        items: list[Any]
        count: int = Field(description=f"Matches: exact up to {COUNT_CAP}; when `more` is true, "
                                       "a lower bound (the matches counted so far)")
        more: bool = Field(description=f"True when there are more than {COUNT_CAP} matches")

    def paginate_queryset(self, queryset, pagination, request, **params) -> dict:
        page_size = self._get_page_size(pagination.page_size)
        items, count = page_and_count(queryset, (pagination.page - 1) * page_size, page_size)
        return {"items": items, "count": count, "more": count > COUNT_CAP}


class AuditedPagination(BoundedPageNumberPagination):
    """The bounded pagination, each page audited as a view of the records it shows: one event
    a page (see `audit_listed`), with the endpoint's filters. `object_type` and `what` name
    the records, e.g. `@paginate(AuditedPagination, object_type="cases.case", what="cases")`;
    `office` leads from a record to its office's id (dotted, e.g. "person.office_id"; rows
    read with it selected), or is a function giving a record's offices (a cluster's people's),
    which the event names so that those offices' administrators see it."""

    def __init__(self, *, object_type: str, what: str,
                 office: str | Callable[[Any], Iterable[int]] = "office_id",
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.object_type = object_type
        self.what = what
        self.office = office

    def paginate_queryset(self, queryset, pagination, request, **params) -> dict:
        page = super().paginate_queryset(queryset, pagination, request, **params)
        page["items"] = list(page["items"])  # read once here: the rows audited are those shown
        audit_listed(actor=request.user, object_type=self.object_type,
                     ids=[item.pk for item in page["items"]], filters=_filters(params),
                     what=self.what,
                     offices=self._offices(page["items"]))
        return page


    def _offices(self, items: list) -> list[int | None]:
        if callable(self.office):
            return [office for item in items for office in self.office(item)]
        return [office_of(item, self.office) for item in items]


class AuditedCappedPagination(AuditedPagination, CappedPageNumberPagination):
    """The capped pagination (see `CappedPageNumberPagination`), each page audited."""


def _filters(params: dict) -> dict:
    """An endpoint's parameters by name, the fields of a filter schema among them."""
    found: dict = {}
    for name, value in params.items():
        found.update(value.model_dump() if isinstance(value, BaseModel) else {name: value})
    return found
