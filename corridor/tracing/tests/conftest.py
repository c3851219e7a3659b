"""Tracing fixtures: registry people with or without tracing consent, and a filed request."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command

from conftest import make_user
from corridor.registry.models import Consent, DatePrecision, Person, Sex
from corridor.registry.tests.factories import PersonFactory
from corridor.tracing import services
from corridor.tracing.models import Candidate, Cause

FILLER = [("Ahmad", "Haddad"), ("Fatima", "Khalil"), ("Omar", "Darwish"), ("Layla", "Al-Masri"),
          ("Yusuf", "Haddad"), ("Maryam", "Khalil"), ("Ali", "Al-Jubouri"), ("Zainab", "Aziz"),
          ("Hussein", "Salih"), ("Noor", "Barzani"), ("Karwan", "Aziz"), ("Olena", "Kovalenko"),
          ("Andriy", "Shevchenko"), ("Iryna", "Bondarenko"), ("Amadou", "Diallo"),
          ("Moussa", "Traoré"), ("Aisha", "Darwish"), ("Ibrahim", "Bah"), ("Samir", "Khoury"),
          ("Rania", "Nasser")]


def register(office, given, family, *, born=dt.date(1990, 4, 3), sex=Sex.MALE,
             precision=DatePrecision.EXACT, tracing: bool | None = True,
             withdrawn: bool = False) -> Person:
    """A person; `tracing` None records no tracing consent; `withdrawn` gives then refuses it."""
    person = PersonFactory(office=office, given_name=given, family_name=family, sex=sex,
                           birth_date=born, birth_date_precision=precision)
    if withdrawn:
        Consent.objects.create(person=person, purpose="tracing", given=True,
                               recorded_on=dt.date(2024, 1, 1))
        Consent.objects.create(person=person, purpose="tracing", given=False,
                               recorded_on=dt.date(2025, 1, 1))
    elif tracing is not None:
        Consent.objects.create(person=person, purpose="tracing", given=tracing,
                               recorded_on=dt.date(2025, 1, 1))
    return person


@pytest.fixture
def filler(org):
    offices = [org.country_a, org.country_a2, org.country_b]
    return [register(offices[i % 3], given, family, born=dt.date(1960 + i, 1 + i % 12, 10),
                     sex=Sex.FEMALE if i % 2 else Sex.MALE)
            for i, (given, family) in enumerate(FILLER)]


def file_request(actor, office, **sought):
    fields = {"given_name": "Mohammed", "family_name": "Al-Hassan", "birth_year": 1990,
              "sex": Sex.MALE, **sought}
    return services.request_create(actor=actor, office=office, cause=Cause.CONFLICT,
                                   enquirer_name="Fatima Al-Hassan", enquirer_consent=True,
                                   sought=[services.SoughtInput(fields=fields)])


@pytest.fixture
def officer(cast):
    return cast["tracing_officer"]


@pytest.fixture
def tracing_request(org, officer):
    return file_request(officer, org.country_a)


def propose(tracing_request, person, *, rank=1, probability="0.9") -> Candidate:
    """A candidate as a search would leave it, without running the engine."""
    return Candidate.objects.create(sought=tracing_request.sought.first(), person=person,
                                    rank=rank, match_probability=probability)


@pytest.fixture
def other_officer(org):
    """A tracing officer of country_b: outside our requests and our registry scope."""
    return make_user("tracing_b", "tracing_officer", org.country_b)


def run_worker() -> str:
    """The worker command, in-process: it runs every queued job, then stops."""
    out = StringIO()
    call_command("corridor_worker", "--once", stdout=out)
    return out.getvalue()


@pytest.fixture
def duplicates(org, filler):
    """One man registered twice in our office's subtree (two spellings, day and month swapped)
    and once in country_b, outside our deduplication scope."""
    first = register(org.country_a, "Mohammed", "Al-Hassan", born=dt.date(1990, 3, 4))
    second = register(org.sub_a, "Muhamad", "Alhasan", born=dt.date(1990, 4, 3))
    outside = register(org.country_b, "Mohamed", "Al Hassan", born=dt.date(1990, 3, 4))
    return first, second, outside
