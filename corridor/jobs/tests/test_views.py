"""Pages: forms create and edit through the services, stale edits are refused, the refer button
and the status form work, and the score's reasons are shown."""

from __future__ import annotations

import pytest

from conftest import make_user
from corridor.access import services as access_services
from corridor.access.demo import OFFICES, USERS
from corridor.access.roles import Role
from corridor.core.models import AuditEvent
from corridor.jobs.demo import demo_jobs_load
from corridor.jobs.models import JobReferral, SkillsProfile, Vacancy
from corridor.registry.tests.factories import PersonFactory


@pytest.fixture
def page(worker, client_for):
    return client_for(worker)


VACANCY_FORM = {"title": "Baker", "employer": "Bread Co", "sector": "hospitality",
                "required_skills": ["baking"], "other_required": "sourdough, pastry",
                "languages": "ar, en", "years_wanted": 1, "posts": 2, "status": "open",
                "admin_area": "JO11", "country": ""}


def test_publish_then_edit_a_vacancy(page, org, areas):
    response = page.post("/jobs/vacancies/new/", {**VACANCY_FORM, "office": org.country_a.pk})
    assert response.status_code == 302, response.content.decode()[:2000]
    vacancy = Vacancy.objects.get()
    assert vacancy.required_skills == ["baking", "sourdough"]  # "pastry" is baking's synonym
    assert vacancy.country == "JOR" and vacancy.admin_area == areas["amman"]
    edit = {**VACANCY_FORM, "country": "JOR", "posts": 5, "version": 1}
    assert page.post(f"/jobs/vacancies/{vacancy.pk}/edit/", edit).status_code == 302
    stale = page.post(f"/jobs/vacancies/{vacancy.pk}/edit/", {**edit, "posts": 7})
    assert stale.status_code == 409 and "changed by someone else" in stale.content.decode()
    assert Vacancy.objects.get().posts == 5
    detail = page.get(f"/jobs/vacancies/{vacancy.pk}/").content.decode()
    assert "Baking" in detail and "sourdough" in detail


def test_vacancy_form_errors_are_shown(page, org, areas):
    response = page.post("/jobs/vacancies/new/", {**VACANCY_FORM, "office": org.country_a.pk,
                                                  "languages": "klingon"})
    assert response.status_code == 200
    assert "unknown language code" in response.content.decode()
    assert not Vacancy.objects.exists()
    other = page.post("/jobs/vacancies/new/", {**VACANCY_FORM, "office": org.country_b.pk})
    assert other.status_code == 200 and not Vacancy.objects.exists()


def test_create_then_edit_a_profile(page, person, areas):
    url = f"/jobs/people/{person.pk}/profile/"
    assert "No skills profile yet" in page.get(url).content.decode()
    form = {"skills": ["masonry"], "other_skills": "stone carving", "education_level": "secondary",
            "years_construction": "4", "preferred_areas": "JO11", "availability": "now",
            "version": 1}
    assert page.post(url + "edit/", form).status_code == 302
    profile = SkillsProfile.objects.get()
    assert profile.skills == ["masonry", "stone carving"]
    assert profile.sector_years == {"construction": 4.0} and profile.languages == ["ar"]
    bad = page.post(url + "edit/", {**form, "preferred_areas": "NOPE"})
    assert "Unknown P-code" in bad.content.decode()
    assert page.post(url + "edit/", {**form, "availability": "not_available"}).status_code == 302
    stale = page.post(url + "edit/", {**form, "notes": "late"})
    assert stale.status_code == 409
    assert SkillsProfile.objects.get().version == 2


def test_candidates_page_explains_and_is_audited(page, vacancy, profile, person):
    body = page.get(f"/jobs/vacancies/{vacancy.pk}/candidates/").content.decode()
    assert "Why this score" in body and "Ownperson" in body and "Sector experience" in body
    event = AuditEvent.objects.get(action="view", object_type="jobs.vacancy",
                                   object_id=str(vacancy.pk))
    assert event.changes == {"people": [person.pk]}


def test_refer_then_update_the_status(page, vacancy, profile, person):
    response = page.post("/jobs/refer/", {"vacancy": vacancy.pk, "person": person.pk,
                                          "note": "Good fit"})
    referral = JobReferral.objects.get()
    assert response.status_code == 302 and response.url == f"/jobs/referrals/{referral.pk}/"
    # Once referred, the person is no longer proposed for this vacancy.
    assert "Ownperson" not in page.get(f"/jobs/vacancies/{vacancy.pk}/candidates/").content.decode()
    url = f"/jobs/referrals/{referral.pk}/"
    assert page.post(url, {"version": 1, "status": "interview"}).status_code == 302
    refused = page.post(url, {"version": 2, "status": "referred"})
    assert refused.status_code == 200
    assert page.post(url, {"version": 2, "status": "hired", "note": "Starts Monday"}
                     ).status_code == 302
    referral.refresh_from_db()
    assert (referral.status, referral.outcome_note, referral.version) == ("hired",
                                                                          "Starts Monday", 3)
    listing = page.get("/jobs/referrals/?status=hired").content.decode()
    assert "ALPHA" in listing
    assert "ALPHA" not in page.get("/jobs/referrals/?status=withdrawn").content.decode()


def test_a_second_referral_is_refused_with_a_message(page, vacancy, profile, person):
    page.post("/jobs/refer/", {"vacancy": vacancy.pk, "person": person.pk})
    again = page.post("/jobs/refer/", {"vacancy": vacancy.pk, "person": person.pk}, follow=True)
    assert "already referred" in again.content.decode()
    assert JobReferral.objects.count() == 1


def test_demo_loads_once(db):
    # The demo's offices and case workers (the Iraq one sits in the Erbil sub-office), without
    # hashing the demo users' passwords.
    offices = {}
    for spec in OFFICES:
        offices[spec.code] = access_services.office_create(
            actor=None, code=spec.code, name=spec.name, kind=spec.kind, country=spec.country,
            parent=offices.get(spec.parent) if spec.parent else None)
    for username, _first, _last, role, code in USERS:
        if role == Role.CASE_WORKER:
            make_user(username, role, offices[code])
    for code in ("CO-JOR", "SO-IRQ-ERB", "CO-UKR", "CO-NER"):
        office = offices[code]
        for category in ("returning_national", "qualified_national", "refugee", "idp"):
            PersonFactory(office=office, category=category)
    created = demo_jobs_load(profiles_per_office=3)
    assert Vacancy.objects.count() == 12
    assert created == Vacancy.objects.count() + SkillsProfile.objects.count()
    assert SkillsProfile.objects.exists()
    assert demo_jobs_load() == 0


def test_forms_render_and_hide_from_roles_without_jobs(page, vacancy, person, cast, client_for):
    for url in ("/jobs/vacancies/new/", f"/jobs/vacancies/{vacancy.pk}/edit/",
                f"/jobs/people/{person.pk}/profile/edit/", "/jobs/referrals/"):
        assert page.get(url).status_code == 200, url
        assert client_for(cast["data_analyst"]).get(url).status_code == 404, url
