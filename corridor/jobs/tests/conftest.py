from __future__ import annotations

import pytest

from corridor.geo.models import AdminArea
from corridor.jobs import services
from corridor.registry.tests.factories import PersonFactory


@pytest.fixture
def areas(db):
    jordan = AdminArea.objects.create(pcode="JO", name="Jordan", level=0, country="JOR")
    amman = AdminArea.objects.create(pcode="JO11", name="Amman", level=1, country="JOR",
                                     parent=jordan)
    zarqa = AdminArea.objects.create(pcode="JO13", name="Zarqa", level=1, country="JOR",
                                     parent=jordan)
    ukraine = AdminArea.objects.create(pcode="UA", name="Ukraine", level=0, country="UKR")
    kyiv = AdminArea.objects.create(pcode="UA80", name="Kyiv", level=1, country="UKR",
                                    parent=ukraine)
    return {"amman": amman, "zarqa": zarqa, "kyiv": kyiv}


@pytest.fixture
def worker(cast):
    return cast["case_worker"]


@pytest.fixture
def outsider(cast):
    return cast["outsider"]


def make_vacancy(actor, office, **extra):
    fields = {"title": "Site mason", "employer": "Amman Build", "sector": "construction",
              "required_skills": ["masonry"], "desirable_skills": ["tiling"],
              "languages": ["ar"], **extra}
    return services.vacancy_create(actor=actor, office=office, **fields)


def make_profile(actor, person, **extra):
    fields = {"skills": ["masonry"], "sector_years": {"construction": 3},
              "education_level": "secondary", **extra}
    return services.profile_create(actor=actor, person=person, **fields)


@pytest.fixture
def vacancy(worker, org, areas):
    return make_vacancy(worker, org.country_a, admin_area=areas["amman"])


@pytest.fixture
def vacancy_b(outsider, org):
    return make_vacancy(outsider, org.country_b, title="Kyiv welder", sector="manufacturing",
                        required_skills=["welding"], languages=["uk"])


@pytest.fixture
def person(org):
    return PersonFactory(office=org.country_a, given_name="Ownperson", family_name="Alpha",
                         category="returning_national", languages=["ar"])


@pytest.fixture
def person_b(org):
    return PersonFactory(office=org.country_b, given_name="Otherperson", family_name="Gamma",
                         category="returning_national", languages=["uk"])


@pytest.fixture
def profile(worker, person):
    return make_profile(worker, person)


@pytest.fixture
def profile_b(outsider, person_b):
    # Also a mason: the best match for our vacancy if scope were forgotten.
    return make_profile(outsider, person_b, skills=["masonry", "tiling"], languages=["ar"],
                        sector_years={"construction": 20}, education_level="tertiary")
