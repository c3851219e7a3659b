"""How the API refuses: in the documented shape, before reading what a caller may not send, and
without telling a record out of scope from one that does not exist (review findings 10 and 11)."""

from __future__ import annotations

import json

import pytest
from django.utils import timezone
from ninja.openapi.schema import REF_TEMPLATE
from ninja.schema import NinjaGenerateJsonSchema

from config.api import api
from conftest import enrolled
from corridor.access import services as access_services
from corridor.cases.models import Case
from corridor.jobs.models import Vacancy
from corridor.jobs.tests.conftest import make_vacancy
from corridor.registry.models import Person
from corridor.registry.tests.factories import PersonFactory

JSON = "application/json"


@pytest.fixture
def worker(cast):
    return cast["case_worker"]


def _token(user, *scopes: str) -> dict[str, str]:
    _, secret = access_services.token_create(actor=enrolled(user), name="test", scopes=list(scopes))
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def _person(office_id: int, **extra) -> dict:
    return {"office_id": office_id, "given_name": "Amina", "category": "idp", **extra}


def _vacancy(office_id: int, **extra) -> dict:
    return {"office_id": office_id, "title": "Nurse", "employer": "Zarqa Clinic",
            "sector": "health", **extra}


def _project(office_id: int) -> dict:
    today = timezone.localdate()
    return {"code": "CA-NEW", "title": "Return", "category": "humanitarian",
            "office_id": office_id, "budget": "100.00", "start": today.isoformat(),
            "end": today.replace(year=today.year + 1).isoformat()}


# Finding 11: permission before validation ---------------------------------------------------

@pytest.mark.parametrize("body", ["{not json", json.dumps({}), json.dumps({"office_id": "x"})])
def test_a_role_without_the_permission_gets_403_whatever_the_body(client_for, cast, body):
    analyst = client_for(cast["data_analyst"])  # sees aggregates, registers nobody
    response = analyst.post("/api/v1/people", body, content_type=JSON)
    assert response.status_code == 403, response.content
    assert set(response.json()) == {"detail"}


@pytest.mark.parametrize("body", ["{not json", json.dumps({}), json.dumps({"office_id": "x"})])
def test_a_token_without_the_scope_gets_403_whatever_the_body(client, worker, body):
    read_only = _token(worker, "registry:read")
    response = client.post("/api/v1/people", body, content_type=JSON, **read_only)
    assert response.status_code == 403, response.content
    assert "registry:write" in response.json()["detail"]


def test_a_token_without_the_scope_gets_403_whatever_the_query(client, worker):
    jobs_only = _token(worker, "jobs:read")
    response = client.get("/api/v1/people", {"page": "many", "office_id": "x"}, **jobs_only)
    assert response.status_code == 403, response.content


# Finding 11: existence leaks ----------------------------------------------------------------

CREATES = [
    ("/api/v1/people", _person),
    ("/api/v1/households",
     lambda office_id: {"office_id": office_id,
                        "members": [{"given_name": "Omar", "category": "refugee",
                                     "relation_to_head": "head"}]}),
    ("/api/v1/jobs/vacancies", _vacancy),
    ("/api/v1/projects", _project),
]


@pytest.mark.parametrize(("url", "body"), CREATES)
def test_a_create_in_an_office_out_of_scope_answers_as_one_that_does_not_exist(
        client_for, cast, org, url, body):
    client = client_for(cast["finance_officer" if "project" in url else "case_worker"])
    outside = client.post(url, body(org.country_b.pk), content_type=JSON)
    missing = client.post(url, body(10**9), content_type=JSON)
    assert outside.status_code == missing.status_code == 404, outside.content
    assert outside.json() == missing.json()
    assert not Person.objects.exists() and not Vacancy.objects.exists()


def test_an_import_into_an_office_out_of_scope_answers_as_one_that_does_not_exist(
        client_for, cast, org):
    client = client_for(cast["case_worker"])
    answers = [client.post("/api/v1/people/import/run",
                           {"office_id": office_id, "kind": "spreadsheet", "dry_run": "true",
                            "file": _csv_file()})
               for office_id in (org.country_b.pk, 10**9)]
    assert [a.status_code for a in answers] == [404, 404], answers[0].content
    assert answers[0].json() == answers[1].json()


def _csv_file():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("people.csv", b"given_name,category\nAmina,idp\n",
                              content_type="text/csv")


def test_assigning_a_case_to_a_user_of_another_office_answers_as_to_no_user(
        client, bearer, fuzzer, cast):
    case = Case.objects.get()
    url = f"/api/v1/cases/{case.pk}/assign"
    outsider = client.post(url, {"assignee_id": cast["outsider"].pk, "version": case.version},
                           content_type=JSON, headers=bearer)
    nobody = client.post(url, {"assignee_id": 10**9, "version": case.version},
                         content_type=JSON, headers=bearer)
    assert outsider.status_code == nobody.status_code == 422, outsider.content
    assert outsider.json() == nobody.json()


# Finding 10: inputs that answered 500 ------------------------------------------------------

@pytest.mark.parametrize("field", ["posts", "education_level", "title", "required_skills"])
def test_a_null_in_a_vacancy_change_is_refused_naming_the_field(client_for, worker, org, field):
    vacancy = make_vacancy(worker, org.country_a)
    response = client_for(worker).patch(f"/api/v1/jobs/vacancies/{vacancy.pk}",
                                        {"version": vacancy.version, field: None},
                                        content_type=JSON)
    assert response.status_code == 422, response.content
    assert [(p["where"], p["field"]) for p in response.json()["problems"]] == [("body", field)]


