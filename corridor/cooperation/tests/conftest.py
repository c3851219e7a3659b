from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from corridor.cases import services as case_services
from corridor.cases.models import CaseKind
from corridor.cases.tests.conftest import make_project
from corridor.cooperation import services
from corridor.registry.tests.factories import PersonFactory


@pytest.fixture
def worker(cast):
    return cast["case_worker"]


@pytest.fixture
def outsider(cast):
    return cast["outsider"]


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def accepted(worker, org, today):
    gov = services.request_create(actor=worker, office=org.country_a, country="JOR",
                                  institution="Ministry of Interior", subject="Border training",
                                  received_on=today - dt.timedelta(days=40))
    gov = services.request_assess(actor=worker, request=gov, expected_version=gov.version,
                                  assessment="Needs document training",
                                  on=today - dt.timedelta(days=35))
    return services.request_decide(actor=worker, request=gov, expected_version=gov.version,
                                   status="accepted")


@pytest.fixture
def course(worker, org, accepted, today):
    course = services.course_create(actor=worker, office=org.country_a, request=accepted,
                                    country="JOR", title="Examining documents",
                                    validity_months=12, pass_mark=60)
    for n in range(2):
        services.session_add(actor=worker, course=course,
                             held_on=today - dt.timedelta(days=20 - n), topic=f"Part {n + 1}")
    return course


@pytest.fixture
def participants(worker, course):
    made = []
    for name, post in (("Khaled Mansour", 80), ("Layla Azzam", 50)):
        p = services.participant_add(actor=worker, course=course, full_name=name,
                                     institution="Ministry of Interior")
        made.append(services.scores_record(actor=worker, participant=p,
                                           expected_version=p.version, pre_test=40,
                                           post_test=post))
    for session in course.sessions.all():
        services.attendance_record(actor=worker, session=session,
                                   participant_ids=[p.pk for p in made])
    return made


@pytest.fixture
def returning(worker, org):
    """A person of country_a with an open case of return of qualified nationals."""
    project = make_project(org.country_a, code="PRJ-QN")
    person = PersonFactory(office=org.country_a, given_name="Amina", family_name="Haddad",
                           nationality="JOR")
    case = case_services.case_open(actor=worker, project=project, person=person,
                                   kind=CaseKind.QUALIFIED_NATIONALS)
    return person, case


@pytest.fixture
def need(worker, org):
    return services.need_create(actor=worker, office=org.country_a, country="JOR",
                                occupation="2221", institution="Al-Bashir Hospital")


@pytest.fixture
def candidate(worker, returning):
    person, case = returning
    return services.candidate_register(actor=worker, person=person, case_id=case.pk,
                                       residing_in="DEU", occupation="2221")
