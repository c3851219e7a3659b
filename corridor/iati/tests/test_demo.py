"""The demo publishes its live projects and five past programmes, all valid."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.utils import timezone

from corridor.access.demo import demo_organisation_load
from corridor.cases.demo import demo_cases_load
from corridor.iati.demo import HISTORY, demo_iati_load
from corridor.registry.demo import demo_people_load
from engines.iati import iter_activities, validate

pytestmark = pytest.mark.django_db


def test_the_demo_publishes_a_valid_file_with_budgets_and_transactions(settings) -> None:
    demo_organisation_load()
    demo_people_load()
    demo_cases_load()
    assert demo_iati_load() == len(HISTORY)
    assert demo_iati_load() == 0  # run again: nothing twice
    data = b"".join(Client().get("/public/iati/activities.xml").streaming_content)
    assert validate(data, today=timezone.localdate()) == []
    activities = [a for a, _line in iter_activities(io.BytesIO(data))]
    assert len(activities) >= len(HISTORY) + 4
    with_money = [a for a in activities if len(a.budgets) > 1 and a.transactions]
    assert len(with_money) >= len(HISTORY) + 1
    assert {t.type for a in activities for t in a.transactions} >= {"1", "2", "4"}
    org = b"".join(Client().get("/public/iati/organisation.xml").streaming_content)
    assert validate(org, today=timezone.localdate()) == []
