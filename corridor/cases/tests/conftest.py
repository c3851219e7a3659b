from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from conftest import make_user
from corridor.access.roles import Role
from corridor.cases import services
from corridor.partners.models import Partner, PartnerKind, ProgrammeCategory, Project
from corridor.registry.models import Household, Relation
from corridor.registry.tests.factories import PersonFactory


def make_project(office, code="PRJ-A", budget="1000.00", currency="USD") -> Project:
    return Project.objects.create(code=code, title=f"Project {code}", office=office,
                                  category=ProgrammeCategory.HUMANITARIAN, currency=currency,
                                  budget=Decimal(budget), start=dt.date(dt.date.today().year, 1, 1),
                                  end=dt.date(dt.date.today().year + 1, 12, 31))


@pytest.fixture
def project(org):
    return make_project(org.country_a)


@pytest.fixture
def project_b(org):
    return make_project(org.country_b, code="PRJ-B")


@pytest.fixture
def person(org):
    return PersonFactory(office=org.country_a, given_name="Amina", family_name="Diallo")


@pytest.fixture
def person_b(org):
    return PersonFactory(office=org.country_b, given_name="Olena", family_name="Kovalenko")


@pytest.fixture
def household(org):
    household = Household.objects.create(office=org.country_a, reference="HH-CA-000001")
    PersonFactory(office=org.country_a, household=household, relation_to_head=Relation.HEAD,
                  given_name="Omar")
    PersonFactory(office=org.country_a, household=household, relation_to_head=Relation.CHILD,
                  given_name="Layla")
    return household


@pytest.fixture
def partner(db):
    return Partner.objects.create(name="International Committee of the Red Cross",
                                  acronym="ICRC", kind=PartnerKind.RED_CROSS)


@pytest.fixture
def worker(cast):
    return cast["case_worker"]


@pytest.fixture
def second_worker(org):
    return make_user("case_worker_a2", Role.CASE_WORKER, org.country_a)


@pytest.fixture
def case(worker, project, person):
    return services.case_open(actor=worker, project=project, kind="voluntary_return",
                              person=person, summary="Wants to go home")


@pytest.fixture
def case_b(cast, project_b, person_b):
    return services.case_open(actor=cast["outsider"], project=project_b, kind="evacuation",
                              person=person_b)


def move(case, actor, to, **extra):
    case.refresh_from_db()
    return services.case_transition(actor=actor, case=case, to=to,
                                    expected_version=case.version, **extra)


@pytest.fixture
def in_assistance(case, worker, second_worker):
    move(case, worker, "assessed")
    move(case, second_worker, "approved")
    return move(case, worker, "in_assistance")
