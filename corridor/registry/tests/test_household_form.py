"""The household form for field staff (issue 18, item 10): one member block to start, more
added as needed (without script too), a member removed by ticking its box, category chosen
rather than preset, countries, languages and places chosen from lists named in the reader's
language."""

from __future__ import annotations

import re

import pytest

from corridor.geo.models import AdminArea
from corridor.registry.models import Household, Person

pytestmark = pytest.mark.django_db



@pytest.fixture
def worker(cast, client_for):
    return client_for(cast["case_worker"])


MANAGEMENT = {"member-INITIAL_FORMS": "0", "member-MIN_NUM_FORMS": "0",
              "member-MAX_NUM_FORMS": "20"}


def _member(index: int, given: str, relation: str, **extra) -> dict:
    fields = {"relation_to_head": relation, "given_name": given, "family_name": "Haddad",
              "sex": "female", "birth_date_precision": "year", "category": "refugee",
              "nationality": "SYR", **extra}
    return {f"member-{index}-{name}": value for name, value in fields.items()}


def test_the_form_starts_with_one_member_block(org, worker):
    page = worker.get("/people/households/new/").content.decode()
    assert page.count('<fieldset class="card member">') == 2  # one block, one in <template>
    assert 'name="member-TOTAL_FORMS" value="1"' in page


def test_adding_a_member_without_script_keeps_what_was_typed(org, worker):
    data = {"office": org.country_a.pk, "address": "Irbid", "member-TOTAL_FORMS": "1",
            **MANAGEMENT, **_member(0, "Fatima", "head"), "add_member": "1"}
    response = worker.post("/people/households/new/", data)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="member-TOTAL_FORMS" value="2"' in page
    assert 'value="Fatima"' in page and 'name="member-1-given_name"' in page
    assert 'role="alert"' not in page  # nothing reported before the user registers
    assert not Household.objects.exists()


def test_a_member_ticked_for_removal_is_not_registered(org, worker):
    data = {"office": org.country_a.pk, "address": "", "member-TOTAL_FORMS": "2", **MANAGEMENT,
            **_member(0, "Fatima", "head"), **_member(1, "Yusuf", "child"),
            "member-1-DELETE": "on"}
    response = worker.post("/people/households/new/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert list(Person.objects.values_list("given_name", flat=True)) == ["Fatima"]


def test_category_is_chosen_not_preset(org, worker):
    page = worker.get("/people/households/new/").content.decode()
    block = re.search(r'<select name="member-0-category"[^>]*>(.*?)</select>', page, re.S)
    assert block and re.findall(r'<option value="([^"]*)" selected', block.group(1)) == [""]
    data = {"office": org.country_a.pk, "address": "", "member-TOTAL_FORMS": "1", **MANAGEMENT,
            **_member(0, "Fatima", "head", category="")}
    response = worker.post("/people/households/new/", data)
    assert response.status_code == 200
    assert "Choose the person&#x27;s category." in response.content.decode()
    assert not Person.objects.exists()


def test_countries_are_listed_once_by_name_in_the_readers_language(org, worker):
    page = worker.get("/people/households/new/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert page.count('<datalist id="countries">') == 1
    assert '<option value="JOR">Jordanie</option>' in page
    assert 'list="countries"' in page


def test_the_person_form_offers_languages_and_the_offices_places(org, worker):
    AdminArea.objects.create(pcode="JO0101", name="Amman Qasabah", level=1,
                             country=org.country_a.country)
    AdminArea.objects.create(pcode="UA0101", name="Far away", level=1, country="UKR")
    page = worker.get("/people/new/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert re.search(r'<select name="languages"[^>]*multiple', page)
    assert '<option value="ar">Arabe</option>' in page
    assert 'value="JO0101"' in page and 'value="UA0101"' not in page