def test_an_amount_too_long_for_the_column_is_refused(client, bearer, fuzzer):
    case = Case.objects.get()
    response = client.post(f"/api/v1/cases/{case.pk}/assistance",
                           '{"kind": "transport", "planned_cost": 9e144}', content_type=JSON,
                           headers=bearer)
    assert response.status_code == 422, response.content
    assert response.json()["problems"][0]["field"] == "planned_cost"


def test_a_consent_naming_no_partner_is_refused(client_for, worker, org):
    body = _person(org.country_a.pk, consents=[{"purpose": "sharing", "given": True,
                                                "partner_id": 10**9}])
    response = client_for(worker).post("/api/v1/people", body, content_type=JSON)
    assert response.status_code == 422, response.content
    assert response.json()["problems"][0]["field"] == "consents"
    assert not Person.objects.exists()


@pytest.mark.parametrize("page", ["99999999999999999999", "1000000001", "0", "-1", "two"])
def test_a_page_beyond_any_list_is_refused_naming_it(client_for, worker, page):
    response = client_for(worker).get("/api/v1/people", {"page": page})
    assert response.status_code == 422, response.content
    assert [(p["where"], p["field"]) for p in response.json()["problems"]] == [("query", "page")]


@pytest.mark.parametrize("page", ["99999999999999999999", "1000000001", "2"])
def test_the_people_page_past_the_end_shows_the_last_page(client_for, worker, org, page):
    PersonFactory(office=org.country_a)
    response = client_for(worker).get("/people/", {"page": page})
    assert response.status_code == 200
    assert response.context["page"].number == 1


# Finding 10: the document tells the truth --------------------------------------------------

def _operations():
    for path, methods in api.get_openapi_schema()["paths"].items():
        for method, operation in methods.items():
            yield f"{method.upper()} {path}", operation


def _ref(operation, status: int) -> str | None:
    answer = operation["responses"].get(str(status)) or operation["responses"].get(status)
    if answer is None:
        return None
    return answer["content"]["application/json"]["schema"].get("$ref")


def test_every_operation_declares_its_refusals_with_the_problem_bodies():
    missing = []
    for name, operation in _operations():
        expected = []
        if operation.get("security"):
            expected.append((401, "ErrorOut"))
        if operation.get("parameters") or operation.get("requestBody"):
            expected.append((422, "InvalidOut"))
        if "{" in name:
            expected.append((404, "ErrorOut"))
        missing += [(name, status) for status, schema in expected
                    if _ref(operation, status) != f"#/components/schemas/{schema}"]
    assert missing == []


def test_no_schema_of_the_document_is_another_one_of_the_same_name():
    """Each component is the very schema of the class it names: two classes of one name (cases'
    and jobs' referrals) used to overwrite each other."""
    components = api.get_openapi_schema()["components"]["schemas"]
    wrong = []
    for bound in api._get_bound_routers():
        for path_view in bound.path_operations.values():
            for operation in path_view.operations:
                models = [m for m in operation.response_models.values() if m]
                for model in models:
                    schema = model.model_json_schema(
                        ref_template=REF_TEMPLATE, mode="serialization",
                        by_alias=operation.by_alias, schema_generator=NinjaGenerateJsonSchema)
                    wrong += [name for name, definition in schema.get("$defs", {}).items()
                              if components.get(name) != definition]
    assert sorted(set(wrong)) == []


def test_ninja_refusals_and_service_refusals_share_one_shape(client_for, worker, org):
    client = client_for(worker)
    by_ninja = client.post("/api/v1/people", {"office_id": org.country_a.pk}, content_type=JSON)
    by_service = client.post("/api/v1/people", _person(org.country_a.pk, nationality="XXXX"),
                             content_type=JSON)
    for response in (by_ninja, by_service):
        assert response.status_code == 422, response.content
        body = response.json()
        assert set(body) == {"detail", "problems"}
        assert all(set(p) == {"field", "message", "where", "file", "row"}
                   for p in body["problems"])
    assert ("body", "given_name") in [(p["where"], p["field"])
                                      for p in by_ninja.json()["problems"]]


def test_a_case_under_a_project_out_of_reach_answers_as_under_no_project(client_for, cast, org):
    from decimal import Decimal

    from corridor.access.roles import Role
    from corridor.partners import services as partner_services
    from corridor.partners.models import ProgrammeCategory

    finance = access_services.user_create(actor=None, username="finance_b", password=None,
                                          memberships=[(org.country_b, Role.FINANCE_OFFICER)])
    today = timezone.localdate()
    elsewhere = partner_services.project_create(
        actor=finance, code="CB-X", title="Elsewhere", category=ProgrammeCategory.HUMANITARIAN,
        office=org.country_b, currency="USD", budget=Decimal("10.00"), start=today,
        end=today.replace(year=today.year + 1))
    person = PersonFactory(office=org.country_a)
    client = client_for(cast["case_worker"])
    answers = [client.post("/api/v1/cases", {"project_id": project_id, "kind": "voluntary_return",
                                             "person_id": person.pk, "summary": "Home"},
                           content_type=JSON)
               for project_id in (elsewhere.pk, 10**9)]
    assert [a.status_code for a in answers] == [422, 422], answers[1].content
    assert answers[0].json() == answers[1].json()
