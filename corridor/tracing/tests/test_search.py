"""The registry search through the linkage engine: variants found, consent respected."""

from __future__ import annotations

import datetime as dt

from corridor.core.models import AuditEvent
from corridor.registry.models import Sex
from corridor.tracing import linkage, services
from corridor.tracing.models import Candidate, RequestStatus
from corridor.tracing.tests.conftest import register


def test_a_variant_spelling_is_found_anywhere_and_refusals_never_proposed(org, officer, filler,
                                                                         tracing_request):
    variant = register(org.country_b, "MUHAMAD", "ALHASAN")  # another region, consenting
    refused = register(org.country_a, "Mohammed", "Al-Hassan", born=dt.date(1990, 1, 1))
    refused.consents.update(given=False)
    withdrawn = register(org.country_a, "Mohammed", "Al-Hassan", withdrawn=True)
    silent = register(org.country_a, "Mohammed", "Al-Hassan", tracing=None)

    proposed = services.request_search(actor=officer, request=tracing_request)

    found = set(Candidate.objects.values_list("person_id", flat=True))
    assert variant.pk in found
    assert not found & {refused.pk, withdrawn.pk, silent.pk}
    assert proposed == len(found) <= linkage.TOP
    best = Candidate.objects.order_by("rank").first()
    assert best.person_id == variant.pk and best.match_probability > 0
    tracing_request.refresh_from_db()
    assert tracing_request.status == RequestStatus.MATCH_PROPOSED
    assert tracing_request.version == 2
    assert AuditEvent.objects.filter(object_type="tracing.tracingrequest", action="update",
                                     summary__contains="Registry searched").exists()


def test_the_registry_frame_maps_fields_and_keeps_only_consenting_people(org):
    year_only = register(org.country_a, "Aisha", "Darwish", born=dt.date(1985, 1, 1),
                         precision="year", sex=Sex.FEMALE)
    month = register(org.country_b, "Omar", "Haddad", born=dt.date(1979, 6, 1), precision="month")
    register(org.country_a, "Omar", "Khalil", tracing=False)
    frame = linkage.registry_frame().set_index("id")
    assert set(frame.index) == {str(year_only.pk), str(month.pk)}
    assert frame.loc[str(year_only.pk), "birth_date"] == "1985"
    assert frame.loc[str(month.pk), "birth_date"] == "1979-06"
    assert frame.loc[str(year_only.pk), "sex"] == "female"
    assert frame.loc[str(year_only.pk), "father_name"] == ""
    # A new consent changes the frame: the cache does not serve a stale registry.
    late = register(org.country_a, "Yusuf", "Aziz")
    assert str(late.pk) in set(linkage.registry_frame()["id"])


def test_the_review_shows_the_probability_and_weights_the_list_ranked_by(org, officer, filler,
                                                                        tracing_request):
    from corridor.tracing import selectors

    register(org.country_b, "MUHAMAD", "ALHASAN")
    register(org.country_a, "Mohammed", "Al-Hassan", born=dt.date(1991, 2, 2))
    assert services.request_search(actor=officer, request=tracing_request) > 1
    kinds = set()
    for candidate in Candidate.objects.all():
        comparison = selectors.candidate_comparison(user=officer, candidate=candidate)
        card = selectors.candidate_card(user=officer, candidate=candidate)
        kinds.add(card.full)
        # The list and the review show the same probability.
        assert abs(comparison.match_probability - card.match_probability) < 1e-5
        fields = {row.field: row for row in comparison.rows}
        assert {"given_name", "family_name", "birth_date"} <= set(fields)
        weighed = [row for row in comparison.rows if row.weight is not None]
        total = comparison.prior_weight + sum(row.weight for row in weighed)
        assert abs(total - comparison.match_weight) < 0.01
        assert abs(comparison.match_probability - 1 / (1 + 2 ** -comparison.match_weight)) < 1e-3
        if card.full:  # within the registry scope: the search's own probability, every field
            assert abs(comparison.match_probability - float(candidate.match_probability)) < 1e-5
            assert len(weighed) == len(comparison.rows)
        else:  # a minimal card: its names and sex alone
            assert {row.field for row in weighed} == {"given_name", "family_name", "sex"}
    assert kinds == {True, False}


def test_the_cached_registry_follows_edits_new_consents_and_withdrawals(org):
    from corridor.registry.models import Consent, Person

    kept = register(org.country_a, "Omar", "Haddad")
    renamed = register(org.country_a, "Yusuf", "Aziz")
    leaving = register(org.country_b, "Hawa", "Sesay", sex=Sex.FEMALE)
    frame = linkage.registry_frame().set_index("id")
    assert {str(kept.pk), str(renamed.pk), str(leaving.pk)} <= set(frame.index)

    # Refreshed, not rebuilt: a renamed person, a new one, a withdrawn consent.
    Person.objects.filter(pk=renamed.pk).update(family_name="Azizi",
                                                updated_at=renamed.updated_at + dt.timedelta(1))
    arrived = register(org.country_a, "Aisha", "Darwish", sex=Sex.FEMALE)
    Consent.objects.create(person=leaving, purpose="tracing", given=False,
                           recorded_on=dt.date.today() + dt.timedelta(days=1))
    frame = linkage.registry_frame().set_index("id")
    assert frame.loc[str(renamed.pk), "family_name"] == "Azizi"
    assert str(arrived.pk) in frame.index and str(leaving.pk) not in frame.index
    assert frame.loc[str(kept.pk), "given_name"] == "Omar"
    # The index is rebuilt from the refreshed frame.
    index = linkage._cached()["index"]
    assert str(arrived.pk) in index and str(leaving.pk) not in index
