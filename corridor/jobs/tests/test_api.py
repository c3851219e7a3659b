"""The jobs API: creates (idempotent), versions on writes, validation, matches, referrals, and
constant query counts on lists."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from conftest import enrolled
from corridor.access import services as access_services
from corridor.core.models import AuditEvent
from corridor.jobs import services
from corridor.jobs.models import JobReferral, SkillsProfile, Vacancy
from corridor.jobs.tests.conftest import make_profile, make_vacancy
from corridor.registry.tests.factories import PersonFactory


@pytest.fixture
def api(worker, client_for):
    return client_for(worker)


def new_vacancy(org, **extra):
    return {"office_id": org.country_a.pk, "title": "Nurse", "employer": "Zarqa Clinic",
            "sector": "health", "required_skills": ["nurse"], "languages": ["ar"],
            "admin_area_pcode": "JO13", "posts": 2, **extra}


def test_vacancy_create_read_and_replay(api, org, areas):
    headers = {"HTTP_IDEMPOTENCY_KEY": "tablet-3-vacancy-1"}
    first = api.post("/api/v1/jobs/vacancies", new_vacancy(org), content_type="application/json",
                     **headers)
    again = api.post("/api/v1/jobs/vacancies", new_vacancy(org), content_type="application/json",
                     **headers)
    assert first.status_code == again.status_code == 201, first.content
    assert first.json() == again.json() and Vacancy.objects.count() == 1
    body = api.get(f"/api/v1/jobs/vacancies/{first.json()['id']}").json()
    assert body["required_skills"] == ["nursing"] and body["admin_area_pcode"] == "JO13"
    assert body["country"] == "JOR" and body["is_open"] is True and body["version"] == 1


def test_vacancy_bad_input_is_422_naming_the_field(api, org, areas):
    bad = api.post("/api/v1/jobs/vacancies", new_vacancy(org, sector="mining"),
                   content_type="application/json")
    assert bad.status_code == 422 and bad.json()["problems"][0]["field"] == "sector"
    unknown_area = api.post("/api/v1/jobs/vacancies", new_vacancy(org, admin_area_pcode="ZZ99"),
                            content_type="application/json")
    assert unknown_area.status_code == 422
    assert unknown_area.json()["problems"][0]["field"] == "admin_area_pcode"
    other_office = api.post("/api/v1/jobs/vacancies", new_vacancy(org, office_id=org.country_b.pk),
                            content_type="application/json")
    assert other_office.status_code == 404  # as an office that does not exist
    assert Vacancy.objects.count() == 0


def test_vacancy_stale_patch_is_409(api, vacancy):
    url = f"/api/v1/jobs/vacancies/{vacancy.pk}"
    ok = api.patch(url, {"version": 1, "posts": 4}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["version"] == 2
    stale = api.patch(url, {"version": 1, "posts": 9}, content_type="application/json")
    assert stale.status_code == 409 and stale.json()["current_version"] == 2
    assert Vacancy.objects.get(pk=vacancy.pk).posts == 4


def test_profile_create_update_and_matches(api, person, vacancy, areas):
    url = f"/api/v1/jobs/people/{person.pk}/profile"
    created = api.post(url, {"skills": ["Bricklaying", "tiling"], "education_level": "secondary",
                             "sector_years": {"construction": 4},
                             "preferred_area_pcodes": ["JO11"]},
                       content_type="application/json")
    assert created.status_code == 201, created.content
    assert created.json()["skills"] == ["masonry", "tiling"]
    assert created.json()["languages"] == ["ar"]  # from the person
    patched = api.patch(url, {"version": 1, "languages": ["ar", "en"]},
                        content_type="application/json")
    assert patched.status_code == 200 and patched.json()["version"] == 2
    assert patched.json()["preferred_area_pcodes"] == ["JO11"]
    assert api.patch(url, {"version": 1, "notes": "x"},
                     content_type="application/json").status_code == 409
    matches = api.get(f"/api/v1/jobs/people/{person.pk}/vacancies").json()
    assert matches[0]["vacancy"]["id"] == vacancy.pk
    assert matches[0]["score"] == 100.0
    assert matches[0]["explanation"]["place_tier"] == "area"
    candidates = api.get(f"/api/v1/jobs/vacancies/{vacancy.pk}/candidates").json()
    assert candidates[0]["person_id"] == person.pk
    assert candidates[0]["explanation"]["skills"]["matched"] == ["masonry", "tiling"]


def test_profile_of_a_person_without_one_is_404(api, person):
    assert api.get(f"/api/v1/jobs/people/{person.pk}/profile").status_code == 404


def test_referral_api_flow(api, vacancy, person, profile):
    created = api.post("/api/v1/jobs/referrals", {"vacancy_id": vacancy.pk, "person_id": person.pk},
                       content_type="application/json", HTTP_IDEMPOTENCY_KEY="ref-1")
    assert created.status_code == 201, created.content
    again = api.post("/api/v1/jobs/referrals", {"vacancy_id": vacancy.pk, "person_id": person.pk},
                     content_type="application/json", HTTP_IDEMPOTENCY_KEY="ref-1")
    assert again.json() == created.json() and JobReferral.objects.count() == 1
    url = f"/api/v1/jobs/referrals/{created.json()['id']}"
    # The interview falls on the day of the referral, whatever day the suite runs.
    on = created.json()["referred_on"]
    interview = api.patch(url, {"version": 1, "status": "interview", "on": on},
                          content_type="application/json")
    assert interview.status_code == 200 and interview.json()["interview_on"] == on
    back = api.patch(url, {"version": 2, "status": "referred"}, content_type="application/json")
    assert back.status_code == 422 and back.json()["problems"][0]["field"] == "status"
    hired = api.patch(url, {"version": 2, "status": "hired", "outcome_note": "Starts Monday"},
                      content_type="application/json")
    assert hired.json()["status"] == "hired" and hired.json()["version"] == 3
    listed = api.get(f"/api/v1/jobs/referrals?status=hired&vacancy_id={vacancy.pk}").json()
    assert [r["id"] for r in listed["items"]] == [created.json()["id"]]


def test_token_scopes(worker, vacancy):
    _token, secret = access_services.token_create(actor=enrolled(worker), name="t",
                                                  scopes=["jobs:read"])
    client = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert client.get(f"/api/v1/jobs/vacancies/{vacancy.pk}").status_code == 200
    refused = client.patch(f"/api/v1/jobs/vacancies/{vacancy.pk}", {"version": 1, "posts": 2},
                           content_type="application/json")
    assert refused.status_code == 403 and "jobs:write" in refused.json()["detail"]


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.parametrize("url", ["/api/v1/jobs/vacancies", "/jobs/",
                                 "/api/v1/jobs/profiles", "/api/v1/jobs/referrals",
                                 "/jobs/referrals/"])
def test_lists_take_a_constant_number_of_queries(url, api, worker, org, areas):
    def grow(n):
        for _ in range(n):
            vacancy = make_vacancy(worker, org.country_a, admin_area=areas["amman"])
            person = PersonFactory(office=org.country_a)
            profile = make_profile(worker, person)
            profile.preferred_areas.set([areas["amman"], areas["zarqa"]])
            services.referral_create(actor=worker, vacancy=vacancy, person=person)

    grow(2)
    few = _count(api, url)
    grow(8)
    many = _count(api, url)
    assert few == many, (url, few, many)
    assert SkillsProfile.objects.count() == 10


@pytest.mark.parametrize("kind", ["candidates", "vacancies"])
def test_matching_takes_a_constant_number_of_queries(kind, api, worker, org, areas, vacancy):
    def grow(n):
        for _ in range(n):
            make_vacancy(worker, org.country_a, admin_area=areas["zarqa"])
            person = PersonFactory(office=org.country_a, place_of_origin=areas["amman"])
            make_profile(worker, person, preferred_area_ids=[areas["zarqa"].pk])

    first = PersonFactory(office=org.country_a)
    make_profile(worker, first)
    url = (f"/jobs/vacancies/{vacancy.pk}/candidates/" if kind == "candidates"
           else f"/jobs/people/{first.pk}/profile/")
    grow(2)
    few = _count(api, url)
    grow(6)
    many = _count(api, url)
    assert few == many, (url, few, many)


def _listed(client, url, params, object_type) -> list[AuditEvent]:
    """The view events a GET of one page of a list writes."""
    last = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first()
    assert client.get(url, params).status_code == 200
    return list(AuditEvent.objects.filter(pk__gt=last, action="view", object_type=object_type))


@pytest.mark.parametrize("url", ["/jobs/referrals/", "/api/v1/jobs/referrals"])
def test_a_page_of_the_referral_list_is_audited_with_the_referrals_shown(api, worker, org,
                                                                          vacancy, url):
    referrals = [services.referral_create(actor=worker, vacancy=vacancy,
                                          person=PersonFactory(office=org.country_a))
                 for _ in range(3)]
    services.referral_status_set(actor=worker, referral=referrals[2], expected_version=1,
                                 status="interview")
    listed = _listed(api, url, {"status": "referred"}, "jobs.jobreferral")
    assert len(listed) == 1
    assert sorted(listed[0].changes["referrals"]) == sorted(r.pk for r in referrals[:2])
    assert listed[0].changes["filters"] == {"status": "referred"}
    assert listed[0].actor == worker


def test_the_vacancy_page_audits_the_people_referred_it_names(api, worker, org, vacancy):
    referrals = [services.referral_create(actor=worker, vacancy=vacancy,
                                          person=PersonFactory(office=org.country_a))
                 for _ in range(2)]
    listed = _listed(api, f"/jobs/vacancies/{vacancy.pk}/", {}, "jobs.jobreferral")
    assert len(listed) == 1
    assert sorted(listed[0].changes["referrals"]) == sorted(r.pk for r in referrals)
    assert listed[0].changes["filters"] == {"vacancy_id": str(vacancy.pk)}


def test_a_page_of_the_profile_list_is_audited_with_the_profiles_shown(api, worker, org):
    shown = [make_profile(worker, PersonFactory(office=org.country_a)) for _ in range(2)]
    make_profile(worker, PersonFactory(office=org.country_a), availability="not_available")
    listed = _listed(api, "/api/v1/jobs/profiles", {"available_only": "true"},
                     "jobs.skillsprofile")
    assert len(listed) == 1
    assert sorted(listed[0].changes["profiles"]) == sorted(p.pk for p in shown)
    assert listed[0].changes["filters"] == {"available_only": "True"}
    assert listed[0].actor == worker
