"""Case pages: scope (own office 200, other office 404), actions shown when allowed, forms."""

from __future__ import annotations

import pytest

from conftest import make_user
from corridor.access.roles import Role
from corridor.cases import services
from corridor.cases.models import Case
from corridor.cases.tests.conftest import move
from corridor.registry.tests.factories import PersonFactory


@pytest.fixture
def page(worker, client_for):
    return client_for(worker)


def test_list_and_detail_in_scope(page, case, case_b):
    listing = page.get("/cases/").content.decode()
    assert case.reference in listing and case_b.reference not in listing
    detail = page.get(f"/cases/{case.pk}/")
    assert detail.status_code == 200
    text = detail.content.decode()
    assert f"/people/{case.person_id}/" in text
    assert f"/cases/{case.pk}/move/assessed/" in text
    assert f"/cases/{case.pk}/move/approved/" not in text


def test_other_office_pages_are_404(page, case_b, project_b):
    for url in (f"/cases/{case_b.pk}/", f"/cases/{case_b.pk}/notes/new/",
                f"/cases/{case_b.pk}/move/assessed/", f"/partners/projects/{project_b.pk}/"):
        assert page.get(url).status_code == 404, url


@pytest.mark.parametrize("role", ["data_analyst", "finance_officer"])
def test_roles_without_cases_view_get_404(cast, client_for, case, role):
    client = client_for(cast[role])
    assert client.get("/cases/").status_code == 404
    assert client.get(f"/cases/{case.pk}/").status_code == 404


def test_four_eyes_hides_approve_from_the_assessor(page, case, worker, second_worker,
                                                   client_for):
    move(case, worker, "assessed")
    assert "/move/approved/" not in page.get(f"/cases/{case.pk}/").content.decode()
    other = client_for(second_worker)
    assert "/move/approved/" in other.get(f"/cases/{case.pk}/").content.decode()
    response = page.post(f"/cases/{case.pk}/move/approved/", {"to": "approved", "version": 2})
    assert response.status_code == 403 and "Four eyes" in response.content.decode()


def test_close_form_requires_a_reason_and_a_stale_form_is_409(page, case):
    url = f"/cases/{case.pk}/move/closed/"
    assert page.get(url).status_code == 200
    response = page.post(url, {"to": "closed", "reason": "withdrawn", "version": 1})
    assert response.status_code == 302
    assert Case.objects.get(pk=case.pk).closure_reason == "withdrawn"
    stale = page.post(f"/cases/{case.pk}/move/open/", {"to": "open", "reason": "x",
                                                        "version": 1})
    assert stale.status_code == 409 and "changed by someone else" in stale.content.decode()


def test_a_case_is_opened_from_a_person_or_household_page_never_by_record_number(
        page, project, person):
    assert page.get(f"/cases/new/?person={person.pk}").status_code == 200
    response = page.post(f"/cases/new/?person={person.pk}",
                         {"project": project.pk, "kind": "counter_trafficking"})
    assert response.status_code == 302
    # Without a person or household chosen, the page asks for no record number: it sends the
    # user to find them, and a record number posted anyway opens nothing.
    guidance = page.get("/cases/new/").content.decode()
    assert 'id="find-first"' in guidance and "record number" not in guidance
    response = page.post("/cases/new/", {"project": project.pk, "kind": "evacuation",
                                         "person_id": person.pk})
    assert response.status_code == 200
    assert Case.objects.filter(person=person).count() == 1


def test_the_household_page_opens_a_case_for_the_household(page, project, person):
    from corridor.registry.models import Household

    household = Household.objects.create(office=person.office, reference="HH-T-000001")
    person.household = household
    person.relation_to_head = "head"
    person.save()
    detail = page.get(f"/people/households/{household.pk}/").content.decode()
    assert f"/cases/new/?household={household.pk}" in detail
    response = page.post(f"/cases/new/?household={household.pk}",
                         {"project": project.pk, "kind": "voluntary_return"})
    assert response.status_code == 302
    assert Case.objects.get(household=household).kind == "voluntary_return"


