"""Searched names, phones and document numbers stay out of the lists' addresses (so out of access
logs, history and Referer), and the lists still page, reload and go back by GET."""

from __future__ import annotations

import json
import time
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.urls import reverse

from corridor.core.search_terms import SEALED, TOKEN_HOURS, _fernet
from corridor.registry.models import Phone
from corridor.registry.tests.factories import PersonFactory

NAME = "Khoury"
PHONE = "+962795550123"


@pytest.fixture
def client(cast, client_for):
    return client_for(cast["case_worker"])


def _query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def test_a_posted_search_lands_on_an_address_without_the_terms(org, client):
    found = PersonFactory(office=org.country_a, family_name=NAME)
    Phone.objects.create(person=found, number=PHONE)
    PersonFactory(office=org.country_a, family_name="Haddad")
    url = reverse("registry:person_list")
    response = client.post(url, {"q": NAME, "phone": PHONE, "category": "", "sex": "female"})
    assert response.status_code == 303
    address = response["Location"]
    assert NAME not in address and PHONE.lstrip("+") not in address
    assert set(_query(address)) == {"sex", SEALED}  # other filters stay readable
    page = client.get(address)
    assert [row[0] for row in page.context["rows"]] == [found.pk]
    assert f'value="{NAME}"' in page.content.decode()  # the form shows what was searched


def test_the_pages_of_a_sealed_search_keep_it(org, client):
    for _ in range(51):
        PersonFactory(office=org.country_a, family_name=NAME)
    PersonFactory(office=org.country_a, family_name="Haddad")
    first = client.get(client.post(reverse("registry:person_list"), {"q": NAME})["Location"])
    assert first.context["page"].paginator.count == 51
    query = first.context["query"]
    assert NAME not in query and SEALED in query
    second = client.get(f"{reverse('registry:person_list')}?{query}&page=2")
    assert second.context["page"].number == 2 and len(second.context["rows"]) == 1


@pytest.mark.parametrize("token", ["forged", "expired"])
def test_a_forged_or_expired_token_filters_nothing(org, client, token):
    PersonFactory(office=org.country_a, family_name=NAME)
    PersonFactory(office=org.country_a, family_name="Haddad")
    terms = json.dumps({"q": NAME}).encode()
    sealed = (_fernet(settings.SECRET_KEY).encrypt_at_time(
        terms, int(time.time()) - TOKEN_HOURS * 3600 - 60).decode()
        if token == "expired" else "not-a-token")
    page = client.get(reverse("registry:person_list"), {SEALED: sealed})
    assert page.status_code == 200 and page.context["page"].paginator.count == 2


def test_a_tracing_search_is_sealed_too(client_for, cast):
    client = client_for(cast["tracing_officer"])
    response = client.post(reverse("tracing:request_list"), {"q": NAME, "status": ""})
    assert response.status_code == 303 and NAME not in response["Location"]
    page = client.get(response["Location"])
    assert page.status_code == 200 and f'value="{NAME}"' in page.content.decode()


def test_an_export_by_name_is_posted_not_put_in_the_address(org, client):
    PersonFactory(office=org.country_a, family_name=NAME, given_name="Rania")
    PersonFactory(office=org.country_a, family_name="Haddad", given_name="Omar")
    page = client.get(reverse("registry_imports:export")).content.decode()
    assert 'method="post"' in page and "csrfmiddlewaretoken" in page
    exported = client.post(reverse("registry_imports:export_csv"), {"q": NAME})
    assert exported.status_code == 200
    text = exported.content.decode("utf-8-sig")
    assert "Rania" in text and "Omar" not in text
