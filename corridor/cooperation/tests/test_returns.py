"""Return of qualified nationals: needs, candidates with a case of the right kind, matching by
the jobs engine, placement with its follow-ups on the case's timeline and in the work queue."""

from __future__ import annotations

import datetime as dt

import pytest

from corridor.access.workqueue import queue_for
from corridor.cases import services as case_services
from corridor.cases.models import CaseKind, CaseNote
from corridor.cases.tests.conftest import make_project
from corridor.cooperation import selectors, services
from corridor.cooperation.models import FollowUp, Placement, ReturnCandidate
from corridor.cooperation.services._common import add_months
from corridor.core.errors import NotFound, ValidationFailed
from corridor.jobs import services as job_services
from corridor.registry.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_a_need_takes_its_sector_and_skills_from_the_occupation(need):
    assert need.sector == "health"
    assert need.required_skills == ["nursing", "first_aid"]


def test_an_unknown_occupation_is_refused(worker, org):
    with pytest.raises(ValidationFailed) as refused:
        services.need_create(actor=worker, office=org.country_a, country="JOR",
                             occupation="9999", institution="X")
    assert "9999" in refused.value.problems[0]["message"]


def test_a_candidate_needs_a_case_of_the_right_kind(worker, org, returning):
    person, _case = returning
    project = make_project(org.country_a, code="PRJ-VR")
    other = case_services.case_open(actor=worker, project=project, person=person,
                                    kind=CaseKind.VOLUNTARY_RETURN)
    with pytest.raises(ValidationFailed) as refused:
        services.candidate_register(actor=worker, person=person, case_id=other.pk,
                                    residing_in="DEU", occupation="2221")
    assert refused.value.problems[0]["field"] == "case"
    stranger = PersonFactory(office=org.country_a)
    with pytest.raises(ValidationFailed):
        services.candidate_register(actor=worker, person=stranger, case_id=_case.pk,
                                    residing_in="DEU", occupation="2221")
    with pytest.raises(ValidationFailed):  # living in the country of return is not abroad
        services.candidate_register(actor=worker, person=person, case_id=_case.pk,
                                    residing_in="JOR", occupation="2221")
    assert not ReturnCandidate.objects.exists()


def test_matching_uses_the_jobs_engine_and_its_profile(worker, need, candidate):
    ranked = selectors.matches_for_need(user=worker, need=need)
    assert [r.candidate for r in ranked] == [candidate]
    without_profile = ranked[0].match
    assert not ranked[0].has_profile and ranked[0].same_occupation
    assert without_profile.explanation.skills.matched == ("nursing", "first_aid")
    job_services.profile_create(actor=worker, person=candidate.person, skills=["nursing"],
                                sector_years={"health": 6}, education_level="tertiary")
    ranked = selectors.matches_for_need(user=worker, need=need)
    assert ranked[0].has_profile
    assert ranked[0].match.explanation.skills.matched == ("nursing",)
    assert ranked[0].match.explanation.years == 6


def test_placement_end_to_end(worker, need, candidate, today):
    start = today - dt.timedelta(days=175)
    placement = services.placement_record(actor=worker, need=need, candidate=candidate,
                                          position="Ward nurse", placed_on=start)
    due = [(f.months, f.due_on) for f in placement.follow_ups.all()]
    assert due == [(6, add_months(start, 6)), (12, add_months(start, 12))]
    need.refresh_from_db()
    assert need.status == "filled"
    note = CaseNote.objects.filter(case=candidate.case).latest("id")
    assert "Ward nurse" in note.text and add_months(start, 6).isoformat() in note.text
    item = next(i for i in queue_for(worker) if i.key == "cooperation.follow_ups")
    assert item.count == 1
    six = placement.follow_ups.get(months=6)
    services.follow_up_record(actor=worker, follow_up=six, done_on=today, outcome="in_post")
    assert not any(i.key == "cooperation.follow_ups" for i in queue_for(worker))
    assert "6 months" in CaseNote.objects.filter(case=candidate.case).latest("id").text


def test_placement_refusals_write_nothing(worker, org, need, candidate, today):
    with pytest.raises(ValidationFailed):
        services.placement_record(actor=worker, need=need, candidate=candidate, position=" ",
                                  placed_on=today)
    with pytest.raises(ValidationFailed):
        services.placement_record(actor=worker, need=need, candidate=candidate,
                                  position="Nurse", placed_on=dt.date(1990, 1, 1))
    elsewhere = services.need_create(actor=worker, office=org.country_a, country="IRQ",
                                     occupation="2221", institution="Erbil Hospital")
    with pytest.raises(ValidationFailed):
        services.placement_record(actor=worker, need=elsewhere, candidate=candidate,
                                  position="Nurse", placed_on=today)
    assert not Placement.objects.exists() and not FollowUp.objects.exists()


def test_follow_up_dates_are_checked(worker, need, candidate, today):
    placement = services.placement_record(actor=worker, need=need, candidate=candidate,
                                          position="Nurse", placed_on=today - dt.timedelta(10))
    six = placement.follow_ups.get(months=6)
    for bad in (today - dt.timedelta(days=30), today + dt.timedelta(days=1)):
        with pytest.raises(ValidationFailed) as refused:
            services.follow_up_record(actor=worker, follow_up=six, done_on=bad,
                                      outcome="in_post")
        assert refused.value.problems[0]["field"] == "done_on"
    six.refresh_from_db()
    assert six.done_on is None


def test_outsiders_do_not_see_candidates(outsider, candidate, need):
    assert selectors.candidate_list(user=outsider) == []
    with pytest.raises(NotFound):
        selectors.candidate_get(user=outsider, candidate_id=candidate.pk)
    with pytest.raises(NotFound):
        selectors.need_get(user=outsider, need_id=need.pk)


def test_add_months_keeps_the_end_of_month():
    assert add_months(dt.date(2025, 8, 31), 6) == dt.date(2026, 2, 28)
    assert add_months(dt.date(2024, 2, 29), 12) == dt.date(2025, 2, 28)
    assert add_months(dt.date(2025, 12, 15), 1) == dt.date(2026, 1, 15)
