"""The people API: versions on writes, idempotent creates, validation, constant query counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from corridor.core.pagination import COUNT_CAP
from corridor.registry.models import Person
from corridor.registry.tests.factories import PersonFactory


@pytest.fixture
def worker(cast, client_for):
    return client_for(cast["case_worker"])


def new_person(org, **extra):
    return {"office_id": org.country_a.pk, "given_name": "Amina", "family_name": "Diallo",
            "original_script_name": "أمينة ديالو", "sex": "female", "birth_date": "1990-03-04",
            "nationality": "MLI", "category": "stranded_migrant", **extra}


def test_create_then_read_back(org, worker):
    response = worker.post("/api/v1/people", new_person(org), content_type="application/json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["version"] == 1 and body["original_script_name"] == "أمينة ديالو"
    assert worker.get(f"/api/v1/people/{body['id']}").json()["family_name"] == "Diallo"


def test_a_replayed_create_returns_the_first_result(org, worker):
    headers = {"HTTP_IDEMPOTENCY_KEY": "tablet-7-submission-42"}
    first = worker.post("/api/v1/people", new_person(org), content_type="application/json",
                        **headers)
    again = worker.post("/api/v1/people", new_person(org), content_type="application/json",
                        **headers)
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    assert Person.objects.count() == 1


def test_a_stale_write_gets_409_and_the_current_version(org, worker):
    person = PersonFactory(office=org.country_a, given_name="Amina")
    url = f"/api/v1/people/{person.pk}"
    ok = worker.patch(url, {"version": 1, "family_name": "Diallo"}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["version"] == 2
    stale = worker.patch(url, {"version": 1, "family_name": "Jallow"},
                         content_type="application/json")
    assert stale.status_code == 409
    assert stale.json()["current_version"] == 2
    assert Person.objects.get(pk=person.pk).family_name == "Diallo"


def test_a_stale_page_edit_is_refused_too(org, cast, client_for):
    person = PersonFactory(office=org.country_a, given_name="Amina")
    client = client_for(cast["case_worker"])
    form = {"given_name": "Aminah", "family_name": "D", "sex": "female",
            "birth_date_precision": "exact", "category": "refugee", "nationality": "SYR",
            "version": 1}
    assert client.post(f"/people/{person.pk}/edit/", form).status_code == 302
    stale = client.post(f"/people/{person.pk}/edit/", {**form, "given_name": "Other"})
    assert stale.status_code == 409
    assert "changed by someone else" in stale.content.decode()
    assert Person.objects.get(pk=person.pk).given_name == "Aminah"


def test_bad_input_names_the_field(org, worker):
    response = worker.post("/api/v1/people", new_person(org, nationality="XXX"),
                           content_type="application/json")
    assert response.status_code == 422
    assert response.json()["problems"][0]["field"] == "nationality"
    assert Person.objects.count() == 0


def test_registering_in_another_office_is_refused(org, worker):
    response = worker.post("/api/v1/people", new_person(org, office_id=org.country_b.pk),
                           content_type="application/json")
    assert response.status_code == 404  # as an office that does not exist
    assert Person.objects.count() == 0


def test_editing_out_of_scope_is_404(org, worker):
    person = PersonFactory(office=org.country_b)
    response = worker.patch(f"/api/v1/people/{person.pk}", {"version": 1, "given_name": "X"},
                            content_type="application/json")
    assert response.status_code == 404


def test_name_search_in_any_script(org, worker):
    PersonFactory(office=org.country_a, given_name="Mohammed", original_script_name="محمد الحسن")
    PersonFactory(office=org.country_a, given_name="Olena", original_script_name="Олена")
    found = worker.get("/api/v1/people", {"q": "الحسن"}).json()["items"]
    assert [p["given_name"] for p in found] == ["Mohammed"]


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("url", ["/people/", "/api/v1/people?page_size=100"])
def test_list_query_count_does_not_grow_with_the_page(org, worker, url):
    PersonFactory.create_batch(3, office=org.country_a)
    few = _queries(worker, url)
    PersonFactory.create_batch(40, office=org.country_a)
    assert _queries(worker, url) == few


@pytest.mark.parametrize("url", ["/people/", "/api/v1/people"])
def test_a_page_of_the_people_list_is_audited_with_who_was_shown(org, worker, cast, url):
    from corridor.core.models import AuditEvent

    shown = PersonFactory.create_batch(3, office=org.country_a, family_name="Haddad")
    PersonFactory(office=org.country_a, family_name="Khoury")
    last = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    assert worker.get(url, {"q": "Haddad"}).status_code == 200
    listed = list(AuditEvent.objects.filter(pk__gt=last, action="view",
                                            object_type="registry.person"))
    assert len(listed) == 1
    assert sorted(listed[0].changes["people"]) == sorted(p.pk for p in shown)
    assert listed[0].changes["filters"]["q"] == "given"  # named, its value not kept
    assert listed[0].actor == cast["case_worker"]


def test_the_person_page_audits_the_other_people_it_names(org, worker, cast):
    from corridor.core.models import AuditEvent
    from corridor.registry.models import Household

    household = Household.objects.create(office=org.country_a, reference="HH-AUDIT-1")
    person, *members = (PersonFactory(office=org.country_a, household=household)
                        for _ in range(3))
    last = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    assert worker.get(f"/people/{person.pk}/").status_code == 200
    views = list(AuditEvent.objects.filter(pk__gt=last, action="view").order_by("pk"))
    assert [(e.object_type, e.object_id) for e in views] == [
        ("registry.person", str(person.pk)), ("registry.person", "")]
    assert sorted(views[1].changes["people"]) == sorted(m.pk for m in members)
    assert views[1].changes["filters"] == {"shown_with": str(person.pk)}


def test_counts_stop_at_the_cap_on_large_lists(org, worker, cast, client_for):
    from corridor.registry.models import Person

    Person.objects.bulk_create([Person(office=org.country_a, given_name=f"P{i}", category="idp")
                                for i in range(COUNT_CAP + 2)])
    body = worker.get("/api/v1/people").json()
    assert (body["count"], body["more"], len(body["items"])) == (COUNT_CAP + 1, True, 50)
    page = worker.get("/people/").content.decode()
    assert f"More than {COUNT_CAP} people" in page


def test_the_list_links_each_row_to_the_persons_page(org, worker):
    from django.urls import reverse

    person = PersonFactory(office=org.country_a, family_name="Haddad")
    page = worker.get("/people/").content.decode()
    assert f'href="{reverse("registry:person_detail", args=[person.pk])}"' in page


def test_a_row_of_the_list_reads_as_its_language_expects(org, worker):
    PersonFactory(office=org.country_a, given_name="Amina", family_name="Haddad",
                  category="refugee", birth_date=dt.date(1990, 3, 4))
    worker.cookies["corridor_language"] = "fr"
    page = worker.get("/people/").content.decode()
    assert "HADDAD, Amina" in page and "Réfugié" in page and "04/03/1990" in page
    worker.cookies["corridor_language"] = "en"
    page = worker.get("/people/").content.decode()
    assert "Refugee" in page and "04 Mar 1990" in page


def test_the_list_escapes_what_people_typed(org, worker):
    PersonFactory(office=org.country_a, given_name='<b>Amina</b>', family_name="O'Neil & Co",
                  original_script_name="<script>x</script>")
    page = worker.get("/people/").content.decode()
    assert "O&#x27;NEIL &amp; CO, &lt;b&gt;Amina&lt;/b&gt;" in page
    assert "&lt;script&gt;x&lt;/script&gt;" in page and "<script>x" not in page


def test_the_search_form_keeps_what_was_asked(org, worker):
    PersonFactory(office=org.country_a, given_name="Amina", family_name="Haddad", category="idp")
    worker.cookies["corridor_language"] = "fr"
    page = worker.get("/people/", {"q": 'Hadad "x', "category": "idp", "sex": "female"})
    text = page.content.decode()
    assert 'name="q" id="id_q" value="Hadad &quot;x"' in text  # escaped, kept
    assert '<option value="idp" selected>' in text and '<option value="female" selected>' in text
    assert '<label for="id_category">Catégorie' in text


def test_a_renamed_person_is_found_by_the_new_name_only(org, worker):
    person = PersonFactory(office=org.country_a, given_name="Amina", family_name="Tarasenko")
    worker.patch(f"/api/v1/people/{person.pk}", {"version": 1, "family_name": "Warsame"},
                 content_type="application/json")
    found = [p["id"] for p in worker.get("/api/v1/people", {"q": "Warsame"}).json()["items"]]
    assert found == [person.pk]
    assert worker.get("/api/v1/people", {"q": "Tarasenko"}).json()["items"] == []
