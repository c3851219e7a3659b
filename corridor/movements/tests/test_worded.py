"""What the movement checks and bookings say is worded in the reader's language, with days as
that language writes them (issue 18, item 8): it was English in every language."""

from __future__ import annotations

from django.urls import reverse

from corridor.registry.tests.factories import PersonFactory


def test_a_refused_booking_speaks_french_to_a_french_reader(client_for, officer, leg, org):
    person = PersonFactory(office=org.country_a, given_name="Amina", family_name="Diallo")
    response = client_for(officer).post(
        reverse("movements:booking_add", args=[leg.pk]),
        {"people": [person.pk], "q": "Amina Diallo"}, HTTP_ACCEPT_LANGUAGE="fr")
    text = response.content.decode()
    assert "aucun passeport ni document de voyage enregistré" in text
    assert "aucun consentement à l&#x27;assistance donné" in text
    day = leg.departure_local.date()
    months = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
              "septembre", "octobre", "novembre", "décembre"]
    assert f"{day.day} {months[day.month - 1]} {day.year}" in text  # not "12 Dec 2026"
    assert "no consent" not in text


def test_the_api_words_a_refusal_in_the_requests_language(client_for, officer, leg, org):
    person = PersonFactory(office=org.country_a)
    response = client_for(officer).post(
        f"/api/v1/movements/legs/{leg.pk}/bookings", {"person_ids": [person.pk]},
        content_type="application/json", HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 422
    messages = " ".join(p["message"] for p in response.json()["problems"])
    assert "ningún consentimiento a la asistencia otorgado" in messages
