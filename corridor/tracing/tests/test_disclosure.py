"""What tracing discloses of a candidate (ADR 0040): nothing once the person may no longer be
traced, nothing of the fields a minimal card hides, and nothing that tells a person outside the
officer's scope apart from one that does not exist."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from corridor.core.errors import NotFound
from corridor.deduplication import records
from corridor.deduplication.labels import level_label
from corridor.registry.models import Person
from corridor.tracing import services
from corridor.tracing.models import Candidate
from corridor.tracing.tests.conftest import file_request, propose, register

MISSING = 10**9  # no candidate has this id


@pytest.fixture
def api(officer, client_for):
    return client_for(officer)


def withdraw(person: Person) -> None:
    person.consents.create(purpose="tracing", given=False, recorded_on=timezone.localdate())


def test_a_candidate_who_withdrew_consent_is_no_longer_shown_anywhere(org, api, tracing_request):
    kept = propose(tracing_request, register(org.country_b, "Muhamad", "Alhasan"))
    gone_person = register(org.country_b, "Mohamed", "Qasimi")
    gone = propose(tracing_request, gone_person, rank=2)
    withdraw(gone_person)

    page = api.get(f"/tracing/{tracing_request.pk}/").content.decode()
    assert "Alhasan".upper() in page and "Qasimi" not in page and "QASIMI" not in page
    assert "One candidate was withdrawn since the search" in page
    listed = api.get(f"/api/v1/tracing/requests/{tracing_request.pk}/candidates").json()
    assert [c["id"] for c in listed] == [kept.pk]
    detail = api.get(f"/api/v1/tracing/requests/{tracing_request.pk}").json()
    assert detail["sought"][0]["withdrawn_candidates"] == 1
    assert api.get(f"/tracing/candidates/{gone.pk}/").status_code == 404
    assert api.get(f"/api/v1/tracing/candidates/{gone.pk}").status_code == 404


def test_a_confirmed_candidate_who_withdrew_is_hidden_too(org, api, officer, tracing_request):
    person = register(org.country_a, "Muhamad", "Alhasan")
    candidate = propose(tracing_request, person)
    services.candidate_decide(actor=officer, candidate=candidate, expected_version=1,
                              confirm=True, reason="Photo recognised")
    withdraw(person)
    assert api.get(f"/api/v1/tracing/requests/{tracing_request.pk}/candidates").json() == []
    assert api.get(f"/api/v1/tracing/candidates/{candidate.pk}").status_code == 404


@pytest.mark.parametrize("how", ["merged", "withdrawn"])
def test_an_out_of_scope_candidate_gone_answers_as_one_that_does_not_exist(org, api,
                                                                         tracing_request, how):
    person = register(org.country_b, "Muhamad", "Alhasan")
    standing = register(org.country_b, "Muhammad", "Al-Hasan")
    candidate = propose(tracing_request, person)
    if how == "merged":
        Person.objects.filter(pk=person.pk).update(merged_into=standing)
    else:
        withdraw(person)
    decision = {"version": 1, "decision": "confirm", "reason": "Photo recognised"}
    for url in ("/api/v1/tracing/candidates/{}/decision", "/api/v1/tracing/candidates/{}"):
        send = api.post if url.endswith("decision") else api.get
        kwargs = {"data": decision, "content_type": "application/json"} if send == api.post else {}
        gone = send(url.format(candidate.pk), **kwargs)
        absent = send(url.format(MISSING), **kwargs)
        assert gone.status_code == absent.status_code == 404
        assert gone.content == absent.content
        assert str(standing.pk) not in gone.content.decode()
    candidate.refresh_from_db()
    assert candidate.status == "proposed"


def test_a_minimal_card_shows_nothing_of_the_fields_it_hides(org, api, officer, filler):
    born = dt.date(1990, 4, 3)
    request = file_request(officer, org.country_a, birth_date=born)
    register(org.country_b, "Muhamad", "Alhasan", born=born)  # outside our registry scope
    assert services.request_search(actor=officer, request=request) > 0
    candidate = Candidate.objects.filter(sought__request=request).order_by("rank").first()
    stored = {f["field"]: f for f in candidate.explanation["fields"]}
    assert stored["birth_date"]["category"] == "match"  # the engine saw the same date

    page = api.get(f"/tracing/candidates/{candidate.pk}/")
    text = page.content.decode()
    assert page.status_code == 200
    # Next to the year, no "same date", nor the weight the date added.
    assert str(level_label(stored["birth_date"]["level"])) not in text
    assert f'{stored["birth_date"]["weight"]:.2f}' not in text
    rows = {row.field: row for row in page.context["comparison"].rows}
    assert rows["birth_date"].candidate_value == "1990"
    for field, row in rows.items():
        if field not in {"given_name", "family_name", "sex"}:
            assert (row.level, row.category, row.weight) == (None, None, None), field

    # The probability, on the review and the list, is that of the card's fields alone.
    shown = sum(f["weight"] for name, f in stored.items()
                if name in {"given_name", "family_name", "sex"})
    weight = (candidate.explanation["prior_weight"]
              + candidate.explanation.get("names_correction", 0.0) + shown)
    expected = records.probability_of(weight)
    detail = api.get(f"/api/v1/tracing/candidates/{candidate.pk}").json()
    assert detail["match_probability"] == pytest.approx(expected, abs=1e-6)
    assert detail["match_probability"] < float(candidate.match_probability)
    listed = api.get(f"/api/v1/tracing/requests/{request.pk}/candidates").json()
    card = next(c for c in listed if c["id"] == candidate.pk)
    assert card["match_probability"] == pytest.approx(expected, abs=1e-6)


def test_no_plan_is_started_for_a_match_who_withdrew(org, officer, tracing_request):
    person = register(org.country_b, "Muhamad", "Alhasan")
    candidate = services.candidate_decide(
        actor=officer, candidate=propose(tracing_request, person), expected_version=1,
        confirm=True, reason="Photo recognised")
    withdraw(person)
    with pytest.raises(NotFound, match="No such candidate"):
        services.plan_create(actor=officer, candidate=candidate)


def test_a_plan_no_longer_names_a_match_who_withdrew(org, api, officer, tracing_request):
    person = register(org.country_b, "Mahmud", "Qasimi")
    candidate = services.candidate_decide(
        actor=officer, candidate=propose(tracing_request, person), expected_version=1,
        confirm=True, reason="Photo recognised")
    plan = services.plan_create(actor=officer, candidate=candidate)
    assert "Qasimi" in api.get(f"/tracing/plans/{plan.pk}/").content.decode()
    withdraw(person)
    for url in (f"/tracing/plans/{plan.pk}/", f"/tracing/{tracing_request.pk}/"):
        page = api.get(url).content.decode()
        assert "Qasimi" not in page and "QASIMI" not in page and "Mahmud" not in page, url
        assert "Withdrawn from tracing since the match" in page, url
