"""Services: versions, audit, validation messages, referral transitions, the case link."""

from __future__ import annotations

import datetime as dt

import pytest

from corridor.core.errors import NotFound, PermissionDenied, ValidationFailed, VersionConflict
from corridor.core.models import AuditEvent
from corridor.jobs import selectors, services
from corridor.jobs.models import JobReferral, ReferralStatus
from corridor.jobs.tests.conftest import make_profile, make_vacancy
from corridor.registry.tests.factories import PersonFactory


def events(obj, action):
    return AuditEvent.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk),
                                     action=action)


def test_a_vacancy_is_created_audited_and_normalised(vacancy, worker, org):
    assert vacancy.version == 1 and vacancy.country == "JOR"  # from the office
    assert events(vacancy, "create").get().actor == worker
    again = make_vacancy(worker, org.country_a, required_skills=["Bricklaying", "Car wash"],
                         languages=["ara", "EN"])
    assert again.required_skills == ["masonry", "car wash"]
    assert again.languages == ["ar", "en"]


def test_bad_vacancy_input_names_the_field(worker, org, areas):
    with pytest.raises(ValidationFailed) as caught:
        make_vacancy(worker, org.country_a, languages=["zz"], sector="mining")
    fields = {p["field"] for p in caught.value.problems}
    assert fields == {"languages"} or fields == {"languages", "sector"}
    with pytest.raises(ValidationFailed) as caught:
        make_vacancy(worker, org.country_a, sector="mining")
    assert caught.value.problems[0]["field"] == "sector"
    with pytest.raises(ValidationFailed) as caught:
        make_vacancy(worker, org.country_a, admin_area=areas["kyiv"])
    assert caught.value.problems[0]["field"] == "admin_area"


def test_vacancy_update_bumps_the_version_and_refuses_a_stale_one(vacancy, worker):
    updated = services.vacancy_update(actor=worker, vacancy=vacancy, expected_version=1,
                                      changes={"posts": 3})
    assert updated.version == 2
    assert events(vacancy, "update").get().changes == {"posts": [1, 3]}
    with pytest.raises(VersionConflict):
        services.vacancy_update(actor=worker, vacancy=vacancy, expected_version=1,
                                changes={"posts": 5})


def test_outsiders_cannot_publish_or_edit(vacancy, outsider, org, cast):
    with pytest.raises(PermissionDenied):
        make_vacancy(outsider, org.country_a)
    with pytest.raises(NotFound):
        services.vacancy_update(actor=outsider, vacancy=vacancy, expected_version=1,
                                changes={"posts": 2})
    with pytest.raises(PermissionDenied):
        make_vacancy(cast["movement_officer"], org.country_a)


def test_a_profile_takes_the_persons_languages_and_its_views_are_audited(profile, person,
                                                                          worker):
    assert profile.languages == ["ar"] and profile.version == 1
    assert events(profile, "create").count() == 1
    selectors.profile_for_person(user=worker, person_id=person.pk)
    selectors.profile_for_person(user=worker, person_id=person.pk)
    assert events(profile, "view").count() == 2


def test_profile_update_versions_and_keeps_no_personal_values_in_the_trail(profile, worker,
                                                                           areas):
    updated = services.profile_update(actor=worker, profile=profile, expected_version=1,
                                      changes={"skills": ["welder"]},
                                      preferred_area_ids=[areas["zarqa"].pk])
    assert updated.version == 2 and updated.skills == ["welding"]
    assert list(updated.preferred_areas.all()) == [areas["zarqa"]]
    assert events(profile, "update").get().changes == {"skills": "changed",
                                                       "preferred_areas": "changed"}
    with pytest.raises(VersionConflict):
        services.profile_update(actor=worker, profile=profile, expected_version=1,
                                changes={"notes": "x"})


