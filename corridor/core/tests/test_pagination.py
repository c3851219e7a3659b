"""Capped counts: a short page is its own count, a full one is counted up to the cap, and a
page past the cap is not counted at all."""

from __future__ import annotations

import pytest
from django.core.paginator import EmptyPage
from django.db import connection
from django.test.utils import CaptureQueriesContext

from corridor.access.models import Office
from corridor.core.pagination import COUNT_CAP, CappedPaginator, page_and_count


@pytest.fixture
def offices(db):
    root = Office.objects.create(code="R", name="Root", kind="hq", country="CHE", path="")
    Office.objects.bulk_create([Office(code=f"O{i:03d}", name=f"Office {i}", kind="country",
                                       country="JOR", parent=root, path=f"{i}/")
                                for i in range(COUNT_CAP + 5)])
    return Office.objects.order_by("code")


def test_a_short_first_page_is_its_own_count(offices):
    few = offices.filter(code__in=["O001", "O002", "O003"])
    with CaptureQueriesContext(connection) as queries:
        rows, count = page_and_count(few, 0, 50)
    assert (len(rows), count, len(queries)) == (3, 3, 1)


def test_a_short_last_page_gives_the_exact_count(offices):
    total = offices.count()
    rows, count = page_and_count(offices, COUNT_CAP, 50)
    assert (len(rows), count) == (total - COUNT_CAP, total)


def test_a_list_of_exactly_one_page_is_counted_exactly_without_a_count_query(offices):
    exactly = offices.filter(code__lt="O010")
    with CaptureQueriesContext(connection) as queries:
        rows, count = page_and_count(exactly, 0, 10)
    assert (len(rows), count, len(queries)) == (10, 10, 1)


def test_a_full_page_reaching_the_cap_is_not_counted(offices):
    with CaptureQueriesContext(connection) as queries:
        rows, count = page_and_count(offices, COUNT_CAP - 10, 10)
    assert (len(rows), count, len(queries)) == (10, COUNT_CAP + 1, 1)
    assert [o.code for o in rows] == [f"O{i:03d}" for i in range(COUNT_CAP - 10, COUNT_CAP)]


def test_the_paginator_pages_on_past_the_cap_to_the_end(offices):
    last_capped = COUNT_CAP // 10
    page = CappedPaginator(offices, 10).get_page(last_capped)
    assert page.has_next() and page.paginator.count_is_capped
    end = CappedPaginator(offices, 10).get_page(last_capped + 1)
    assert not end.has_next() and end.paginator.count == offices.count() > COUNT_CAP
    assert [o.code for o in end] == [o.code for o in offices][COUNT_CAP:]


def test_a_full_page_is_counted_up_to_the_cap(offices):
    with CaptureQueriesContext(connection) as queries:
        rows, count = page_and_count(offices, 0, 50)
    assert (len(rows), count, len(queries)) == (50, COUNT_CAP + 1, 2)


def test_the_paginator_refuses_a_page_past_the_end_and_get_page_falls_back(offices):
    paginator = CappedPaginator(offices.filter(code__lt="O010"), 5)
    with pytest.raises(EmptyPage):
        paginator.page(7)
    page = CappedPaginator(offices.filter(code__lt="O010"), 5).get_page(7)
    assert page.number == 2 and [o.code for o in page] == ["O005", "O006", "O007", "O008", "O009"]
    assert CappedPaginator(offices, 50).get_page("x").number == 1


def test_the_paginator_counts_only_when_the_page_is_full(offices):
    few = CappedPaginator(offices.filter(code__in=["O001", "O002", "O003"]), 50)
    with CaptureQueriesContext(connection) as queries:
        page = few.get_page("1")
    assert (len(queries), few.count, len(page)) == (1, 3, 3)
    full = CappedPaginator(offices, 50)
    with CaptureQueriesContext(connection) as queries:
        full.get_page("1")
    assert len(queries) == 2 and full.count_is_capped
    assert CappedPaginator(Office.objects.none(), 5).get_page(3).number == 1
