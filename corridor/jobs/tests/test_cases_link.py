"""A referral is recorded on the person's case as a "job_referral" assistance item."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from corridor.cases import services as case_services
from corridor.cases.models import AssistanceItem, CaseEvent
from corridor.core.errors import ValidationFailed
from corridor.jobs import services
from corridor.partners.models import ProgrammeCategory, Project
from corridor.registry.tests.factories import PersonFactory


@pytest.fixture
def project(org):
    return Project.objects.create(code="PRJ-J", title="Reintegration", office=org.country_a,
                                  category=ProgrammeCategory.HUMANITARIAN, currency="USD",
                                  budget=Decimal("1000.00"), start=dt.date(dt.date.today().year, 1, 1),
                                  end=dt.date(dt.date.today().year + 1, 12, 31))


@pytest.fixture
def case(worker, project, person):
    return case_services.case_open(actor=worker, project=project, kind="voluntary_return",
                                   person=person)


def test_the_referral_lands_on_the_persons_case(vacancy, person, case, worker):
    referral = services.referral_create(actor=worker, vacancy=vacancy, person=person)
    assert referral.case == case
    item = AssistanceItem.objects.get(pk=referral.assistance_item_id)
    assert (item.case, item.kind, item.planned_cost, item.beneficiary) == (
        case, "job_referral", Decimal("0.00"), person)
    assert CaseEvent.objects.filter(case=case, kind="assistance_planned").exists()


def test_without_a_case_the_referral_stays_on_the_person(vacancy, person, worker):
    referral = services.referral_create(actor=worker, vacancy=vacancy, person=person)
    assert referral.case is None and referral.assistance_item_id is None


def test_another_persons_case_is_refused(vacancy, person, case, worker, org):
    someone_else = PersonFactory(office=org.country_a)
    with pytest.raises(ValidationFailed) as caught:
        services.referral_create(actor=worker, vacancy=vacancy, person=someone_else,
                                 case_id=case.pk)
    assert caught.value.problems[0]["field"] == "case"
    assert not AssistanceItem.objects.exists()


@pytest.fixture
def household_case(worker, project, org):
    from corridor.registry.models import Household, Relation

    household = Household.objects.create(office=org.country_a, reference="HH-CA-000777")
    head = PersonFactory(office=org.country_a, household=household, relation_to_head=Relation.HEAD)
    member = PersonFactory(office=org.country_a, household=household,
                           relation_to_head=Relation.CHILD)
    case = case_services.case_open(actor=worker, project=project, kind="voluntary_return",
                                   household=household)
    return case, head, member


def test_a_household_members_referral_lands_on_the_households_case(vacancy, worker,
                                                                   household_case):
    # Issue 18 item 3: the case was looked up by person only, and this referral was lost.
    case, _head, member = household_case
    referral = services.referral_create(actor=worker, vacancy=vacancy, person=member)
    assert referral.case == case
    assert AssistanceItem.objects.get(pk=referral.assistance_item_id).beneficiary == member


def test_with_several_open_cases_the_user_chooses(vacancy, worker, project, household_case,
                                                 client_for):
    case, _head, member = household_case
    own = case_services.case_open(actor=worker, project=project, kind="qualified_nationals",
                                  person=member)
    with pytest.raises(ValidationFailed) as caught:
        services.referral_create(actor=worker, vacancy=vacancy, person=member)
    assert caught.value.problems[0]["field"] == "case"
    assert case.reference in str(caught.value.problems[0]["message"])
    assert not AssistanceItem.objects.exists()
    # The profile page offers both cases; the one chosen records the referral.
    client = client_for(worker)
    from corridor.jobs.tests.conftest import make_profile

    make_profile(worker, member)
    page = client.get(f"/jobs/people/{member.pk}/profile/").content.decode()
    assert f'value="{case.pk}"' in page and f'value="{own.pk}"' in page
    response = client.post("/jobs/refer/", {"vacancy": vacancy.pk, "person": member.pk,
                                            "case": case.pk})
    assert response.status_code == 302
    assert AssistanceItem.objects.get(kind="job_referral").case == case
