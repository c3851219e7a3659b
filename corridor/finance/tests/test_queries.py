"""A list page's queries do not grow with its rows: each page is read with one row, then with
four, and must take no more queries the second time (issue 14; the figures of many
contributions, projects, appeals, advances and members are read in bulk)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import verified_client
from corridor.finance.services import appeals, contributions, emergency, voluntary
from corridor.finance.tests.conftest import days_ago

PLEDGED, PAID = days_ago(60), days_ago(5)


def _received(officer, donor, reference: str, **to):
    c = voluntary.contribution_pledge(actor=officer, donor=donor, reference=reference,
                                      earmarking=(2 if "requirement" in to else 3) if to else 1,
                                      amount=Decimal("1000.00"),
                                      currency="USD", pledged_on=PLEDGED, **to)
    agreement = voluntary.agreement_create(actor=officer, donor=donor, reference=f"A-{reference}",
                                           title=reference, signed_on=PLEDGED)
    voluntary.contribution_commit(actor=officer, contribution=c, agreement=agreement,
                                  committed_on=PLEDGED)
    voluntary.receipt_record(actor=officer, contribution=c, received_on=PAID,
                             amount=Decimal("600.00"), currency="USD")
    return c


def _no_growth(client, url: str, add: Callable[[int], object], django_assert_max_num_queries):
    add(0)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    for n in range(1, 4):
        add(n)
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client.get(url).status_code == 200


@pytest.fixture
def client(officer):
    return verified_client(officer)


def test_contributions_and_a_donors_report(client, officer, donors,
                                          django_assert_max_num_queries):
    add = lambda n: _received(officer, donors["NOR"], f"NOR-{n}")  # noqa: E731
    _no_growth(client, reverse("finance:contributions"), add, django_assert_max_num_queries)
    add = lambda n: _received(officer, donors["ECHO"], f"ECHO-{n}")  # noqa: E731
    _no_growth(client, reverse("finance:donor", args=[donors["ECHO"].pk]), add,
               django_assert_max_num_queries)


def test_the_projects_page(client, officer, donors, org, django_assert_max_num_queries):
    from corridor.cases.tests.conftest import make_project

    def add(n: int) -> None:
        project = make_project(org.country_a, code=f"P-{n}", budget="5000.00")
        _received(officer, donors["NOR"], f"NOR-P{n}", project=project)
        unearmarked = _received(officer, donors["FDN"], f"FDN-{n}")
        voluntary.allocation_decide(actor=officer, contribution=unearmarked, project=project,
                                    amount=Decimal("100.00"), decided_on=PAID, reason="Gap")

    _no_growth(client, reverse("finance:projects"), add, django_assert_max_num_queries)


def test_the_appeals_page(client, officer, donors, django_assert_max_num_queries):
    def add(n: int) -> None:
        appeal = appeals.appeal_create(actor=officer, code=f"HRP-{n}", title=f"Plan {n}",
                                       year=PAID.year, launched_on=PLEDGED)
        need = appeals.requirement_add(actor=officer, appeal=appeal, sector="transport",
                                       amount=Decimal("5000.00"))
        _received(officer, donors["NOR"], f"NOR-A{n}", requirement=need)

    _no_growth(client, reverse("finance:appeals"), add, django_assert_max_num_queries)


def test_the_emergency_page(client, officer, donors, org, usd_project,
                            django_assert_max_num_queries):
    from corridor.movements.models import Operation

    emergency.capital_record(actor=officer, amount=Decimal("1000000.00"), booked_on=PLEDGED,
                             description="Reserve")

    def add(n: int) -> None:
        operation = Operation.objects.create(reference=f"OP-{n}", office=org.country_a,
                                             project=usd_project, kind="evacuation",
                                             title=f"Evacuation {n}")
        pledge = voluntary.contribution_pledge(
            actor=officer, donor=donors["ECHO"], reference=f"E-{n}", earmarking=3,
            amount=Decimal("1000.00"), currency="USD", pledged_on=PLEDGED, operation=operation)
        emergency.advance_make(actor=officer, operation=operation, amount=Decimal("500.00"),
                               advanced_on=PLEDGED, reason="Airlift", pledges=[pledge])
        agreement = voluntary.agreement_create(actor=officer, donor=donors["ECHO"],
                                               reference=f"EA-{n}", title="Evacuation",
                                               signed_on=PAID)
        voluntary.contribution_commit(actor=officer, contribution=pledge, agreement=agreement,
                                      committed_on=PAID)
        voluntary.receipt_record(actor=officer, contribution=pledge, received_on=PAID,
                                 amount=Decimal("200.00"), currency="USD")

    _no_growth(client, reverse("finance:emergency"), add, django_assert_max_num_queries)


def test_arrears_ageing(client, officer, django_assert_max_num_queries):
    codes = ["AUT", "BEL", "CHE", "DEU"]
    add = lambda n: contributions.member_create(  # noqa: E731
        actor=officer, iso3=codes[n], name=f"State {codes[n]}")
    _no_growth(client, reverse("finance:arrears"), add, django_assert_max_num_queries)
