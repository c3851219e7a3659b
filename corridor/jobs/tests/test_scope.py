"""Scope: another office's vacancies, people and referrals answer 404 in pages and API; matches
never propose anyone out of scope; roles without jobs get 404 on pages and 403 in the API."""

from __future__ import annotations

import pytest

from corridor.access.roles import Role
from corridor.jobs import selectors, services

JOBS_ROLES = {Role.CASE_WORKER}


def test_other_offices_vacancy_is_404_in_pages_and_api(vacancy, vacancy_b, cast, client_for):
    client = client_for(cast["case_worker"])
    for url in ("/jobs/vacancies/{}/", "/jobs/vacancies/{}/edit/", "/jobs/vacancies/{}/candidates/",
                "/api/v1/jobs/vacancies/{}", "/api/v1/jobs/vacancies/{}/candidates"):
        assert client.get(url.format(vacancy.pk)).status_code == 200, url
        assert client.get(url.format(vacancy_b.pk)).status_code == 404, url
    patch = client.patch(f"/api/v1/jobs/vacancies/{vacancy_b.pk}", {"version": 1, "posts": 9},
                         content_type="application/json")
    assert patch.status_code == 404
    listing = client.get("/jobs/").content.decode()
    assert "Site mason" in listing and "Kyiv welder" not in listing
    titles = {v["title"] for v in client.get("/api/v1/jobs/vacancies").json()["items"]}
    assert titles == {"Site mason"}


def test_other_offices_person_is_404_in_pages_and_api(profile, profile_b, person, person_b,
                                                      cast, client_for):
    client = client_for(cast["case_worker"])
    for url in ("/jobs/people/{}/profile/", "/jobs/people/{}/profile/edit/",
                "/api/v1/jobs/people/{}/profile", "/api/v1/jobs/people/{}/vacancies"):
        assert client.get(url.format(person.pk)).status_code == 200, url
        assert client.get(url.format(person_b.pk)).status_code == 404, url
    create = client.post(f"/api/v1/jobs/people/{person_b.pk}/profile", {"skills": ["masonry"]},
                         content_type="application/json")
    assert create.status_code == 404
    ids = {p["person_id"] for p in client.get("/api/v1/jobs/profiles").json()["items"]}
    assert ids == {person.pk}


def test_matches_never_include_out_of_scope_people(vacancy, profile, profile_b, person,
                                                   person_b, worker, cast, client_for):
    ranked = selectors.candidates_for_vacancy(user=worker, vacancy=vacancy)
    assert [r.profile.person_id for r in ranked] == [person.pk]
    client = client_for(worker)
    api = client.get(f"/api/v1/jobs/vacancies/{vacancy.pk}/candidates").json()
    assert [c["person_id"] for c in api] == [person.pk]
    page = client.get(f"/jobs/vacancies/{vacancy.pk}/candidates/").content.decode()
    assert "Ownperson" in page and "Otherperson" not in page
    # A regional case worker above both? Region A only: still not country B's person.
    regional = selectors.candidates_for_vacancy(user=cast["regional_case_worker"],
                                                vacancy=vacancy)
    assert person_b.pk not in {r.profile.person_id for r in regional}


def test_best_vacancies_are_open_and_in_scope(vacancy, vacancy_b, profile, worker, org):
    closed = services.vacancy_create(actor=worker, office=org.country_a, title="Closed mason",
                                     employer="X", sector="construction",
                                     required_skills=["masonry"], status="closed")
    ranked = selectors.vacancies_for_profile(user=worker, profile=profile)
    assert [r.vacancy.pk for r in ranked] == [vacancy.pk]
    assert closed.pk not in {r.vacancy.pk for r in ranked}


def test_other_offices_referral_is_404(vacancy_b, person_b, profile_b, outsider, cast,
                                       client_for):
    referral = services.referral_create(actor=outsider, vacancy=vacancy_b, person=person_b)
    client = client_for(cast["case_worker"])
    assert client.get(f"/jobs/referrals/{referral.pk}/").status_code == 404
    assert client.get(f"/api/v1/jobs/referrals/{referral.pk}").status_code == 404
    assert client.patch(f"/api/v1/jobs/referrals/{referral.pk}",
                        {"version": 1, "status": "withdrawn"},
                        content_type="application/json").status_code == 404
    assert client.get("/api/v1/jobs/referrals").json()["items"] == []
    refer = client.post("/jobs/refer/", {"vacancy": vacancy_b.pk, "person": person_b.pk})
    assert refer.status_code == 404


@pytest.mark.parametrize("role", list(Role))
def test_roles_without_jobs_see_nothing(role, vacancy, profile, person, cast, client_for):
    client = client_for(cast[role.value])
    page = client.get(f"/jobs/vacancies/{vacancy.pk}/")
    api = client.get(f"/api/v1/jobs/vacancies/{vacancy.pk}")
    profile_page = client.get(f"/jobs/people/{person.pk}/profile/")
    if role in JOBS_ROLES:
        assert (page.status_code, api.status_code, profile_page.status_code) == (200, 200, 200)
    else:
        assert (page.status_code, profile_page.status_code) == (404, 404)
        assert api.status_code == 403
        assert client.get("/jobs/").status_code == 404
