"""Fixtures of the API fuzzing test: a headquarters user holding most roles, a token with every
scope, and a few records so that small ids resolve to something."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from conftest import enrolled
from corridor.access import services as access_services
from corridor.access.roles import TOKEN_SCOPES, Role
from corridor.cases import services as case_services
from corridor.partners import services as partner_services
from corridor.partners.models import PartnerKind, ProgrammeCategory
from corridor.registry import services as registry_services

FUZZER_ROLES = [Role.CASE_WORKER, Role.MOVEMENT_OFFICER, Role.TRACING_OFFICER, Role.DATA_ANALYST,
                Role.ADMINISTRATOR, Role.FINANCE_OFFICER, Role.GOVERNANCE_SECRETARIAT,
                Role.PARTNER_VIEWER]


@pytest.fixture
def fuzzer(org):
    """A headquarters user with broad roles; seeds a person, a household, a project, a partner
    and a case through the services, as staff would."""
    user = access_services.user_create(actor=None, username="fuzzer", password=None,
                                       memberships=[(org.hq, role) for role in FUZZER_ROLES])
    person = registry_services.person_register(actor=user, office=org.country_a,
                                               given_name="Amina", family_name="Haddad",
                                               category="idp")
    registry_services.household_register(
        actor=user, office=org.country_a,
        members=[registry_services.PersonInput({"given_name": "Omar", "category": "refugee",
                                                "relation_to_head": "head"})])
    partner_services.partner_create(actor=None, name="International Committee of the Red Cross",
                                    acronym="ICRC", kind=PartnerKind.RED_CROSS)
    project = partner_services.project_create(
        actor=user, code="CA-AVRR", title="Assisted voluntary return",
        category=ProgrammeCategory.HUMANITARIAN, office=org.country_a, currency="USD",
        budget=Decimal("1000.00"), start=dt.date(dt.date.today().year, 1, 1),
        end=dt.date(dt.date.today().year + 1, 12, 31))
    case_services.case_open(actor=user, project=project, kind="voluntary_return", person=person,
                            summary="Wants to go home")
    return user


@pytest.fixture
def bearer(fuzzer) -> dict[str, str]:
    """The `Authorization` header of a token holding every scope."""
    _, secret = access_services.token_create(actor=enrolled(fuzzer), name="fuzzing",
                                             scopes=sorted(TOKEN_SCOPES))
    return {"Authorization": f"Bearer {secret}"}


@pytest.fixture
def keep_connection():
    """Requests go straight to the WSGI handler, whose request signals would close the database
    connection holding the test's transaction; the test client unhooks them the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)
