from __future__ import annotations

import datetime as dt
import zoneinfo
from decimal import Decimal

import pytest
from django.utils import timezone

from conftest import make_user
from corridor.access.models import Membership
from corridor.access.policies import forget_memberships
from corridor.access.roles import Role
from corridor.cases.tests.conftest import make_project
from corridor.movements import services
from corridor.movements.models import MedicalClearance
from corridor.registry import documents
from corridor.registry.models import Consent, Household, IdentityDocument, Relation
from corridor.registry.tests.factories import PersonFactory

AMMAN = zoneinfo.ZoneInfo("Asia/Amman")


def in_days(days: int, hour: int = 10, minute: int = 0) -> dt.datetime:
    """A local (naive) time `days` from today, as a form gives it."""
    day = timezone.localdate() + dt.timedelta(days=days)
    return dt.datetime.combine(day, dt.time(hour, minute))


def make_ready(person, *, expires_in: int = 365, fit: bool = True, consent: bool = True,
               wheelchair: bool = False, **needs):
    """Everything a person needs to pass the pre-departure checks."""
    today = timezone.localdate()
    IdentityDocument.objects.create(
        person=person, kind="passport", number_encrypted=documents.encrypt(f"P{person.pk:07d}"),
        number_digest=documents.digest(f"P{person.pk:07d}"), issuing_country="SYR",
        expires_on=today + dt.timedelta(days=expires_in))
    # Examined a month ago: the clearance covers a leg that left yesterday as well as next week's.
    MedicalClearance.objects.create(person=person, examined_on=today - dt.timedelta(days=30),
                                    valid_until=today + dt.timedelta(days=90), fit=fit,
                                    wheelchair=wheelchair, **needs)
    Consent.objects.create(person=person, purpose="assistance", given=consent, recorded_on=today)
    return person


@pytest.fixture
def officer(cast):
    return cast["movement_officer"]


@pytest.fixture
def project(org):
    return make_project(org.country_a, budget="100000.00")


@pytest.fixture
def operation(officer, org, project):
    return services.operation_create(actor=officer, office=org.country_a, project=project,
                                     kind="voluntary_return", title="Return to Kabul")


def add_leg(operation, officer, *, origin="AMM", destination="IST", days=10, hour=8,
            duration=4, seats=10, **extra):
    departure = in_days(days, hour)
    return services.leg_add(
        actor=officer, operation=operation, carrier="Royal Jordanian", number="RJ163",
        origin=origin, destination=destination, departure=departure,
        departure_zone="Asia/Amman", arrival=departure + dt.timedelta(hours=duration),
        arrival_zone="Asia/Amman", seats=seats, fare=Decimal("350.00"), **extra)


@pytest.fixture
def leg(operation, officer):
    return add_leg(operation, officer, wheelchair_places=1, escort_seats=1)


@pytest.fixture
def flown_leg(operation, officer):
    """A leg that left two days ago: its departure and arrival can be recorded (a leg not yet
    due cannot, services.lifecycle)."""
    return add_leg(operation, officer, days=-2, wheelchair_places=1, escort_seats=1)


@pytest.fixture
def traveller(org):
    return make_ready(PersonFactory(office=org.country_a, given_name="Amina",
                                    family_name="Diallo"))


@pytest.fixture
def family(org):
    household = Household.objects.create(office=org.country_a, reference="HH-CA-000001")
    head = make_ready(PersonFactory(office=org.country_a, household=household,
                                    relation_to_head=Relation.HEAD, given_name="Omar"))
    child = make_ready(PersonFactory(office=org.country_a, household=household,
                                     relation_to_head=Relation.CHILD, given_name="Layla"))
    return household, head, child


@pytest.fixture
def officer_and_worker(org):
    """A movement officer who is also a case worker: both rights on cases, hand-over and edit."""
    user = make_user("movement_and_cases", Role.MOVEMENT_OFFICER, org.country_a)
    Membership.objects.create(user=user, office=org.country_a, role=Role.CASE_WORKER)
    forget_memberships(user)
    return user