def test_create_for_a_person_of_another_office_is_404(page, person_b):
    assert page.get(f"/cases/new/?person={person_b.pk}").status_code == 404


def test_note_assistance_and_referral_forms(page, case, person, partner):
    assert page.post(f"/cases/{case.pk}/notes/new/", {"text": "Met at the centre"}
                     ).status_code == 302
    response = page.post(f"/cases/{case.pk}/assistance/new/",
                         {"kind": "transport", "planned_cost": "2000"})
    assert response.status_code == 422 and "budget" in response.content.decode()
    assert page.post(f"/cases/{case.pk}/assistance/new/",
                     {"kind": "transport", "planned_cost": "200", "beneficiary": person.pk}
                     ).status_code == 302
    assert page.post(f"/cases/{case.pk}/referrals/new/",
                     {"person": person.pk, "partner": partner.pk, "reason": "Health"}
                     ).status_code == 302
    text = page.get(f"/cases/{case.pk}/").content.decode()
    assert "Met at the centre" in text and "ICRC" in text and "200.00" in text


def test_project_pages_and_finance_editing(cast, client_for, project, page):
    finance = client_for(cast["finance_officer"])
    assert finance.get(f"/partners/projects/{project.pk}/").status_code == 200
    assert page.get(f"/partners/projects/{project.pk}/edit/").status_code == 404
    form = {"code": project.code, "title": "Renamed", "category": project.category,
            "office": project.office_id, "currency": "USD", "budget": "1500.00",
            "start": "2026-01-01", "end": "2027-12-31", "version": 1}
    assert finance.post(f"/partners/projects/{project.pk}/edit/", form).status_code == 302
    project.refresh_from_db()
    assert project.title == "Renamed" and project.version == 2
    assert finance.post(f"/partners/projects/{project.pk}/edit/", form).status_code == 409


def test_partner_list_for_case_workers(page, partner, cast, client_for):
    assert "ICRC" in page.get("/partners/").content.decode()
    assert client_for(cast["tracing_officer"]).get("/partners/").status_code == 404


def test_the_old_project_addresses_redirect_to_the_partners_app(page, project):
    """Projects moved from /cases/projects/ to /partners/projects/ (issue 17, item 9)."""
    for old, new in ((f"/cases/projects/{project.pk}/", f"/partners/projects/{project.pk}/"),
                     ("/cases/projects/?category=humanitarian",
                      "/partners/projects/?category=humanitarian"),
                     ("/cases/partners/", "/partners/")):
        response = page.get(old)
        assert response.status_code == 301 and response["Location"] == new


def test_sub_office_case_names_the_parent_project_without_a_dead_link(org, project, worker,
                                                                      client_for):
    # A sub-office worker's case runs under its country office's project, which the worker
    # may not open: the page names the project and does not link to a page that answers 404.
    sub_worker = make_user("case_worker_sa", Role.CASE_WORKER, org.sub_a)
    person = PersonFactory(office=org.sub_a, given_name="Karim", family_name="Aziz")
    case = services.case_open(actor=sub_worker, project=project, kind="voluntary_return",
                              person=person)
    project_url = f"/partners/projects/{project.pk}/"
    sub_page = client_for(sub_worker)
    assert sub_page.get(project_url).status_code == 404
    detail = sub_page.get(f"/cases/{case.pk}/")
    assert detail.status_code == 200
    text = detail.content.decode()
    assert project.title in text and project.code in text
    assert f'href="{project_url}"' not in text
    # The country office's worker sees the same case with a working link.
    country_page = client_for(worker)
    text = country_page.get(f"/cases/{case.pk}/").content.decode()
    assert f'href="{project_url}"' in text
    assert country_page.get(project_url).status_code == 200