def test_bad_profile_input_names_the_field(person, worker):
    with pytest.raises(ValidationFailed) as caught:
        make_profile(worker, person, sector_years={"construction": 99, "mining": 1},
                     preferred_countries=["XXX"])
    messages = {(p["field"], p["message"]) for p in caught.value.problems}
    assert ("sector_years", "unknown sector 'mining'") in messages
    assert ("sector_years", "years in construction must be between 0 and 60") in messages
    assert ("preferred_countries", "unknown ISO 3166 alpha-3 code 'XXX'") in messages


def test_one_profile_per_person(profile, person, worker):
    with pytest.raises(ValidationFailed):
        make_profile(worker, person)


def test_a_referral_is_recorded_with_the_score_and_audited(vacancy, profile, person, worker):
    referral = services.referral_create(actor=worker, vacancy=vacancy, person=person)
    assert referral.status == ReferralStatus.REFERRED and referral.office_id == person.office_id
    assert referral.score is not None and referral.score > 50
    assert events(referral, "create").count() == 1
    with pytest.raises(ValidationFailed):
        services.referral_create(actor=worker, vacancy=vacancy, person=person)


def test_no_referral_to_a_closed_vacancy(vacancy, person, worker):
    services.vacancy_update(actor=worker, vacancy=vacancy, expected_version=1,
                            changes={"status": "closed"})
    with pytest.raises(ValidationFailed) as caught:
        services.referral_create(actor=worker, vacancy=vacancy, person=person)
    assert caught.value.problems[0]["message"] == "this vacancy is closed"


def test_no_referral_of_someone_out_of_scope(vacancy, person_b, worker):
    with pytest.raises(NotFound):
        services.referral_create(actor=worker, vacancy=vacancy, person=person_b)


@pytest.mark.parametrize(("path", "allowed"), [
    (["interview", "hired"], True),
    (["interview", "not_selected"], True),
    (["withdrawn"], True),
    (["hired"], True),
    (["hired", "interview"], False),
    (["not_selected", "hired"], False),
    (["withdrawn", "referred"], False),
    (["interview", "interview"], False),
    (["referred"], False),
])
def test_referral_status_transitions(path, allowed, vacancy, person, worker):
    referral = services.referral_create(actor=worker, vacancy=vacancy, person=person)
    *steps, last = path
    for step in steps:
        referral = services.referral_status_set(actor=worker, referral=referral,
                                                expected_version=referral.version, status=step)
    if allowed:
        referral = services.referral_status_set(actor=worker, referral=referral,
                                                expected_version=referral.version, status=last,
                                                note="Started on Monday")
        assert referral.status == last and referral.version == len(path) + 1
        assert referral.outcome_on or referral.interview_on
    else:
        with pytest.raises(ValidationFailed):
            services.referral_status_set(actor=worker, referral=referral,
                                         expected_version=referral.version, status=last)


def test_a_stale_status_change_is_refused(vacancy, person, worker):
    referral = services.referral_create(actor=worker, vacancy=vacancy, person=person)
    services.referral_status_set(actor=worker, referral=referral, expected_version=1,
                                 status="interview", on=dt.date.today())
    with pytest.raises(VersionConflict):
        services.referral_status_set(actor=worker, referral=referral, expected_version=1,
                                     status="withdrawn")


def test_no_more_hires_than_posts(worker, org, areas):
    one_post = make_vacancy(worker, org.country_a, posts=1)
    first, second = (PersonFactory(office=org.country_a) for _ in range(2))
    referrals = [services.referral_create(actor=worker, vacancy=one_post, person=p)
                 for p in (first, second)]
    services.referral_status_set(actor=worker, referral=referrals[0], expected_version=1,
                                 status="hired")
    with pytest.raises(ValidationFailed) as caught:
        services.referral_status_set(actor=worker, referral=referrals[1], expected_version=1,
                                     status="hired")
    assert "posts" in caught.value.problems[0]["message"]


def test_outsiders_cannot_change_a_referral(vacancy, person, worker, outsider):
    referral = services.referral_create(actor=worker, vacancy=vacancy, person=person)
    with pytest.raises(NotFound):
        services.referral_status_set(actor=outsider, referral=referral, expected_version=1,
                                     status="withdrawn")
    assert JobReferral.objects.get(pk=referral.pk).status == "referred"
